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
