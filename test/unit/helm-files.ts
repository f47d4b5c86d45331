/** Test helper: SourceFiles over a directory of the real file system (reads stay under root). */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { SourceFiles } from '../../server/src/core/sources/types';

export function dirFiles(root: string): SourceFiles {
  const abs = (p: string) => {
    const r = path.resolve(root, p);
    if (r !== path.resolve(root) && !r.startsWith(path.resolve(root) + path.sep)) throw new Error(`outside root: ${p}`);
    return r;
  };
  return {
    read: (p) => {
      try {
        return fs.readFileSync(abs(p), 'utf8');
      } catch {
        return undefined;
      }
    },
    readBytes: (p) => {
      try {
        return fs.readFileSync(abs(p));
      } catch {
        return undefined;
      }
    },
    list: (p) => {
      try {
        return fs.readdirSync(abs(p));
      } catch {
        return undefined;
      }
    },
    isDirectory: (p) => {
      try {
        return fs.statSync(abs(p)).isDirectory();
      } catch {
        return false;
      }
    },
  };
}

/** SourceFiles over an in-memory map of path -> text. */
export function memFiles(files: Record<string, string>): SourceFiles {
  const dirs = new Map<string, Set<string>>();
  for (const f of Object.keys(files)) {
    const parts = f.split('/');
    for (let i = 0; i < parts.length; i++) {
      const d = parts.slice(0, i).join('/') || '.';
      if (!dirs.has(d)) dirs.set(d, new Set());
      dirs.get(d)!.add(parts[i]!);
    }
  }
  const norm = (p: string) => (p === '' ? '.' : p.replace(/^\.\//, '').replace(/\/$/, ''));
  return {
    read: (p) => files[norm(p)],
    list: (p) => (dirs.has(norm(p)) ? [...dirs.get(norm(p))!] : undefined),
    isDirectory: (p) => dirs.has(norm(p)),
  };
}
