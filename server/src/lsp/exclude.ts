import * as path from 'path';
import { compileGlobs } from '../core/config/globs';
import { excludedByGlobs } from '../core/config/exclude';
import { URI_FILE_PREFIX, uriToPath } from './uris';

/**
 * `kubeGuardrails.exclude`, with the config file's exclude rule (`core/config/exclude.ts`):
 * a glob excludes what it matches and everything below it (`vendor` = `vendor/**`). Globs are
 * matched against the path relative to the document's workspace folder (`deploy/generated`)
 * and against the absolute path (`/home/me/repo/vendor`, `**\/generated/**`), so both forms
 * work. Untitled documents have no path and are never excluded.
 */
export function isExcluded(uri: string, folderPath: string | undefined, globs: readonly string[]): boolean {
  if (globs.length === 0 || !uri.startsWith(URI_FILE_PREFIX)) return false;
  const file = uriToPath(uri);
  if (!file) return false;
  if (compileGlobs(globs, { orParent: true })(file.split(path.sep).join('/'))) return true;
  if (!folderPath) return false;
  const rel = path.relative(folderPath, file);
  return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel) && excludedByGlobs(rel, globs);
}
