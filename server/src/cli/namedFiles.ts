import * as fs from 'fs';
import type { SourceFiles } from '../core/sources/types';

/**
 * `files` that also reads the files the user named on the command line (`-f`/`--values`,
 * `--set-file`) where they are, inside the scanned or rendered folder or not: the user chose
 * them, as with `--config` and as helm reads them. Every other read stays confined to `files`.
 */
export function withNamedFiles(files: SourceFiles, named: readonly string[]): SourceFiles {
  if (named.length === 0) return files;
  return {
    ...files,
    read: (file) => {
      if (!named.includes(file)) return files.read(file);
      try {
        return fs.readFileSync(file, 'utf8');
      } catch {
        return undefined;
      }
    },
  };
}
