import { pushAll } from '../core/arrays';
import { applyEdits } from '../core/fix/edits';
import type { TextEdit } from '../core/types';

/** Lines of context around each change, as `git diff` and `diff -u` print by default. */
const CONTEXT = 3;

/** One run of changed lines: old lines [oldStart, oldStart + removed.length) become `added`. */
interface Change {
  oldStart: number;
  removed: string[];
  added: string[];
}

/**
 * A unified diff of one file, `git diff` style (`--- a/<name>`, `+++ b/<name>`, hunks with
 * three lines of context, `\ No newline at end of file` where a last line has no line
 * break), made from the edits themselves rather than by searching for the difference: the
 * fix engine's edits are already minimal, and a 10,000-line file with one fix costs one pass.
 * Lines keep their own endings (a CRLF file's lines end in `\r`, as git prints them).
 * Empty when the edits change nothing.
 */
export function unifiedDiff(name: string, text: string, edits: readonly TextEdit[]): string {
  const old = splitLines(text);
  const changes = changesOf(text, old, edits);
  if (changes.length === 0) return '';
  const out = [`--- a/${name}\n`, `+++ b/${name}\n`];
  let delta = 0; // new line number minus old line number before the current hunk
  for (let i = 0; i < changes.length;) {
    // A hunk: changes whose contexts touch (at most 2 × CONTEXT unchanged lines apart).
    let j = i + 1;
    while (j < changes.length && changes[j]!.oldStart - end(changes[j - 1]!) <= 2 * CONTEXT) j++;
    const group = changes.slice(i, j);
    const from = Math.max(0, group[0]!.oldStart - CONTEXT);
    const to = Math.min(old.lines.length, end(group[group.length - 1]!) + CONTEXT);
    const body: string[] = [];
    let oldCount = 0;
    let newCount = 0;
    let at = from;
    const context = (upTo: number) => {
      for (; at < upTo; at++, oldCount++, newCount++) body.push(line(' ', old.lines[at]!));
    };
    let hunkDelta = delta;
    for (const c of group) {
      context(c.oldStart);
      for (const l of c.removed) body.push(line('-', l));
      for (const l of c.added) body.push(line('+', l));
      oldCount += c.removed.length;
      newCount += c.added.length;
      hunkDelta += c.added.length - c.removed.length;
      at = end(c);
    }
    context(to);
    const newFrom = from + delta;
    out.push(`@@ -${range(from, oldCount)} +${range(newFrom, newCount)} @@\n`);
    pushAll(out, body);
    delta = hunkDelta;
    i = j;
  }
  return out.join('');
}

function end(c: Change): number {
  return c.oldStart + c.removed.length;
}

/** `start,count` (1-based), as git writes it: no `,1`; an empty side names the line before it. */
function range(start0: number, count: number): string {
  if (count === 0) return `${start0},0`;
  return count === 1 ? `${start0 + 1}` : `${start0 + 1},${count}`;
}

/** Only a text's last line can lack a line break: git marks it so a patch restores it exactly. */
function line(prefix: string, l: string): string {
  return l.endsWith('\n') ? `${prefix}${l}` : `${prefix}${l}\n\\ No newline at end of file\n`;
}

interface Lines {
  lines: string[];
  /** Offset of each line's first character. */
  starts: number[];
  length: number;
  endsWithBreak: boolean;
}

/** Lines with their `\n` kept (a `\r` before it is content); no empty line after a final break. */
function splitLines(text: string): Lines {
  const lines: string[] = [];
  const starts: number[] = [];
  let from = 0;
  while (from < text.length) {
    const nl = text.indexOf('\n', from);
    const to = nl < 0 ? text.length : nl + 1;
    starts.push(from);
    lines.push(text.slice(from, to));
    from = to;
  }
  return { lines, starts, length: text.length, endsWithBreak: text.length === 0 || text.endsWith('\n') };
}

/** The line holding `offset` (the line count for the end of a text ending in a break). */
function lineAt(old: Lines, offset: number): number {
  if (offset >= old.length) return old.endsWithBreak ? old.lines.length : old.lines.length - 1;
  let lo = 0;
  let hi = old.starts.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (old.starts[mid]! <= offset) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1;
}

/**
 * Each edit widened to whole lines (an edit that leaves a line unfinished takes the rest of
 * the line after it), edits whose lines meet merged into one change, and lines both sides
 * share at a change's ends given back to the context.
 */
function changesOf(text: string, old: Lines, edits: readonly TextEdit[]): Change[] {
  const sorted = [...edits].filter((e) => e.start !== e.end || e.newText !== '').sort((a, b) => a.start - b.start || a.end - b.end);
  const regions: Array<{ first: number; last: number; edits: TextEdit[] }> = [];
  for (const e of sorted) {
    const first = lineAt(old, e.start);
    const lead = text.slice(old.starts[first] ?? text.length, e.start) + e.newText;
    // [first, last): the old lines the edit touches, the line holding `end` included unless the
    // edit ends at a line start with its own new text ending a line (or nothing at all).
    const clean = (e.end === 0 || text[e.end - 1] === '\n') && (lead === '' || lead.endsWith('\n'));
    const last = Math.min(old.lines.length, clean ? lineAt(old, e.end) : lineAt(old, e.end) + 1);
    const prev = regions[regions.length - 1];
    if (prev && first <= prev.last) {
      prev.last = Math.max(prev.last, last);
      prev.edits.push(e);
    } else regions.push({ first, last: Math.max(last, first), edits: [e] });
  }
  const out: Change[] = [];
  for (const r of regions) {
    const from = old.starts[r.first] ?? text.length;
    const to = r.last >= old.lines.length ? text.length : old.starts[r.last]!;
    const local = r.edits.map((e) => ({ start: e.start - from, end: e.end - from, newText: e.newText }));
    const oldLines = old.lines.slice(r.first, r.last);
    const newLines = splitLines(applyEdits(text.slice(from, to), local)).lines;
    // Lines both sides share at either end are context, not change (indexes: a long change stays linear).
    let head = 0;
    while (head < oldLines.length && head < newLines.length && oldLines[head] === newLines[head]) head++;
    let tail = 0;
    while (
      tail < oldLines.length - head &&
      tail < newLines.length - head &&
      oldLines[oldLines.length - 1 - tail] === newLines[newLines.length - 1 - tail]
    ) {
      tail++;
    }
    const removed = oldLines.slice(head, oldLines.length - tail);
    const added = newLines.slice(head, newLines.length - tail);
    const oldStart = r.first + head;
    if (removed.length || added.length) out.push({ oldStart, removed, added });
  }
  return out;
}
