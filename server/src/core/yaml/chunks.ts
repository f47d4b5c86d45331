/**
 * Splits a multi-document YAML text into one chunk per document without parsing it.
 *
 * A line that starts with `---` followed by white space or the end of the line always
 * starts a new document: YAML forbids that sequence at the start of a line inside any
 * scalar (the spec's `c-forbidden`), so splitting there is exact. Directives (`%YAML`,
 * `%TAG`) belong to the document after them and would land in the wrong chunk, so a text
 * with a directive line is not split (the caller parses it whole).
 */

export interface Chunk {
  /** Offsets of the chunk in the whole text. */
  start: number;
  end: number;
}

/** Chunks covering the whole text, or undefined when the text must be parsed whole. */
export function splitDocuments(text: string): Chunk[] | undefined {
  if (hasDirective(text, 0, text.length)) return undefined;
  const starts = [0, ...documentStarts(text, 0, text.length)];
  return starts.map((start, i) => ({ start, end: starts[i + 1] ?? text.length }));
}

/** Whether a directive line (`%...`) starts within [from, to) of the text. */
export function hasDirective(text: string, from: number, to: number): boolean {
  if (from === 0 && text.startsWith('%')) return true;
  // indexOf scans natively; a multiline regex over megabytes per keystroke costs far more.
  // Searching a slice bounds the scan to the region (a slice is a view, not a copy).
  const region = from === 0 && to === text.length ? text : text.slice(Math.max(0, from - 1), to);
  return region.indexOf('\n%') >= 0 || region.indexOf('\r%') >= 0;
}

/** Offsets in (from, to) where a `---` line starts a new document. */
export function documentStarts(text: string, from: number, to: number): number[] {
  const starts: number[] = [];
  const region = to >= text.length ? text : text.slice(0, to + 2); // a marker starting before `to`, no further
  for (let i = region.indexOf('---', from + 1); i >= 0; i = region.indexOf('---', i + 3)) {
    if (!isLineBreak(text.charCodeAt(i - 1))) continue;
    const after = text.charCodeAt(i + 3);
    if (i + 3 < text.length && after !== 32 && after !== 9 && !isLineBreak(after)) continue;
    starts.push(i);
  }
  return starts;
}

function isLineBreak(c: number): boolean {
  return c === 10 || c === 13;
}

export interface SniffedKind {
  apiVersion: string;
  kind: string;
}

// Matched only where a line starts with the key (found by indexOf): a multiline `^` regex
// scanned every position of an 800 KB CRD on each keystroke inside it.
const KIND_LINE = /kind:[ \t]*(["']?)([A-Za-z][A-Za-z0-9]*)\1[ \t]*(?:#[^\r\n]*)?\r?$/my;
const API_VERSION_LINE = /apiVersion:[ \t]*(["']?)([A-Za-z0-9.\-/]+)\1[ \t]*(?:#[^\r\n]*)?\r?$/my;

/** The value of the one column-0 line `key: value` that `line` accepts; undefined if none or several. */
function single(key: string, line: RegExp, text: string): string | undefined {
  const needle = `${key}:`;
  let found: string | undefined;
  for (let i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + needle.length)) {
    if (i > 0 && !isLineTerminator(text.charCodeAt(i - 1))) continue;
    line.lastIndex = i;
    const m = line.exec(text);
    if (!m) continue;
    // A second top-level match means something unusual (a duplicate key is a YAML error):
    // let the real parser decide.
    if (found !== undefined) return undefined;
    found = m[2];
  }
  return found;
}

/** Where a multiline regex's `^` may match: after LF, CR, LS or PS. */
function isLineTerminator(c: number): boolean {
  return c === 10 || c === 13 || c === 0x2028 || c === 0x2029;
}

/**
 * Reads `apiVersion` and `kind` of a block-style document from its column-0 lines. Returns
 * undefined whenever it is not certain (flow style, quoted oddities, duplicates): the
 * caller then parses the document, so sniffing can only save work, never change a result.
 */
export function sniffKind(chunkText: string): SniffedKind | undefined {
  const kind = single('kind', KIND_LINE, chunkText);
  if (!kind) return undefined;
  const apiVersion = single('apiVersion', API_VERSION_LINE, chunkText);
  if (!apiVersion) return undefined;
  return { apiVersion, kind };
}
