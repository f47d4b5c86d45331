import * as fs from 'node:fs';
import * as path from 'node:path';
import type { SourceFiles } from '../core/sources/types';
import { unreadableReason } from './unreadableReason';

/**
 * Node file-system access shared by the adapters (the CLI and, later, the language server):
 * the core never imports `fs` (a lint rule), it reads through the `SourceFiles` given here.
 *
 * `SourceFiles` over a directory of the real file system, confined to it: a path is read only
 * if its real path (symlinks resolved) is inside the root's real path. Names are the paths as
 * given (absolute or relative to the process), for the CLI and tests.
 */
export function confinedFiles(root: string, maxBytes = 8 * 1024 * 1024): SourceFiles {
  // The native realpath (one system call): the JS one lstat's every component of every path,
  // which was a large part of loading a chart of a few hundred files.
  const realRoot = fs.realpathSync.native(root);
  const inside = (p: string): string | undefined => {
    try {
      const real = fs.realpathSync.native(p);
      return real === realRoot || real.startsWith(realRoot + path.sep) ? real : undefined;
    } catch {
      return undefined;
    }
  };
  /** The real path of `file` when it is a file inside the root, at most `maxBytes` long. */
  const readable = (file: string): string | undefined => {
    const real = inside(file);
    if (!real) return undefined;
    try {
      const st = fs.statSync(real);
      return st.isFile() && st.size <= maxBytes ? real : undefined;
    } catch {
      return undefined;
    }
  };
  const readBytes = (file: string): Buffer | undefined => {
    const real = readable(file);
    try {
      return real === undefined ? undefined : fs.readFileSync(real);
    } catch {
      return undefined;
    }
  };
  const isDirectory = (p: string): boolean => {
    const real = inside(p);
    try {
      return real !== undefined && fs.statSync(real).isDirectory();
    } catch {
      return false;
    }
  };
  return {
    // Text is decoded as it is read, with no Buffer in between: loading a chart reads megabytes.
    read(file) {
      const real = readable(file);
      try {
        return real === undefined ? undefined : fs.readFileSync(real, 'utf8');
      } catch {
        return undefined;
      }
    },
    readBytes,
    // Readable too, not only a file: a chart's `.Files` are read when a template asks, and one
    // that could not be read then would be taken as empty where Helm fails to load the chart.
    isFile: (file) => {
      const real = readable(file);
      try {
        return real !== undefined && (fs.accessSync(real, fs.constants.R_OK), true);
      } catch {
        return false;
      }
    },
    unreadable: (file, name) => unreadableReason(file, name, (real) => real === realRoot || real.startsWith(realRoot + path.sep), maxBytes),
    list(dir) {
      const real = inside(dir);
      if (!real) return undefined;
      try {
        return fs.readdirSync(real);
      } catch {
        return undefined;
      }
    },
    isDirectory,
    listEntries(dir) {
      const real = inside(dir);
      if (!real) return undefined;
      try {
        // An entry that is no symbolic link lies inside (its folder does) and is a directory
        // exactly when its dirent says so; a link is resolved and checked as any path is.
        return fs.readdirSync(real, { withFileTypes: true }).map((e) => ({
          name: e.name,
          isDirectory: e.isSymbolicLink() ? isDirectory(path.join(dir, e.name)) : e.isDirectory(),
        }));
      } catch {
        return undefined;
      }
    },
  };
}
