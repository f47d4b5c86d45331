/**
 * Regular expressions in user-written custom rules run against manifest text in the
 * editor, so they must not be able to hang it. JavaScript's engine backtracks; we
 * accept only patterns whose worst case is polynomial and small:
 *  - no backreferences (`\1`, `\k<name>`);
 *  - star height 1: a repeated group (`(...)*`, `(...)+`, `(...){2,}`) may contain
 *    neither a quantifier nor an alternation;
 *  - at most two unbounded quantifiers, counting an unanchored start as one (after
 *    dropping a leading `.*`/`.+`… in an unanchored pattern and a trailing `.*` not
 *    followed by `$`, which change nothing for a test);
 * and match at most `MAX_SUBJECT` characters of each string (see `safeRegExpEngine`).
 * Go's `(?i)` prefix, common in Polaris checks, is translated to case-insensitive classes.
 */

export const MAX_PATTERN_LENGTH = 1000;
/** Strings longer than this are matched on their first MAX_SUBJECT characters. */
export const MAX_SUBJECT = 4096;

export type PatternResult = { ok: true; source: string } | { ok: false; reason: string };

/** Translates a leading Go/RE2 `(?i)` into explicit case classes; other inline flags are refused. */
export function translateInlineFlags(src: string): PatternResult {
  if (!src.startsWith('(?')) return { ok: true, source: src };
  if (!src.startsWith('(?i)')) {
    if (/^\(\?[a-zA-Z]+\)/.test(src)) return { ok: false, reason: 'inline flags other than a leading (?i) are not supported' };
    return { ok: true, source: src };
  }
  const body = src.slice(4);
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const ch = body[i];
    if (ch === '\\') {
      const next = body[i + 1] ?? '';
      // \p{...}, \P{...}, \u{...}: copy through the closing brace.
      if ((next === 'p' || next === 'P' || next === 'u') && body[i + 2] === '{') {
        const close = body.indexOf('}', i + 3);
        if (close < 0) return { ok: false, reason: 'unterminated \\' + next + '{' };
        out += body.slice(i, close + 1);
        i = close;
      } else {
        out += ch + next;
        i++;
      }
      continue;
    }
    if (ch === '[') {
      const close = findClassEnd(body, i);
      if (close < 0) return { ok: false, reason: 'unterminated character class' };
      const inner = body.slice(i + 1, close);
      if (inner.includes('\\')) return { ok: false, reason: '(?i) with an escape inside a character class is not supported; list both cases instead' };
      const negated = inner.startsWith('^');
      const items = negated ? inner.slice(1) : inner;
      const both = items + (items.toUpperCase() !== items ? items.toUpperCase() : '') + (items.toLowerCase() !== items ? items.toLowerCase() : '');
      out += '[' + (negated ? '^' : '') + both + ']';
      i = close;
      continue;
    }
    if (ch === '{') {
      // A quantifier `{n,m}` has no letters: copy it whole.
      const close = body.indexOf('}', i);
      if (close > i && /^\{\d+(,\d*)?\}$/.test(body.slice(i, close + 1))) {
        out += body.slice(i, close + 1);
        i = close;
        continue;
      }
    }
    const lower = ch.toLowerCase();
    const upper = ch.toUpperCase();
    out += lower !== upper ? `[${lower}${upper}]` : ch;
  }
  return { ok: true, source: out };
}

function findClassEnd(s: string, open: number): number {
  let i = open + 1;
  if (s[i] === '^') i++;
  if (s[i] === ']') i++;
  for (; i < s.length; i++) {
    if (s[i] === '\\') i++;
    else if (s[i] === ']') return i;
  }
  return -1;
}

/** Drops `.*` padding that cannot change the result of `test` (see the module comment). */
function dropPadding(src: string): string {
  let s = src;
  if (!s.startsWith('^')) {
    while (s.startsWith('.*')) s = s.slice(2);
  }
  if (!s.endsWith('$')) {
    while (s.endsWith('.*') && !s.endsWith('\\.*')) s = s.slice(0, -2);
  }
  return s;
}

