/**
 * Regular expressions of the Helm renderer go through RE2 (the `re2js` port, already the
 * project's engine for workspace patterns): matching time is linear whatever the pattern, so
 * neither a chart's `regexMatch` nor our own number/version syntaxes can hang the editor, and
 * RE2 is the syntax Go's regexp (hence Sprig) accepts.
 */
import { RE2JS } from 're2js';

export type Re2 = RE2JS;

export function re2(pattern: string): Re2 {
  return RE2JS.compile(pattern);
}

/**
 * A fixed pattern compiled on first use. The renderer's own syntaxes (numbers, versions,
 * timestamps) were compiled when their modules loaded, which every CLI start and language
 * server start paid whether or not a chart was ever rendered.
 */
export class LazyRe2 {
  private compiled: Re2 | undefined;
  constructor(private readonly pattern: string) {}
  get(): Re2 {
    return (this.compiled ??= RE2JS.compile(this.pattern));
  }
}

const compiled = (re: Re2 | LazyRe2): Re2 => (re instanceof LazyRe2 ? re.get() : re);

/** The groups of a match at the start of `input` (group 0 is the whole match), or null. */
export function matchStart(re: Re2 | LazyRe2, input: string): (string | undefined)[] | null {
  const m = compiled(re).matcher(input);
  if (!m.lookingAt()) return null;
  const groups: (string | undefined)[] = [];
  for (let i = 0; i <= m.groupCount(); i++) groups.push(m.group(i) ?? undefined);
  return groups;
}

/** Like matchStart, but the whole input must match. */
export function matchAll(re: Re2 | LazyRe2, input: string): (string | undefined)[] | null {
  const m = compiled(re).matcher(input);
  if (!m.matches()) return null;
  const groups: (string | undefined)[] = [];
  for (let i = 0; i <= m.groupCount(); i++) groups.push(m.group(i) ?? undefined);
  return groups;
}

/** Every non-overlapping match as [start, end, groups], Go's FindAll order (at most n when n >= 0). */
export function findAll(re: Re2, input: string, n = -1): { start: number; end: number; groups: (string | undefined)[] }[] {
  const out: { start: number; end: number; groups: (string | undefined)[] }[] = [];
  const m = re.matcher(input);
  let from = 0;
  let prevEnd = -1;
  while ((n < 0 || out.length < n) && from <= input.length && m.find(from)) {
    const start = m.start();
    const end = m.end();
    // Go skips an empty match right after the previous match.
    if (!(start === end && start === prevEnd)) {
      const groups: (string | undefined)[] = [];
      for (let i = 0; i <= m.groupCount(); i++) groups.push(m.group(i) ?? undefined);
      out.push({ start, end, groups });
    }
    prevEnd = end;
    from = end > start ? end : end + 1;
  }
  return out;
}
