/**
 * The executor's output buffer with its source map: each appended piece records the template
 * file and offset range (literal text or the action) that produced it, and the values path
 * when the action printed a value read from `.Values`.
 */

export type ValuesPath = readonly (string | number)[];

/** A `{{ ... }}` action: the call site of text that an `include`/`template` printed from a helper. */
export interface ActionSite {
  template: string;
  srcStart: number;
  srcEnd: number;
}

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
  /** The outermost action of the calling template that printed this helper text. */
  callSite?: ActionSite | undefined;
}

/**
 * The source map of a string value (offsets into the string), carried with it through
 * `include`, `tpl`, `toYaml`, variables and the string functions that keep its characters,
 * until an action prints it. Pieces are sorted, disjoint and cover the string.
 */
export type StrMap = readonly Segment[];

/** Template name of a piece that the action printing the string places (e.g. a `toYaml` key). */
export const UNPLACED = '';
/** Template name of text parsed by `tpl` from a string: it is no file, so `tpl` re-maps it. */
export const INLINE = '\u0000tpl';

export class Output {
  private parts: string[] = [];
  length = 0;
  readonly segments: Segment[] = [];
  constructor(private readonly limit: number) {}

  append(text: string, seg: Omit<Segment, 'start' | 'end'>): void {
    if (text.length === 0) return;
    this.place(text.length, { ...seg, start: 0, end: 0 });
    this.parts.push(text);
  }

  /** Appends a template's literal text at `srcStart` (append, without the intermediate object). */
  appendLiteral(text: string, template: string, srcStart: number): void {
    if (text.length === 0) return;
    this.grow(text.length);
    const end = this.length;
    this.segments.push({ template, srcStart, srcEnd: srcStart + text.length, kind: 'literal', start: end - text.length, end });
    this.parts.push(text);
  }

  /**
   * Appends what the action at `srcStart`-`srcEnd` of `template` printed, read from `valuesPath`
   * when it came from values (append, given the site as values: no object when it merges).
   */
  appendAction(text: string, template: string, srcStart: number, srcEnd: number, valuesPath: ValuesPath | undefined): void {
    if (text.length === 0) return;
    if (!this.extendsAt(text.length, template, srcStart, valuesPath, undefined)) {
      this.grow(text.length);
      this.segments.push({ template, srcStart, srcEnd, kind: 'action', valuesPath, start: this.length - text.length, end: this.length });
    }
    this.parts.push(text);
  }

  /** Adds a piece `len` long mapped by `seg` (a new object, given its offsets here) and counts its length. */
  private place(len: number, seg: Segment): void {
    if (seg.kind !== 'action' || !this.extends(len, seg, seg.valuesPath, seg.callSite)) {
      this.grow(len);
      seg.start = this.length - len;
      seg.end = this.length;
      this.segments.push(seg);
    }
  }

  /** Counts `len` more characters, within the limit. */
  private grow(len: number): void {
    if (this.length + len > this.limit) throw new OutputLimitError(this.limit);
    this.length += len;
  }

  /**
   * Adjacent pieces of the same action are merged: when the last piece is `site`'s action with
   * this values path and call site, it grows by `len` (true). A literal piece never is: a
   * helper's text printed twice in a row would otherwise stretch one literal over both.
   */
  private extends(len: number, site: ActionSite, valuesPath: ValuesPath | undefined, callSite: ActionSite | undefined): boolean {
    return this.extendsAt(len, site.template, site.srcStart, valuesPath, callSite);
  }

  /** extends, given the site's template and start. */
  private extendsAt(
    len: number,
    template: string,
    srcStart: number,
    valuesPath: ValuesPath | undefined,
    callSite: ActionSite | undefined,
  ): boolean {
    const last = this.segments[this.segments.length - 1];
    if (
      last === undefined ||
      last.kind !== 'action' ||
      last.end !== this.length ||
      last.template !== template ||
      last.srcStart !== srcStart ||
      last.valuesPath !== valuesPath ||
      last.callSite !== callSite
    )
      return false;
    this.grow(len);
    last.end += len;
    return true;
  }

