import {
  isAlias,
  isMap,
  isPair,
  isScalar,
  isSeq,
  type Document,
  type Node,
  type Pair,
  type Scalar,
  type YAMLMap,
  type YAMLSeq,
} from 'yaml';
import type { OffsetRange } from '../types';

/**
 * Small, null-safe readers over the `yaml` AST. Rules read values and the source ranges
 * of the nodes that hold them through these, so they never touch `toJS()` (which loses
 * positions) and never throw on an unexpected shape.
 */

export type YNode = Node | null | undefined;

/** Follows an alias to its anchored node (one hop; anchors cannot point at aliases). */
export function deref(node: unknown, doc?: Document): YNode {
  if (isAlias(node)) {
    return doc ? (node.resolve(doc) as YNode) : undefined;
  }
  return node as YNode;
}

export function asMap(node: unknown, doc?: Document): YAMLMap | undefined {
  const n = deref(node, doc);
  return isMap(n) ? n : undefined;
}

function asSeq(node: unknown, doc?: Document): YAMLSeq | undefined {
  const n = deref(node, doc);
  return isSeq(n) ? n : undefined;
}

export function asScalar(node: unknown, doc?: Document): Scalar | undefined {
  const n = deref(node, doc);
  return isScalar(n) ? n : undefined;
}

function keyText(key: unknown): string | undefined {
  if (isScalar(key)) {
    const v = key.value;
    return typeof v === 'string' ? v : v === null || v === undefined ? undefined : String(v);
  }
  return typeof key === 'string' ? key : undefined;
}

/** The pair holding `key` in `map` (last one wins, like Kubernetes' decoder). */
export function pairOf(map: YAMLMap | undefined, key: string): Pair<Scalar, unknown> | undefined {
  if (!map) return undefined;
  let found: Pair<Scalar, unknown> | undefined;
  for (const item of map.items) {
    if (isPair(item) && keyText(item.key) === key) found = item as Pair<Scalar, unknown>;
  }
  return found;
}

export function get(map: YAMLMap | undefined, key: string, doc?: Document): YNode {
  return deref(pairOf(map, key)?.value, doc);
}

export function getMap(map: YAMLMap | undefined, key: string, doc?: Document): YAMLMap | undefined {
  return asMap(pairOf(map, key)?.value, doc);
}

export function getSeq(map: YAMLMap | undefined, key: string, doc?: Document): YAMLSeq | undefined {
  return asSeq(pairOf(map, key)?.value, doc);
}

/** The scalar value at `key`, or undefined when absent, null or not a scalar. */
export function getScalar(map: YAMLMap | undefined, key: string, doc?: Document): unknown {
  const s = asScalar(pairOf(map, key)?.value, doc);
  return s ? s.value : undefined;
}

export function getString(map: YAMLMap | undefined, key: string, doc?: Document): string | undefined {
  const v = getScalar(map, key, doc);
  return typeof v === 'string' ? v : undefined;
}

/** Walks a key path through nested maps. */
function getPath(map: YAMLMap | undefined, path: readonly string[], doc?: Document): YNode {
  let cur: YNode = map;
  for (const key of path) {
    const m = asMap(cur, doc);
    if (!m) return undefined;
    cur = get(m, key, doc);
  }
  return cur;
}

export function getMapPath(map: YAMLMap | undefined, path: readonly string[], doc?: Document): YAMLMap | undefined {
  return asMap(getPath(map, path, doc), doc);
}

/** The items of a sequence as maps, skipping anything else. */
export function seqMaps(seq: YAMLSeq | undefined, doc?: Document): YAMLMap[] {
  if (!seq) return [];
  const out: YAMLMap[] = [];
  for (const item of seq.items) {
    const m = asMap(item, doc);
    if (m) out.push(m);
  }
  return out;
}

/** Map entries as [key, value-node, pair] for string keys. */
export function entries(map: YAMLMap | undefined): Array<[string, YNode, Pair]> {
  if (!map) return [];
  const out: Array<[string, YNode, Pair]> = [];
  for (const item of map.items) {
    if (!isPair(item)) continue;
    const k = keyText(item.key);
    if (k !== undefined) out.push([k, item.value as YNode, item]);
  }
  return out;
}

/** Source range of a node, or undefined for nodes built in memory. */
export function nodeRange(node: unknown): OffsetRange | undefined {
  const r = (node as { range?: [number, number, number] } | null | undefined)?.range;
  return r ? { start: r[0], end: r[1] } : undefined;
}

/**
 * The range to underline for a pair: `key: value` when the value is a scalar or flow
 * collection (so on the key's line), otherwise the key alone. Never spans lines for
 * block values.
 */
export function pairRange(pair: Pair | undefined, text?: string): OffsetRange | undefined {
  if (!pair) return undefined;
  const key = nodeRange(pair.key);
  if (!key) return nodeRange(pair.value);
  const value = nodeRange(pair.value);
  if (value && value.start >= key.end && (isScalar(pair.value) || (pair.value as { flow?: boolean })?.flow || isAlias(pair.value))) {
    if (!text || !/[\r\n]/.test(text.slice(key.start, value.end))) return { start: key.start, end: value.end };
  }
  return key;
}

/** The range of a scalar node or, failing that, of any node clipped to its first line. */
export function singleLineRange(node: unknown, text: string): OffsetRange | undefined {
  const r = nodeRange(node);
  if (!r) return undefined;
  const nl = text.slice(r.start, r.end).search(/[\r\n]/);
  return nl < 0 ? r : { start: r.start, end: r.start + nl };
}
