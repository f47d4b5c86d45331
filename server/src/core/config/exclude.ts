import { compileGlobs, normaliseRelative } from './globs';
import type { ResolvedConfig } from './types';

/**
 * The one exclude rule, for the config file's `exclude` and the `kubeGuardrails.exclude`
 * setting alike: a glob excludes the paths it matches and everything below them, as in
 * `.gitignore`, so `vendor`, `vendor/` and `vendor/**` are equivalent. `relPath` is relative
 * to the pattern's base folder (the config file's folder, or the workspace folder for the
 * setting), with `/` or `\` separators; `*.yaml` matches top-level files only,
 * `**\/generated/**` a `generated` folder at any depth. Linear time (RE2), see globs.ts.
 */
export function excludedByGlobs(relPath: string, globs: readonly string[]): boolean {
  if (globs.length === 0) return false;
  const p = normaliseRelative(relPath);
  return p !== undefined && compileGlobs(globs, { orParent: true })(p);
}

/** The config file's `exclude` for a path relative to the config file's folder. */
export function isExcluded(relPath: string, config: ResolvedConfig): boolean {
  return excludedByGlobs(relPath, config.exclude);
}
