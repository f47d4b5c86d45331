import { RE2JS } from 're2js';
import * as path from 'path';

/**
 * Glob matching for user-supplied patterns (the config file's `exclude`, exemption selectors,
 * the `kubeGuardrails.exclude` setting). Patterns are data from the workspace, so each glob
 * is translated to an RE2 expression (`re2js`): matching time is linear in the input whatever
 * the pattern, so `*a*a*a*a*a*ab` against a long name cannot backtrack.
 *
 * Syntax (documented in docs/configuration.md, the subset of picomatch we used to promise):
 * `*` any run of characters except `/`; `**` as a whole path segment any number of segments
 * (`a/**` also matches `a`); `?` one character except `/`; `[abc]`, `[a-z]`, `[!a]`/`[^a]`
 * one character of (or not of) a set, never `/`; `{a,b}` alternatives (nestable); `\x` a
 * literal `x`. Dotfiles are matched like any other file. Everything else is literal: no
 * extglobs, no `!` negation, no `{1..3}` ranges. A pattern longer than MAX_GLOB_LENGTH
 * matches nothing (so it excludes and exempts nothing: the safe side).
 */
const MAX_GLOB_LENGTH = 1000;

export type Matcher = (s: string) => boolean;

const NEVER: Matcher = () => false;
const REGEX_SPECIAL = new Set(['\\', '^', '$', '.', '|', '?', '*', '+', '(', ')', '[', ']', '{', '}']);

function literal(ch: string): string {
  return REGEX_SPECIAL.has(ch) ? `\\${ch}` : ch;
}

/** Index of the `}` closing the `{` at `open`, when the braces hold a top-level comma. */
function braceEnd(p: string, open: number, end: number): number | undefined {
  let depth = 0;
  let comma = false;
  for (let i = open; i < end; i++) {
    const c = p[i];
    if (c === '\\') i++;
    else if (c === '{') depth++;
    else if (c === ',' && depth === 1) comma = true;
    else if (c === '}' && --depth === 0) return comma ? i : undefined;
  }
  return undefined;
}

/** RE2 accepts an escaped ASCII punctuation character, never an escaped letter or non-ASCII. */
function classChar(c: string): string {
  return /[!-/:-@[-`{-~]/.test(c) ? `\\${c}` : c;
}

/** `[...]` at `open` as an RE2 class that never matches `/`, and the index after it. */
function charClass(p: string, open: number, end: number): { re: string; next: number } | undefined {
  let i = open + 1;
  const negated = p[i] === '!' || p[i] === '^';
  if (negated) i++;
  let body = '';
  for (let first = true; i < end; i++, first = false) {
    const c = p.charAt(i);
    if (c === ']' && !first) return { re: negated ? `[^/${body}]` : `[${body}]`, next: i + 1 };
    if (c === '\\' && i + 1 < end) body += classChar(p.charAt(++i));
    else if (c === '-' && body !== '' && p[i + 1] !== ']') body += '-';
    else body += classChar(c);
  }
  return undefined;
}

/** Translates `p[start, end)` (alternatives of braces recursively) to RE2 syntax. */
function translate(p: string, start: number, end: number): string {
  let out = '';
  for (let i = start; i < end; i++) {
    const c = p.charAt(i);
    if (c === '*') {
      let j = i;
      while (j < end && p[j] === '*') j++;
      const segmentStart = i === 0 || p[i - 1] === '/';
      const segmentEnd = j === p.length || p[j] === '/';
      if (j - i >= 2 && segmentStart && segmentEnd) {
        // `**/` at the start or middle: zero or more whole segments; a final `/**`: the
        // folder itself or anything below it; a lone `**`: anything.
        if (j < p.length) {
          out += '(?:.*/)?';
          j++;
        } else if (out.endsWith('/')) {
          out = `${out.slice(0, -1)}(?:/.*)?`;
        } else {
          out += '.*';
        }
      } else {
        out += '[^/]*';
      }
      i = j - 1;
    } else if (c === '?') {
      out += '[^/]';
    } else if (c === '[') {
      const cls = charClass(p, i, end);
      if (cls) {
        out += cls.re;
        i = cls.next - 1;
      } else out += '\\[';
    } else if (c === '{') {
      const close = braceEnd(p, i, end);
      if (close === undefined) {
        out += '\\{';
        continue;
      }
      const alternatives: string[] = [];
      let from = i + 1;
      let depth = 0;
      for (let k = i + 1; k < close; k++) {
        if (p[k] === '\\') k++;
        else if (p[k] === '{') depth++;
        else if (p[k] === '}') depth--;
        else if (p[k] === ',' && depth === 0) {
          alternatives.push(translate(p, from, k));
          from = k + 1;
        }
      }
      alternatives.push(translate(p, from, close));
      out += `(?:${alternatives.join('|')})`;
      i = close;
    } else if (c === '\\' && i + 1 < end) {
      out += literal(p.charAt(++i));
    } else {
      out += literal(c);
    }
  }
  return out;
}

/** A glob as an RE2 expression (unanchored), after dropping a leading `./` and trailing `/`. */
function globToRegex(pattern: string): string {
  const clean = pattern.replace(/^(\.\/)+/, '').replace(/\/+$/, '');
  return translate(clean, 0, clean.length);
}

function compiles(re: string): boolean {
  try {
    RE2JS.compile(re);
    return true;
  } catch {
    return false;
  }
}

const cache = new Map<string, Matcher>();

/**
 * One RE2 matcher for a list of globs (compiled once per list, cached): true when the whole
 * value matches one of them; with `orParent`, also when the value is below a matching path
 * (`vendor` matches `vendor/a/b.yaml`), without trying each parent folder separately.
 */
export function compileGlobs(patterns: readonly string[], opts: { nocase?: boolean; orParent?: boolean } = {}): Matcher {
  const key = `${opts.nocase ? 'i' : 's'}${opts.orParent ? 'p' : 'w'}\0${patterns.join('\0')}`;
  let m = cache.get(key);
  if (!m) {
    // A pattern RE2 refuses (`[z-a]`) matches nothing instead of spoiling the others.
    const usable = patterns
      .filter((p) => p.length > 0 && p.length <= MAX_GLOB_LENGTH)
      .map(globToRegex)
      .filter(compiles);
    if (usable.length === 0) m = NEVER;
    else {
      const body = usable.join('|');
      try {
        const re = RE2JS.compile(
          `^(?:${body})${opts.orParent ? '(?:/.*)?' : ''}$`,
          RE2JS.DOTALL | (opts.nocase ? RE2JS.CASE_INSENSITIVE : 0),
        );
        m = (s: string) => re.matches(s);
      } catch {
        m = NEVER;
      }
    }
    if (cache.size > 500) cache.clear();
    cache.set(key, m);
  }
  return m;
}

export function matchesAny(value: string, patterns: readonly string[], nocase = false): boolean {
  return patterns.length > 0 && compileGlobs(patterns, { nocase })(value);
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
