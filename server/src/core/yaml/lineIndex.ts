import type { Position, Range, OffsetRange } from '../types';

/**
 * Offset <-> 0-based line/character conversion over one text. Line breaks are LF, CRLF or
 * lone CR, as LSP defines them, so positions agree with what the editor shows.
 */
export class LineIndex {
  private computed: number[] | undefined;

  /** Cheap to construct: line starts are computed on first use (many analyses never need them). */
  constructor(private readonly text: string) {}

  private get starts(): number[] {
    return (this.computed ??= lineStarts(this.text));
  }

  get lineCount(): number {
    return this.starts.length;
  }

  lineStart(line: number): number {
    return this.starts[Math.max(0, Math.min(line, this.starts.length - 1))] ?? 0;
  }

  /** Offset just past the line's content, before its line break. */
  lineEnd(line: number): number {
    let end = this.starts[line + 1];
    if (end === undefined) return this.text.length;
    if (end > 0 && this.text.charCodeAt(end - 1) === 10) end--;
    if (end > 0 && this.text.charCodeAt(end - 1) === 13) end--;
    return end;
  }

  positionAt(offset: number): Position {
    const starts = this.starts;
    const clamped = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= clamped) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo, character: clamped - (starts[lo] ?? 0) };
  }

  offsetAt(pos: Position): number {
    if (pos.line >= this.starts.length) return this.text.length;
    return Math.min(this.lineStart(pos.line) + pos.character, this.lineEnd(pos.line));
  }

  rangeOf(r: OffsetRange): Range {
    return { start: this.positionAt(r.start), end: this.positionAt(r.end) };
  }
}

/**
 * Offsets where lines start. `indexOf` runs natively and is many times faster than a
 * character loop on multi-megabyte files; lone CRs (old Mac line endings) are rare, so
 * the slower exact scan runs only when the text has one.
 */
function lineStarts(text: string): number[] {
  const starts = [0];
  const cr = text.indexOf('\r');
  if (cr < 0 || !hasLoneCr(text, cr)) {
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
    return starts;
  }
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (ch === 13 /* \r */) {
      if (text.charCodeAt(i + 1) === 10) i++;
      starts.push(i + 1);
    } else if (ch === 10 /* \n */) {
      starts.push(i + 1);
    }
  }
  return starts;
}

function hasLoneCr(text: string, from: number): boolean {
  for (let i = from; i >= 0; i = text.indexOf('\r', i + 1)) {
    if (text.charCodeAt(i + 1) !== 10) return true;
  }
  return false;
}

/**
 * The text's line break, from its first one: CRLF, LF or a lone CR (old Mac files; YAML
 * 1.2 and LSP count it as a line break too). LF when the text has none. Inserted lines use
 * it so an edit never mixes line endings into a file.
 */
export function lineBreakOf(text: string): '\n' | '\r\n' | '\r' {
  const lf = text.indexOf('\n');
  const cr = text.indexOf('\r');
  if (cr < 0 || (lf >= 0 && lf < cr)) return '\n';
  return text.charCodeAt(cr + 1) === 10 ? '\r\n' : '\r';
}
