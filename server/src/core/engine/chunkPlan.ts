import { documentStarts, hasDirective, splitDocuments, type Chunk } from '../yaml/chunks';
import type { CachedChunk, EditSpan, PreviousRun } from './documentCache';

/** A chunk of the new text and, when its text is unchanged, the previous chunk to reuse. */
export interface PlannedChunk extends Chunk {
  reuse?: CachedChunk;
  /**
   * The part of a chunk to analyse that the previous text did not have (the rest was
   * screened for binary content when first seen); empty when the chunk only moved text.
   */
  unseen?: Chunk;
}

/** `---` then a space, tab or line break: the widest a document marker's test looks. */
const MARKER_REACH = 4;

/**
 * Cuts `text` into chunks and pairs each with a previous chunk of the same text, if any.
 * Undefined when the text must be parsed whole (it has directives).
 *
 * With an edit span, the previous chunks that lie wholly before the edit (their closing
 * marker included) keep their offsets, and those wholly after it keep their text at a
 * shifted offset: only the span between is scanned for markers and compared. Without one,
 * the whole text is split and every chunk is compared. A previous chunk is reused at most
 * once, so two identical chunks never share (and shift) one parsed tree.
 */
export function planChunks(text: string, previous: PreviousRun | undefined, span: EditSpan | undefined): PlannedChunk[] | undefined {
  if (!previous || !span) {
    const chunks = splitDocuments(text);
    return chunks && matchByContent(text, chunks, previous?.text, previous?.chunks ?? []);
  }
  const old = previous.chunks;
  const oldLength = previous.text.length;
  const prefix = Math.min(span.prefix, oldLength, text.length);
  const suffix = Math.min(span.suffix, oldLength - prefix, text.length - prefix);
  if (prefix === oldLength && oldLength === text.length) return old.map((c) => ({ start: c.start, end: c.end, reuse: c }));
  const delta = text.length - oldLength;
  // Before the edit: chunks whose end (the next chunk's `---` line) is untouched.
  let head = 0;
  while (head + 1 < old.length && old[head + 1]!.start + MARKER_REACH <= prefix) head++;
  // After the edit: chunks whose marker and the line break before it are untouched.
  let tail = old.length;
  while (tail - 1 > head && old[tail - 1]!.start - 1 >= oldLength - suffix) tail--;
  const first = old[head];
  if (!first) return undefined;
  const middleFrom = first.start;
  const after = old[tail];
  const middleTo = after ? after.start + delta : text.length;
  // The previous text had no directive (it was split); a new one can only be in the edit.
  if (hasDirective(text, prefix, text.length - suffix + 1)) return undefined;
  const starts = [middleFrom, ...documentStarts(text, middleFrom, middleTo)];
  const editEnd = text.length - suffix;
  const middle = starts.map((start, i) => {
    const end = starts[i + 1] ?? middleTo;
    const unseenStart = Math.max(start, prefix);
    return { start, end, unseen: { start: unseenStart, end: Math.max(unseenStart, Math.min(end, editEnd)) } };
  });
  return [
    ...old.slice(0, head).map((c) => ({ start: c.start, end: c.end, reuse: c })),
    ...matchByContent(text, middle, previous.text, old.slice(head, tail)),
    ...old.slice(tail).map((c) => ({ start: c.start + delta, end: c.end + delta, reuse: c })),
  ];
}

/** Pairs chunks with previous chunks of identical text (same length first, then compared). */
function matchByContent(
  text: string,
  chunks: PlannedChunk[],
  oldText: string | undefined,
  candidates: readonly CachedChunk[],
): PlannedChunk[] {
  if (oldText === undefined || candidates.length === 0) return chunks;
  const byLength = new Map<number, CachedChunk[]>();
  for (const c of candidates) {
    const list = byLength.get(c.end - c.start);
    if (list) list.push(c);
    else byLength.set(c.end - c.start, [c]);
  }
  return chunks.map((chunk) => {
    const list = byLength.get(chunk.end - chunk.start);
    const i = list ? list.findIndex((c) => oldText.slice(c.start, c.end) === text.slice(chunk.start, chunk.end)) : -1;
    const reuse = i < 0 ? undefined : list?.splice(i, 1)[0];
    if (!reuse) return chunk;
    return { start: chunk.start, end: chunk.end, reuse };
  });
}
