import { fileURLToPath, pathToFileURL } from 'url';

export const URI_FILE_PREFIX = 'file:';

/** File-system path of a `file:` URI; undefined for other schemes or malformed URIs. */
export function uriToPath(uri: string): string | undefined {
  if (!uri.startsWith(URI_FILE_PREFIX)) return undefined;
  try {
    return fileURLToPath(uri);
  } catch {
    return undefined;
  }
}

export function pathToUri(p: string): string {
  return pathToFileURL(p).toString();
}

/**
 * Clients differ in how they spell the same file URI (`file:///c%3A/x` vs `file:///C:/x`);
 * comparing through the path makes lookups agree.
 */
export function sameFile(a: string, b: string): boolean {
  if (a === b) return true;
  const pa = uriToPath(a);
  const pb = uriToPath(b);
  return pa !== undefined && pa === pb;
}