  /**
   * Appends a string printed by `action` with the string's own map: pieces not yet placed
   * become the action (keeping their values path); pieces from a helper get `action` as
   * their call site, replacing an inner one, so the outermost call site wins. The mapped
   * text goes in as one part (a large `toYaml` has a piece per key and value).
   */
  appendMapped(text: string, map: StrMap, action: ActionSite): void {
    let at = 0;
    for (const p of map) {
      if (p.start !== at || p.end > text.length) break;
      if (p.end === p.start) continue;
      const len = p.end - p.start;
      if (p.template === UNPLACED || p.template === INLINE) {
        // Most pieces of a large `toYaml` continue the last one: checked before making a segment.
        if (!this.extends(len, action, p.valuesPath, undefined)) {
          const { template, srcStart, srcEnd } = action;
          this.place(len, { template, srcStart, srcEnd, kind: 'action', valuesPath: p.valuesPath, start: 0, end: 0 });
        }
      } else this.place(len, movedSegment(p, 0, 0, p.srcStart, p.srcEnd, action));
      at = p.end;
    }
    if (at > 0) this.parts.push(at === text.length ? text : text.slice(0, at));
    // A map that does not cover the text (never expected) leaves the rest to the action.
    if (at < text.length) this.append(text.slice(at), { ...action, kind: 'action' });
  }

  /** Gives the segments from index `from` on (what a `{{template}}` call printed) their call site. */
  setCallSite(from: number, site: ActionSite): void {
    for (let i = from; i < this.segments.length; i++) {
      const s = this.segments[i];
      if (s) s.callSite = site;
    }
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

/**
 * A copy of `s` at `start`-`end` of the output, mapped to `srcStart`-`srcEnd`, with `callSite`.
 * Copied field by field: a spread over segments of many shapes takes V8's slow generic path.
 */
export function movedSegment(
  s: Segment,
  start: number,
  end: number,
  srcStart: number,
  srcEnd: number,
  callSite: ActionSite | undefined = s.callSite,
): Segment {
  const copy: Segment = { start, end, template: s.template, srcStart, srcEnd, kind: s.kind };
  if (s.valuesPath !== undefined) copy.valuesPath = s.valuesPath;
  if (callSite !== undefined) copy.callSite = callSite;
  return copy;
}

/** Segments of `[start, end)` rebased to 0; a cut literal keeps pointing at its own characters. */
export function sliceSegments(segs: readonly Segment[], start: number, end: number): Segment[] {
  const out: Segment[] = [];
  // Binary search for the first segment ending after `start`: slicing stays O(log n + k).
  let lo = 0;
  let hi = segs.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (segs[mid]!.end <= start) lo = mid + 1;
    else hi = mid;
  }
  for (let i = lo; i < segs.length; i++) {
    const s = segs[i]!;
    if (s.start >= end) break;
    if (s.end <= start) continue;
    // A piece inside a slice that starts at 0 would be copied unchanged (a file's first document:
    // most of a render's segments): kept as it is. Segments are never changed once made.
    if (start === 0 && s.end <= end && (s.kind !== 'literal' || s.srcEnd - s.srcStart === s.end - s.start)) {
      out.push(s);
      continue;
    }
    const a = Math.max(s.start, start);
    const b = Math.min(s.end, end);
    const shift = s.kind === 'literal' ? a - s.start : 0;
    const srcStart = s.srcStart + shift;
    out.push(movedSegment(s, a - start, b - start, srcStart, s.kind === 'literal' ? srcStart + (b - a) : s.srcEnd));
  }
  return out;
}

/** Removes every `needle` from a mapped text (Helm drops "<no value>"), keeping the map aligned. */
export function removeMapped(text: string, segs: readonly Segment[], needle: string): { text: string; segments: Segment[] } {
  let out = '';
  const segments: Segment[] = [];
  for (const s of segs) {
    const piece = text.slice(s.start, s.end).split(needle).join('');
    if (piece.length === 0) continue;
    segments.push({ ...s, start: out.length, end: out.length + piece.length });
    out += piece;
  }
  return { text: out, segments };
}
