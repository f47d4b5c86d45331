import type { TextEdit } from '../types';

/**
 * Sorts edits, joins insertions at the same offset (deeper targets first, so a nested
 * block's new lines come before its parent's) and returns undefined when two edits
 * overlap: such a set has no single meaning.
 */
export function normalizeEdits(edits: ReadonlyArray<TextEdit & { depth?: number }>): TextEdit[] | undefined {
  const sorted = edits
    .map((e, i) => ({ ...e, i }))
    .filter((e) => e.start !== e.end || e.newText !== '')
    .sort((a, b) => a.start - b.start || a.end - a.start - (b.end - b.start) || (b.depth ?? 0) - (a.depth ?? 0) || a.i - b.i);
  const out: TextEdit[] = [];
  for (const e of sorted) {
    if (e.start > e.end) return undefined;
    const prev = out[out.length - 1];
    if (prev && prev.start === prev.end && e.start === e.end && prev.start === e.start) {
      prev.newText += e.newText;
      continue;
    }
    if (prev && e.start < prev.end) return undefined;
    out.push({ start: e.start, end: e.end, newText: e.newText });
  }
  return out;
}

/**
 * Applies edits given in offsets of the original `text`. Edits must not overlap;
 * insertions at the same offset are applied in array order. Throws on overlap or an
 * out-of-range edit: callers build edit sets, so that is a programming error.
 */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const sorted = edits.map((e, i) => ({ e, i })).sort((a, b) => a.e.start - b.e.start || a.e.end - b.e.end || a.i - b.i);
  let out = '';
  let pos = 0;
  for (const { e } of sorted) {
    if (e.start < pos || e.end < e.start || e.end > text.length) throw new RangeError(`overlapping or invalid edit at ${e.start}-${e.end}`);
    out += text.slice(pos, e.start) + e.newText;
    pos = e.end;
  }
  return out + text.slice(pos);
}
