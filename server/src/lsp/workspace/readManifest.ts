import * as fs from 'fs';

/**
 * The text of a regular file of at most `maxSize` bytes; undefined otherwise or when
 * unreadable. Synchronous on purpose: a manifest is small, and a synchronous read costs a
 * fraction of a promise-based one's four thread-pool round trips (open, stat, read, close),
 * which dominated indexing a 10,000-file workspace. Callers read in time slices.
 */
export function readManifest(file: string, maxSize: number): string | undefined {
  try {
    // stat first: opening a named pipe that happens to be called x.yaml would block.
    const st = fs.statSync(file);
    if (!st.isFile() || st.size > maxSize) return undefined;
    return fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}
