import type { YAMLMap } from 'yaml';
import type { OffsetRange } from '../types';
import { pairOf, pairRange, singleLineRange } from '../yaml/nodes';
import type { ParsedFile } from '../yaml/parseFile';
import type { Loc } from './types';

/** Turns offsets and nodes of one parsed file into the `Loc`s the index keeps. */
export class LocMaker {
  constructor(
    private readonly file: string,
    private readonly parsed: ParsedFile,
  ) {}
  of(r: OffsetRange): Loc {
    return { file: this.file, start: r.start, end: r.end, range: this.parsed.lines.rangeOf(r) };
  }
  /** A pair (`key: value`), one line at most. */
  pair(map: YAMLMap | undefined, key: string): Loc | undefined {
    const r = pairRange(pairOf(map, key), this.parsed.text);
    return r ? this.of(r) : undefined;
  }
  /** A node clipped to its first line. */
  node(node: unknown): Loc | undefined {
    const r = singleLineRange(node, this.parsed.text);
    return r ? this.of(r) : undefined;
  }
}
