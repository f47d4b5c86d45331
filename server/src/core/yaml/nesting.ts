/**
 * A cheap linear pre-scan for nesting depth, run before text is handed to the `yaml`
 * parser. The parser's time grows faster than the text with nesting (a million `[` take it
 * 30 s and 2 GB) and its composer recurses per level (about a thousand levels exhaust the
 * stack), while real manifests nest a few dozen levels deep (CRD schemas reach ~40).
 *
 * The scan over-estimates rather than under-estimates: block depth is the number of open
 * indentation levels plus the compact indicators (`- `, `? `, `key: `) on the line, flow
 * depth the open `[`/`{`. Quoted scalars, comments and block scalar bodies are skipped, so
 * brackets inside strings, scripts and config files embedded in a ConfigMap do not count.
 */

/** Deeper than any real manifest, well below where the parser slows down or overflows. */
export const MAX_NESTING_DEPTH = 256;

/**
 * The offset where the text's nesting first exceeds `max` levels within [from, to), or
 * undefined when it never does.
 */
export function nestingLimitAt(text: string, from = 0, to = text.length, max = MAX_NESTING_DEPTH): number | undefined {
  const indents: number[] = []; // open block indentation levels
  let blockScalarIndent = -1; // >= 0 while inside a block scalar's body: lines indented deeper belong to it
  let i = from;
  while (i < to) {
    // At the start of a line, in block context.
    let indent = 0;
    while (i + indent < to && text.charCodeAt(i + indent) === 32) indent++;
    const first = i + indent;
    const lineEnd = endOfLine(text, first, to);
    const c = text.charCodeAt(first);
    const blank = first >= lineEnd || c === 35; /* empty or a comment */
    if (blockScalarIndent >= 0 && (blank || indent > blockScalarIndent)) {
      i = nextLine(text, lineEnd, to);
      continue;
    }
    blockScalarIndent = -1;
    if (blank) {
      i = nextLine(text, lineEnd, to);
      continue;
    }
    if (indent === 0 && isDocumentMarker(text, first, to)) {
      indents.length = 0; // a new document
      i = nextLine(text, lineEnd, to);
      continue;
    }
    while ((indents.at(-1) ?? -Infinity) > indent) indents.pop();
    if ((indents.at(-1) ?? -Infinity) < indent) indents.push(indent);
    let depth = indents.length;
    if (depth > max) return first;
    // Scan the line: indicators open levels; a flow collection may run over several lines.
    let p = first;
    let atNode = true;
    while (p < lineEnd) {
      const ch = text.charCodeAt(p);
      if (ch === 32 || ch === 9) {
        p++;
        continue;
      }
      if (ch === 35 /* # */ && isSpaceBefore(text, p, first)) break;
      if (atNode) {
        if ((ch === 45 /* - */ || ch === 63 /* ? */ || ch === 58) /* : */ && isBreakOrSpace(text, p + 1, to)) {
          if (++depth > max) return p;
          p++;
          continue;
        }
        if (ch === 91 /* [ */ || ch === 123 /* { */) {
          const r = scanFlow(text, p, to, max - depth);
          if (r.exceededAt !== undefined) return r.exceededAt;
          p = r.end;
          atNode = false;
          if (p > lineEnd) break; // the collection ended on a later line: go on from there
          continue;
        }
        if (ch === 34 /* " */ || ch === 39 /* ' */) {
          p = skipQuoted(text, p, to);
          atNode = false;
          if (p > lineEnd) break;
          continue;
        }
        if (ch === 124 /* | */ || ch === 62 /* > */) {
          blockScalarIndent = indent;
          break;
        }
        if (ch === 38 /* & */ || ch === 33 /* ! */) {
          while (p < lineEnd && text.charCodeAt(p) !== 32 && text.charCodeAt(p) !== 9) p++;
          continue;
        }
        atNode = false;
        p++;
        continue;
      }
      // Inside a plain scalar or after a node: `: ` makes what came before a key.
      if (ch === 58 && isBreakOrSpace(text, p + 1, to)) {
        if (++depth > max) return p;
        atNode = true;
      }
      p++;
    }
    i = nextLine(text, Math.max(p, lineEnd), to);
  }
  return undefined;
}

/** Scans a flow collection from its opening bracket; `end` is the offset after its close. */
function scanFlow(text: string, start: number, to: number, max: number): { end: number; exceededAt?: number } {
  let depth = 0;
  let prev = 0; // the last significant character: a quote starts a scalar only after `[{,:?`
  let p = start;
  while (p < to) {
    const ch = text.charCodeAt(p);
    if (ch === 91 || ch === 123) {
      if (++depth > max) return { end: p, exceededAt: p };
    } else if (ch === 93 || ch === 125) {
      if (--depth === 0) return { end: p + 1 };
    } else if ((ch === 34 || ch === 39) && (prev === 91 || prev === 123 || prev === 44 || prev === 58 || prev === 63)) {
      p = skipQuoted(text, p, to);
      prev = ch;
      continue;
    } else if (ch === 35 && isSpaceBefore(text, p, start)) {
      p = endOfLine(text, p, to);
      continue;
    } else if ((ch === 10 || ch === 13) && isDocumentMarker(text, p + 1, to)) {
      return { end: p }; // the parser ends an unclosed collection at the next document
    }
    if (ch !== 32 && ch !== 9 && ch !== 10 && ch !== 13) prev = ch;
    p++;
  }
  return { end: to };
}

/** The offset after a quoted scalar's closing quote (`''` and `\"` escape a quote). */
function skipQuoted(text: string, start: number, to: number): number {
  const quote = text.charCodeAt(start);
  for (let p = start + 1; p < to; p++) {
    const ch = text.charCodeAt(p);
    if ((ch === 10 || ch === 13) && isDocumentMarker(text, p + 1, to)) return p; // unclosed: ends at the next document
    if (quote === 34 && ch === 92 /* \ */) p++;
    else if (ch === quote) {
      if (quote === 39 && text.charCodeAt(p + 1) === 39) p++;
      else return p + 1;
    }
  }
  return to;
}

function endOfLine(text: string, from: number, to: number): number {
  let p = from;
  while (p < to) {
    const ch = text.charCodeAt(p);
    if (ch === 10 || ch === 13) break;
    p++;
  }
  return p;
}

/** The start of the line after the one ending at `lineEnd` (LF, CRLF or a lone CR: YAML 1.2 line breaks). */
function nextLine(text: string, lineEnd: number, to: number): number {
  let p = endOfLine(text, lineEnd, to);
  if (p < to && text.charCodeAt(p) === 13) p++;
  if (p < to && text.charCodeAt(p) === 10) p++;
  return p;
}

/** `---` or `...` at `p` (a line start) followed by white space or the end of the line. */
function isDocumentMarker(text: string, p: number, to: number): boolean {
  return (text.startsWith('---', p) || text.startsWith('...', p)) && isBreakOrSpace(text, p + 3, to);
}

function isBreakOrSpace(text: string, p: number, to: number): boolean {
  if (p >= to) return true;
  const ch = text.charCodeAt(p);
  return ch === 32 || ch === 9 || ch === 10 || ch === 13;
}

/** A `#` starts a comment at the start of the line or after white space. */
function isSpaceBefore(text: string, p: number, lineStart: number): boolean {
  if (p <= lineStart) return true;
  const ch = text.charCodeAt(p - 1);
  return ch === 32 || ch === 9 || ch === 10 || ch === 13;
}
