import * as fs from 'fs';
import * as path from 'path';
import type { SourceFiles } from '../../core/sources/types';
import { unreadableReason } from '../../node/unreadableReason';

/**
 * The `SourceFiles` the editor's builds read through: an open document's text wins over the
 * disk (`readDisk`), and nothing outside the workspace folders is read or listed, by path or by
 * real path (a symbolic link must not lead a build outside the workspace). Listings give each
 * entry's kind (`listEntries`), as the CLI's `node/confinedFiles.ts` does, so loading a chart
 * checks no entry but the symbolic links (the Helm renderer's `.Files` and `charts/`).
 */
export function workspaceFiles(
  folders: readonly string[],
  openText: (file: string) => string | undefined,
  readDisk: (file: string) => string | undefined,
  maxFileSize: number,
): SourceFiles {
  const inFolder = (p: string) => folders.some((f) => p === f || p.startsWith(f + path.sep));
  const realFolders = folders.map(realPath).filter((f): f is string => f !== undefined);
  const insideOf = new Map<string, boolean>();
  const inside = (p: string) => {
    let yes = insideOf.get(p);
    if (yes === undefined) {
      const real = inFolder(p) ? realPath(p) : undefined;
      yes = real !== undefined && realFolders.some((f) => real === f || real.startsWith(f + path.sep));
      insideOf.set(p, yes);
    }
    return yes;
  };
  const isDirectory = (p: string): boolean => {
    try {
      return inside(p) && fs.statSync(p).isDirectory();
    } catch {
      return false;
    }
  };
  return {
    read: (file) => {
      if (!inFolder(file)) return undefined;
      const open = openText(file);
      if (open !== undefined) return open;
      return inside(file) ? readDisk(file) : undefined;
    },
    // Why `read` gave nothing for a chart's file (never a binary one, which is skipped): the render fails on it, as Helm's does.
    unreadable: (file, name) =>
      unreadableReason(file, name, (real) => realFolders.some((f) => real === f || real.startsWith(f + path.sep)), maxFileSize),
    list: (dir) => {
      if (!inside(dir)) return undefined;
      try {
        return fs.readdirSync(dir);
      } catch {
        return undefined;
      }
    },
    isDirectory,
    listEntries: (dir) => {
      if (!inside(dir)) return undefined;
      try {
        // An entry that is no symbolic link lies inside (its folder does) and is a directory
        // exactly when its dirent says so; a link is resolved and checked as any path is.
        return fs.readdirSync(dir, { withFileTypes: true }).map((e) => ({
          name: e.name,
          isDirectory: e.isSymbolicLink() ? isDirectory(path.join(dir, e.name)) : e.isDirectory(),
        }));
      } catch {
        return undefined;
      }
    },
  };
}

function realPath(p: string): string | undefined {
  try {
    return fs.realpathSync.native(p); // one system call, where the JS version lstats every component
  } catch {
    return undefined;
  }
}