interface Group {
  inner: boolean;
}

/** Checks a translated pattern; returns the (padding-free) source to compile, or why not. */
export function checkPattern(raw: string): PatternResult {
  if (raw.length > MAX_PATTERN_LENGTH) return { ok: false, reason: `the pattern is longer than ${MAX_PATTERN_LENGTH} characters` };
  const translated = translateInlineFlags(raw);
  if (!translated.ok) return translated;
  const src = dropPadding(translated.source);
  try {
    new RegExp(src, 'u');
  } catch (e) {
    return { ok: false, reason: `invalid regular expression: ${e instanceof Error ? e.message : String(e)}` };
  }
  const stack: Group[] = [{ inner: false }];
  let unbounded = src.startsWith('^') ? 0 : 1;
  let lastGroupInner: boolean | undefined;
  for (let i = 0; i < src.length; i++) {
    const ch = src[i];
    let closedGroupInner: boolean | undefined;
    if (ch === '\\') {
      const next = src[i + 1] ?? '';
      if (/[1-9]/.test(next) || next === 'k') return { ok: false, reason: 'backreferences are not allowed' };
      if ((next === 'p' || next === 'P' || next === 'u') && src[i + 2] === '{') i = Math.max(i + 1, src.indexOf('}', i + 3));
      else i++;
    } else if (ch === '[') {
      i = findClassEnd(src, i);
    } else if (ch === '(') {
      stack.push({ inner: false });
      if (src[i + 1] === '?') {
        // (?:, (?=, (?!, (?<=, (?<!, (?<name>
        const close = src[i + 2] === '<' && src[i + 3] !== '=' && src[i + 3] !== '!' ? src.indexOf('>', i) : i + (src[i + 2] === '<' ? 3 : 2);
        i = close;
      }
    } else if (ch === ')') {
      const g = stack.pop()!;
      closedGroupInner = g.inner;
      if (g.inner && stack.length) stack[stack.length - 1].inner = true;
    } else if (ch === '|') {
      stack[stack.length - 1].inner = true;
    } else if (ch === '*' || ch === '+' || ch === '{' || ch === '?') {
      let repeats = ch === '*' || ch === '+';
      let unboundedHere = repeats;
      if (ch === '{') {
        const close = src.indexOf('}', i);
        const m = /^\{(\d+)(,(\d*))?\}$/.exec(src.slice(i, close + 1));
        if (m) {
          const max = m[2] === undefined ? Number(m[1]) : m[3] === '' ? Infinity : Number(m[3]);
          repeats = max > 1;
          unboundedHere = max === Infinity;
          i = close;
        }
      }
      if (src[i + 1] === '?') i++; // lazy modifier
      if (repeats && lastGroupInner) return { ok: false, reason: 'a repeated group contains a quantifier or an alternation (nested quantifiers can take exponential time)' };
      stack[stack.length - 1].inner = true;
      if (unboundedHere) unbounded++;
    }
    lastGroupInner = closedGroupInner;
  }
  if (unbounded > 2) return { ok: false, reason: 'more than two unbounded quantifiers (counting an unanchored start) can take polynomial time on long values; anchor the pattern or simplify it' };
  return { ok: true, source: src };
}

/**
 * The RegExp engine handed to ajv: compiles with the `u` flag and matches at most
 * MAX_SUBJECT characters of a string. Patterns reach it only after `checkPattern`.
 */
export function safeRegExpEngine(pattern: string, flags: string): { test(s: string): boolean } {
  const re = new RegExp(pattern, flags);
  return { test: (s: string) => re.test(s.length > MAX_SUBJECT ? s.slice(0, MAX_SUBJECT) : s) };
}
safeRegExpEngine.code = 'safeRegExpEngine';
