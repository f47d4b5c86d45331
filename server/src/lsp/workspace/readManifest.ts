import * as fs from 'fs';
import { refusedOutside } from '../../core/config/insideRoots';
import { decodedText } from '../../core/engine/decode';

/**
 * The text of a regular file of at most `maxSize` bytes; undefined otherwise or when
 * unreadable, undecodable (invalid UTF-8, NUL bytes) or a link leading outside `folders`.
 * Synchronous on purpose: a manifest is small, and a synchronous read costs a fraction of a
 * promise-based one's four thread-pool round trips (open, stat, read, close), which
 * dominated indexing a 10,000-file workspace. Callers read in time slices.
 */
export function readManifest(file: string, maxSize: number, folders: readonly string[]): string | undefined {
  try {
    // A linked manifest is read only when it leads to a file inside a workspace folder.
    if (fs.lstatSync(file).isSymbolicLink() && refusedOutside(file, folders) !== undefined) return undefined;
    // stat first: opening a named pipe that happens to be called x.yaml would block.
    const st = fs.statSync(file);
    if (!st.isFile() || st.size > maxSize) return undefined;
    return decodedText(fs.readFileSync(file));
  } catch {
    return undefined;
  }
}
