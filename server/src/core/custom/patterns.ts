import { RE2JS } from 're2js';

/**
 * Patterns in custom rules (`pattern`, `patternProperties`) come from the workspace and
 * run against manifest text in the editor, so they must not be able to hang it. They
 * are compiled with RE2 (the `re2js` port), whose matching time is linear in the input
 * whatever the pattern: no backtracking, hence no ReDoS. RE2 is also the syntax of Go's
 * regexp package, so Polaris-style checks (`(?i)^AZURE_.+KEY$`) work unchanged.
 * RE2 refuses backreferences and lookarounds; such patterns are reported as problems.
 */

export const MAX_PATTERN_LENGTH = 1000;

export type PatternResult = { ok: true; source: string } | { ok: false; reason: string };

/** Whether RE2 accepts the pattern (and it is of reasonable size). */
export function checkPattern(source: string): PatternResult {
  if (source.length > MAX_PATTERN_LENGTH) return { ok: false, reason: `the pattern is longer than ${MAX_PATTERN_LENGTH} characters` };
  try {
    RE2JS.compile(source);
    return { ok: true, source };
  } catch (e) {
    return { ok: false, reason: `${e instanceof Error ? e.message : String(e)} (patterns use RE2/Go syntax: no backreferences or lookarounds)` };
  }
}

/**
 * The RegExp engine handed to ajv (`code.regExp`): RE2 with unanchored search, as JSON
 * Schema's `pattern` requires. Only patterns that passed `checkPattern` reach it.
 */
export function re2RegExpEngine(pattern: string): { test(s: string): boolean } {
  const re = RE2JS.compile(pattern);
  return { test: (s: string) => re.matcher(s).find() };
}
re2RegExpEngine.code = 're2RegExpEngine';
