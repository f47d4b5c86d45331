import * as fs from 'node:fs';
import * as path from 'node:path';
import type { SourceFiles } from '../core/sources/types';
import { unreadableReason } from './unreadableReason';

/**
 * Node file-system access shared by the adapters (the CLI, and the language server's builds in
 * lsp/workspace/workspaceFiles.ts): the core never imports `fs` (a lint rule), it reads through
 * the `SourceFiles` given here.
 *
 * `SourceFiles` over a directory of the real file system, confined to it: a path is read only
 * if its real path (symlinks resolved) is inside the root's real path. Names are the paths as
 * given (absolute or relative to the process), for the CLI and tests.
 */
export function confinedFiles(root: string, maxBytes = 8 * 1024 * 1024): SourceFiles {
  fs.realpathSync.native(root); // a root that cannot be resolved throws: the caller says why
  return confinedToFolders([root], { maxBytes });
}

export interface Confinement {
  /** Files longer than this are neither read nor files (`isFile`): a chart's `.Files`, a packaged subchart. */
  maxBytes: number;
  /**
   * The path as given must lie in a folder too, not only its real path (the editor's
   * workspace folders: absolute paths, where a path outside every folder is never asked for).
   */
  byPath?: boolean | undefined;
}

/**
 * `SourceFiles` confined to several folders (the editor's workspace folders): a path is read,
 * listed or checked only if its real path lies inside one of the folders' real paths. A path's
 * real path is looked up once per `SourceFiles` (make a new one when the disk may have changed).
 */
export function confinedToFolders(
  folders: readonly string[],
  { maxBytes, byPath = false }: Confinement,
): SourceFiles & { contains(p: string): boolean } {
  // The native realpath (one system call): the JS one lstat's every component of every path,
  // which was a large part of loading a chart of a few hundred files.
  const realFolders = folders.map(realPath).filter((f): f is string => f !== undefined);
  const inFolder = (p: string) => !byPath || folders.some((f) => p === f || p.startsWith(f + path.sep));
  const realOf = new Map<string, string | undefined>();
  /** The real path of `p` when it lies inside a folder. */
  const inside = (p: string): string | undefined => {
    if (realOf.has(p)) return realOf.get(p);
    const real = inFolder(p) ? realPath(p) : undefined;
    const yes = real !== undefined && realFolders.some((f) => real === f || real.startsWith(f + path.sep)) ? real : undefined;
    realOf.set(p, yes);
    return yes;
  };
  /** The real path of `file` when it is a file inside a folder, at most `maxBytes` long. */
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
    /** Whether `p` (a file or a folder) lies inside a folder, by its real path. */
    contains: (p) => inside(p) !== undefined,
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
    unreadable: (file, name) =>
      unreadableReason(file, name, (real) => realFolders.some((f) => real === f || real.startsWith(f + path.sep)), maxBytes),
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

function realPath(p: string): string | undefined {
  try {
    return fs.realpathSync.native(p); // one system call, where the JS version lstat's every component
  } catch {
    return undefined;
  }
}
