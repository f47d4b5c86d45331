/**
 * The executor's output buffer with its source map: each appended piece records the template
 * file and offset range (literal text or the action) that produced it, and the values path
 * when the action printed a value read from `.Values`.
 */

export type ValuesPath = readonly (string | number)[];

export interface Segment {
  /** Offsets in the output. */
  start: number;
  end: number;
  /** Template (by name) and range of the literal or action in its source. */
  template: string;
  srcStart: number;
  srcEnd: number;
  kind: 'literal' | 'action';
  valuesPath?: ValuesPath | undefined;
}

export class Output {
  private parts: string[] = [];
  length = 0;
  readonly segments: Segment[] = [];
  constructor(private readonly limit: number) {}

  append(text: string, seg: Omit<Segment, 'start' | 'end'>): void {
    if (text.length === 0) return;
    if (this.length + text.length > this.limit) throw new OutputLimitError(this.limit);
    const last = this.segments[this.segments.length - 1];
    // Adjacent pieces of the same literal (never happens) or same action are merged.
    if (
      last &&
      last.end === this.length &&
      last.template === seg.template &&
      last.srcStart === seg.srcStart &&
      last.kind === seg.kind &&
      last.valuesPath === seg.valuesPath
    ) {
      last.end += text.length;
    } else this.segments.push({ ...seg, start: this.length, end: this.length + text.length });
    this.parts.push(text);
    this.length += text.length;
  }

  text(): string {
    const t = this.parts.join('');
    this.parts = [t];
    return t;
  }
}

export class OutputLimitError extends Error {
  constructor(limit: number) {
    super(`rendered output exceeds ${limit} characters`);
  }
}

/** The segment containing `offset` (binary search; segments are sorted and disjoint). */
export function segmentAt(segments: readonly Segment[], offset: number): Segment | undefined {
  let lo = 0;
  let hi = segments.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const s = segments[mid];
    if (s === undefined) return undefined;
    if (offset < s.start) hi = mid - 1;
    else if (offset >= s.end) lo = mid + 1;
    else return s;
  }
  return undefined;
}
