import { matchesAny, normaliseRelative } from './globs';
import type { ResolvedConfig } from './types';

/**
 * True when `exclude` matches the file (a path relative to the config file's folder) or any
 * folder above it, so `vendor` and `vendor/**` both exclude everything under `vendor/`.
 * Patterns are plain globs relative to the config folder: `*.yaml` matches top-level files
 * only, `**\/generated/**` matches at any depth.
 */
export function isExcluded(relPath: string, config: ResolvedConfig): boolean {
  if (config.exclude.length === 0) return false;
  const p = normaliseRelative(relPath);
  if (p === undefined) return false;
  const parts = p.split('/');
  for (let n = parts.length; n > 0; n--) {
    if (matchesAny(parts.slice(0, n).join('/'), config.exclude)) return true;
  }
  return false;
}
