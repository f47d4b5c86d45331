import { isMap, isSeq, type Document, type Pair, type YAMLMap } from 'yaml';
import type { OffsetRange } from '../types';
import { deref, pairOf, pairRange, singleLineRange } from '../yaml/nodes';

/** The parts of an ajv error we use to place a finding. */
export interface SchemaError {
  instancePath: string;
  keyword: string;
  params: Record<string, unknown>;
}

function segments(pointer: string): string[] {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/**
 * Where in the YAML an ajv error points: the deepest existing node on its instance
 * path; for `required`, the key of the map that lacks the property; for
 * `additionalProperties`, the extra pair. Falls back to `anchor` (the object's
 * `kind:`/`name:` pair or the container's `name:` pair). Always one line.
 */
export function locateError(target: YAMLMap, error: SchemaError, doc: Document, text: string, anchor: OffsetRange): OffsetRange {
  let node: unknown = target;
  let holder: Pair | undefined;
  let item: unknown;
  for (const seg of segments(error.instancePath)) {
    const cur = deref(node, doc);
    if (isMap(cur)) {
      const pair = pairOf(cur, seg);
      if (!pair) break;
      holder = pair;
      item = undefined;
      node = pair.value;
    } else if (isSeq(cur) && /^\d+$/.test(seg) && Number(seg) < cur.items.length) {
      item = cur.items[Number(seg)];
      node = item;
    } else {
      break;
    }
  }
  const here = deref(node, doc);
  if (error.keyword === 'additionalProperties' && isMap(here) && typeof error.params.additionalProperty === 'string') {
    const extra = pairOf(here, error.params.additionalProperty);
    if (extra) return pairRange(extra, text) ?? anchor;
  }
  if (item !== undefined) return singleLineRange(item, text) ?? anchor;
  if (holder) return pairRange(holder, text) ?? anchor;
  return anchor;
}
