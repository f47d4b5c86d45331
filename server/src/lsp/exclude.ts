import * as path from 'path';
import picomatch from 'picomatch';
import { URI_FILE_PREFIX, uriToPath } from './uris';

/** Compiled matchers by pattern list: settings rarely change, documents are checked often. */
const matchers = new Map<string, (s: string) => boolean>();

function matcher(globs: readonly string[]): (s: string) => boolean {
  const key = JSON.stringify(globs);
  let m = matchers.get(key);
  if (!m) {
    try {
      // Extglobs off: patterns come from settings and compile to regexes.
      m = picomatch(globs as string[], { dot: true, noextglob: true });
    } catch {
      m = () => false;
    }
    if (matchers.size > 50) matchers.clear();
    matchers.set(key, m);
  }
  return m;
}

/**
 * `kubeGuardrails.exclude`: globs matched against the path relative to the document's
 * workspace folder (`deploy/generated/**`) and against the absolute path, so both forms work.
 * Untitled documents have no path and are never excluded.
 */
export function isExcluded(uri: string, folderPath: string | undefined, globs: readonly string[]): boolean {
  if (globs.length === 0 || !uri.startsWith(URI_FILE_PREFIX)) return false;
  const file = uriToPath(uri);
  if (!file) return false;
  const candidates = [file.split(path.sep).join('/')];
  if (folderPath) {
    const rel = path.relative(folderPath, file);
    if (rel && !rel.startsWith('..') && !path.isAbsolute(rel)) candidates.push(rel.split(path.sep).join('/'));
  }
  const match = matcher(globs);
  return candidates.some((c) => match(c));
}
