import { RE2JS } from 're2js';

/**
 * Patterns in custom rules (`pattern`, `patternProperties`) come from the workspace and
 * run against manifest text in the editor, so they must not be able to hang it. They
 * are compiled with RE2 (the `re2js` port), whose matching time is linear in the input
 * whatever the pattern: no backtracking, hence no ReDoS. RE2 is also the syntax of Go's
 * regexp package, so Polaris-style checks (`(?i)^AZURE_.+KEY$`) work unchanged.
 * RE2 refuses backreferences and lookarounds; such patterns are reported as problems.
 *
 * Compiling is the costly part: re2js takes about 9 ms per 1,000 pattern characters and
 * expands counted repetitions (`.{1000}` is a thousand instructions), and each pattern used
 * to be compiled twice, so 120 long patterns took 26 s to load. Each pattern is now compiled
 * once (the compiled form is kept for ajv), and per config load (a PatternBudget) the number
 * of patterns, their total length and their size with repetitions expanded are bounded, so
 * loading stays under about a second: over a bound, the pattern is refused with a problem at its key.
 */

const MAX_PATTERN_LENGTH = 1000;
/** Upper bound of a pattern's size with counted repetitions expanded (about RE2's instructions). */
const MAX_PATTERN_SIZE = 10_000;
/** The same bound summed over every pattern of one config file. */
const MAX_TOTAL_PATTERN_SIZE = 200_000;
/** Characters of all patterns of one config file together. */
const MAX_TOTAL_PATTERN_CHARS = 60_000;
/** Patterns (`pattern` values and `patternProperties` keys) in one config file. */
export const MAX_PATTERNS = 500;

/** `limit`: refused for its size or number, not its syntax. */
export type PatternResult = { ok: true; source: string } | { ok: false; reason: string; limit?: true };

/** What the patterns of one config load have used so far. */
export interface PatternBudget {
  count: number;
  chars: number;
  size: number;
}

export function newPatternBudget(): PatternBudget {
  return { count: 0, chars: 0, size: 0 };
}

const LIMIT = Number.MAX_SAFE_INTEGER;

/** `{n}`, `{n,}` or `{n,m}` at `open`: its largest count (at least 1) and the index of its `}`. */
function repetition(src: string, open: number): { count: number; end: number } | undefined {
  let count = 0;
  let current = 0;
  let digits = 0;
  for (let i = open + 1; i < src.length && i < open + 17; i++) {
    const c = src.charAt(i);
    if (c >= '0' && c <= '9') {
      current = current * 10 + Number(c);
      digits++;
    } else if (c === ',' && digits > 0 && count === 0) {
      count = Math.max(current, 1);
      current = 0;
      digits = 0;
    } else if (c === '}' && (digits > 0 || count > 0)) {
      return { count: Math.max(count, current, 1), end: i };
    } else {
      return undefined;
    }
  }
  return undefined;
}

/**
 * An upper bound of the pattern's size with `{n,m}` repetitions expanded: each atom (a
 * character, a class, an escape, a group) counts its own size, and a repetition multiplies
 * the atom it follows by its largest count. Linear in the pattern; alternatives are summed.
 */
function expandedSize(src: string): number {
  const stack: Array<{ total: number; last: number }> = [{ total: 0, last: 0 }];
  const atom = (size: number) => {
    const top = stack[stack.length - 1]!;
    top.total = Math.min(LIMIT, top.total + size);
    top.last = size;
  };
  for (let i = 0; i < src.length; i++) {
    const c = src[i];
    if (c === '\\') {
      i++;
      // `\pL` or `\p{Greek}`: one class.
      if ((src[i] === 'p' || src[i] === 'P') && src[i + 1] === '{') {
        const close = src.indexOf('}', i);
        if (close > 0) i = close;
      }
      atom(1);
    } else if (c === '[') {
      let j = i + 1;
      if (src[j] === '^') j++;
      if (src[j] === ']') j++;
      while (j < src.length && src[j] !== ']') j += src[j] === '\\' ? 2 : 1;
      i = j;
      atom(1);
    } else if (c === '(') {
      stack.push({ total: 0, last: 0 });
    } else if (c === ')' && stack.length > 1) {
      const group = stack.pop()!;
      atom(group.total + 1);
    } else if (c === '{') {
      const rep = repetition(src, i);
      if (!rep) {
        atom(1);
        continue;
      }
      const top = stack[stack.length - 1]!;
      top.total = Math.min(LIMIT, top.total + top.last * (rep.count - 1));
      top.last = Math.min(LIMIT, top.last * rep.count);
      i = rep.end;
    } else if (c === '*' || c === '+' || c === '?' || c === '|') {
      atom(1);
    } else {
      atom(1);
    }
  }
  let total = 0;
  for (const level of stack) total = Math.min(LIMIT, total + level.total);
  return total;
}

/** Compiled patterns, shared with ajv's `re2RegExpEngine`: each compiled once. */
const compiled = new Map<string, RE2JS>();

function compile(source: string): RE2JS {
  let re = compiled.get(source);
  if (!re) {
    re = RE2JS.compile(source);
    if (compiled.size >= 2 * MAX_PATTERNS) compiled.clear();
    compiled.set(source, re);
  }
  return re;
}

/** Whether RE2 accepts the pattern and it fits the bounds (counted against `budget`). */
export function checkPattern(source: string, budget: PatternBudget = newPatternBudget()): PatternResult {
  if (source.length > MAX_PATTERN_LENGTH)
    return { ok: false, reason: `the pattern is longer than ${MAX_PATTERN_LENGTH} characters`, limit: true };
  if (++budget.count > MAX_PATTERNS) return { ok: false, reason: `the configuration has more than ${MAX_PATTERNS} patterns`, limit: true };
  const size = expandedSize(source);
  if (size > MAX_PATTERN_SIZE)
    return {
      ok: false,
      reason: `the pattern expands to more than ${MAX_PATTERN_SIZE} steps (large {n,m} counts); use smaller counts`,
      limit: true,
    };
  if (budget.size + size > MAX_TOTAL_PATTERN_SIZE)
    return { ok: false, reason: `the configuration's patterns together expand to more than ${MAX_TOTAL_PATTERN_SIZE} steps`, limit: true };
  if (budget.chars + source.length > MAX_TOTAL_PATTERN_CHARS)
    return {
      ok: false,
      reason: `the configuration's patterns are longer than ${MAX_TOTAL_PATTERN_CHARS} characters together`,
      limit: true,
    };
  budget.size += size;
  budget.chars += source.length;
  try {
    compile(source);
    return { ok: true, source };
  } catch (e) {
    return {
      ok: false,
      reason: `${e instanceof Error ? e.message : String(e)} (patterns use RE2/Go syntax: no backreferences or lookarounds)`,
    };
  }
}

/**
 * The RegExp engine handed to ajv (`code.regExp`): RE2 with unanchored search, as JSON
 * Schema's `pattern` requires. Only patterns that passed `checkPattern` reach it, already compiled.
 */
export function re2RegExpEngine(pattern: string): { test(s: string): boolean } {
  const re = compile(pattern);
  return { test: (s: string) => re.matcher(s).find() };
}
re2RegExpEngine.code = 're2RegExpEngine';
