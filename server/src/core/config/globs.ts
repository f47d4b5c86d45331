import picomatch from 'picomatch';
import * as path from 'path';

/**
 * Glob matching for config patterns, with picomatch. Patterns are data from the workspace:
 * extglobs are off (they compile to backtracking-prone regexes) and a pattern picomatch
 * cannot compile matches nothing instead of throwing.
 */
const OPTIONS = { dot: true, noextglob: true } as const;

export type Matcher = (s: string) => boolean;

const cache = new Map<string, Matcher>();

function compile(pattern: string, nocase: boolean): Matcher {
  const key = `${nocase ? 'i' : 's'}:${pattern}`;
  let m = cache.get(key);
  if (!m) {
    try {
      const clean = pattern.replace(/^\.\//, '').replace(/\/+$/, '');
      m = picomatch(clean, { ...OPTIONS, nocase });
    } catch {
      m = () => false;
    }
    if (cache.size > 5000) cache.clear();
    cache.set(key, m);
  }
  return m;
}

export function matchesAny(value: string, patterns: readonly string[], nocase = false): boolean {
  return patterns.some((p) => compile(p, nocase)(value));
}

/**
 * A path relative to the config folder, with forward slashes and no leading `./`;
 * undefined when the file is outside that folder (config patterns cannot reach it).
 */
export function toConfigRelative(configDir: string, filePath: string): string | undefined {
  const rel = path.relative(path.resolve(configDir), path.resolve(filePath));
  if (rel === '' || rel.startsWith('..') || path.isAbsolute(rel)) return undefined;
  return rel.split(path.sep).join('/');
}

/** Normalises a caller-given relative path: forward slashes, no leading `./`. */
export function normaliseRelative(relPath: string): string | undefined {
  const p = relPath.replace(/\\/g, '/').replace(/^(\.\/)+/, '');
  if (p === '' || p.startsWith('../') || p === '..' || p.startsWith('/') || /^[A-Za-z]:\//.test(p)) return undefined;
  return p;
}
