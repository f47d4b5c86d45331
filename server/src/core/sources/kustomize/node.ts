import { isMap, isScalar, isSeq, isAlias, type Node as YamlNode } from 'yaml';
import type { Origin, OriginVia } from '../types';

/**
 * The build's own tree: plain YAML values where every node remembers the origin that gave it
 * its value. Transformers and patches replace nodes (with their own origin) rather than edit
 * values in place, so provenance follows the value wherever it ends up in the built object.
 */
export type KNode = KMap | KSeq | KScalar;
export type Scalar = string | number | boolean | null;

export interface KMap {
  t: 'map';
  entries: Map<string, KNode>;
  origin?: Origin | undefined;
}
export interface KSeq {
  t: 'seq';
  items: KNode[];
  origin?: Origin | undefined;
}
/** `raw`: the source text of a plain number or boolean (kustomize reads `newTag: 1.20` as "1.20"). */
export interface KScalar {
  t: 'scalar';
  value: Scalar;
  origin?: Origin | undefined;
  raw?: string | undefined;
}

export const kmap = (origin?: Origin): KMap => ({ t: 'map', entries: new Map(), origin });
export const kseq = (items: KNode[] = [], origin?: Origin): KSeq => ({ t: 'seq', items, origin });
export const kscalar = (value: Scalar, origin?: Origin): KScalar => ({ t: 'scalar', value, origin });

export const isKMap = (n: KNode | undefined): n is KMap => n?.t === 'map';
export const isKSeq = (n: KNode | undefined): n is KSeq => n?.t === 'seq';
export const isKScalar = (n: KNode | undefined): n is KScalar => n?.t === 'scalar';

/** Converts a parsed YAML node; every node gets the range it was written at in `file`. */
export function fromYaml(node: YamlNode | null | undefined, file: string, via: OriginVia, depth = 0): KNode {
  const origin = (n: { range?: [number, number, number] | null | undefined }): Origin | undefined =>
    n.range ? { file, range: { start: n.range[0], end: n.range[1] }, via } : undefined;
  if (depth > 200) throw new Error('nesting too deep');
  if (!node) return kscalar(null);
  if (isAlias(node)) throw new Error('YAML aliases are not supported in kustomize inputs');
  if (isMap(node)) {
    const m = kmap(origin(node));
    for (const pair of node.items) {
      const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
      m.entries.set(key, fromYaml(pair.value as YamlNode | null, file, via, depth + 1));
    }
    return m;
  }
  if (isSeq(node))
    return kseq(
      node.items.map((i) => fromYaml(i as YamlNode | null, file, via, depth + 1)),
      origin(node),
    );
  if (isScalar(node)) {
    // go-yaml (kustomize) reads a plain 0755 as YAML 1.1 octal; YAML 1.2 would say 755.
    const v =
      node.type === 'PLAIN' && typeof node.source === 'string' && /^0[0-7]+$/.test(node.source) ? parseInt(node.source, 8) : node.value;
    const value: Scalar = typeof v === 'bigint' ? Number(v) : v instanceof Date ? v.toISOString() : ((v as Scalar) ?? null);
    const s = kscalar(value, origin(node));
    if (node.type === 'PLAIN' && (typeof value === 'number' || typeof value === 'boolean') && typeof node.source === 'string')
      s.raw = node.source;
    return s;
  }
  return kscalar(null);
}

/** A plain JS value (for hashing, comparisons, tests). */
export function toPlain(n: KNode | undefined): unknown {
  if (!n) return undefined;
  if (n.t === 'scalar') return n.value;
  if (n.t === 'seq') return n.items.map(toPlain);
  const o: Record<string, unknown> = {};
  for (const [k, v] of n.entries) o[k] = toPlain(v);
  return o;
}

/** A KNode from a plain value, every node with one origin (generator output, JSON patch values). */
export function fromPlain(v: unknown, origin?: Origin): KNode {
  if (Array.isArray(v))
    return kseq(
      v.map((i) => fromPlain(i, origin)),
      origin,
    );
  if (v !== null && typeof v === 'object') {
    const m = kmap(origin);
    for (const [k, x] of Object.entries(v)) m.entries.set(k, fromPlain(x, origin));
    return m;
  }
  return kscalar((v ?? null) as Scalar, origin);
}

export function clone(n: KNode): KNode {
  if (n.t === 'scalar') return { ...n };
  if (n.t === 'seq') return kseq(n.items.map(clone), n.origin);
  const m = kmap(n.origin);
  for (const [k, v] of n.entries) m.entries.set(k, clone(v));
  return m;
}

/** The node at a path of map keys, if every step exists. */
export function getPath(n: KNode | undefined, path: readonly string[]): KNode | undefined {
  let cur = n;
  for (const p of path) cur = isKMap(cur) ? cur.entries.get(p) : undefined;
  return cur;
}

export function getString(n: KNode | undefined, path: readonly string[]): string | undefined {
  const v = getPath(n, path);
  return isKScalar(v) && v.value !== null ? scalarText(v) : undefined;
}

/** A scalar as the string a Go string field would read (null is empty). */
export function scalarText(n: KScalar): string {
  return n.raw ?? (n.value === null ? '' : String(n.value));
}

export function deepEqual(a: KNode, b: KNode): boolean {
  return JSON.stringify(toPlain(a)) === JSON.stringify(toPlain(b));
}
