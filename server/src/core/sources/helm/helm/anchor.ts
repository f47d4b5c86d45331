/**
 * Placement of "missing field" findings (issue #17): a field that is absent has no text of its
 * own, so the finding goes to the line that emits the map it is missing from: the template
 * line of the key that introduces that map (or, for a list item such as a container, its first
 * key: the `- name:` line), or, when the whole map was printed from values (`toYaml
 * .Values.securityContext`), the values key itself, where a fix would add the field.
 */
import { isMap, isPair, isScalar, isSeq, parseDocument, type Node as YamlNode, type Pair, type YAMLMap } from 'yaml';
import type { Origin, Provenance } from '../../types';
import { segmentAt, type ValuesPath } from '../template/output';
import { HelmProvenance } from './provenance';

/** The map a missing field belongs to, and the pair whose key introduces it (none for a list item or the root). */
interface Enclosing {
  map: YAMLMap | undefined;
  intro: Pair | undefined;
}

const trees = new WeakMap<HelmProvenance, YamlNode | null>();

function tree(p: HelmProvenance): YamlNode | null {
  let t = trees.get(p);
  if (t === undefined) {
    const doc = parseDocument(p.text, { version: '1.1', uniqueKeys: false });
    t = doc.errors.length > 0 ? null : (doc.contents as YamlNode | null);
    trees.set(p, t);
  }
  return t;
}

/**
 * The origin to place a "missing field" finding whose range starts at `offset` (a key, e.g.
 * `securityContext:` or a container's `name`, or any offset inside a map):
 * - on the key of a pair whose value is a map (or empty): that value is the map;
 * - elsewhere: the innermost map holding `offset`.
 * Returns the values key of that map when every key of it came from one values map, else the
 * template text of the key introducing it (the whole key when it is literal text), else the
 * plain origin of `offset`. Any provenance other than Helm's answers `originAt(offset)`.
 */
export function anchorOrigin(provenance: Provenance, offset: number): Origin | undefined {
  if (!(provenance instanceof HelmProvenance)) return provenance.originAt(offset);
  const root = tree(provenance);
  const found = root ? enclosing(root, offset, undefined) : undefined;
  if (!found) return provenance.originAt(offset);
  const fromValues = found.map ? valuesMapOrigin(provenance, found.map) : undefined;
  if (fromValues) return fromValues;
  const first = found.map?.items[0];
  const key = (found.intro ?? first)?.key;
  return isScalar(key) && key.range ? keyOrigin(provenance, key.range[0], key.range[1]) : provenance.originAt(offset);
}

function contains(n: unknown, offset: number): boolean {
  const r = (n as YamlNode | null)?.range;
  return !!r && offset >= r[0] && offset < Math.max(r[1], r[0] + 1);
}

function enclosing(node: YamlNode, offset: number, intro: Pair | undefined): Enclosing | undefined {
  if (isMap(node)) {
    for (const pair of node.items) {
      if (!isPair(pair)) continue;
      if (contains(pair.key, offset)) {
        // The key of a map-valued (or empty) pair: the finding is about that map.
        if (isMap(pair.value)) return { map: pair.value, intro: pair };
        if (pair.value === null || (isScalar(pair.value) && pair.value.value === null)) return { map: undefined, intro: pair };
        return { map: node, intro };
      }
      if (contains(pair.value, offset) && (isMap(pair.value) || isSeq(pair.value)))
        return enclosing(pair.value as YamlNode, offset, pair) ?? { map: node, intro };
      if (contains(pair.value, offset)) return { map: node, intro };
    }
    return contains(node, offset) ? { map: node, intro } : undefined;
  }
  if (isSeq(node)) {
    for (const item of node.items)
      if ((isMap(item) || isSeq(item)) && contains(item, offset)) return enclosing(item as YamlNode, offset, undefined);
  }
  return undefined;
}

/** The values key of `map` when each of its keys was printed from that values map (toYaml), else undefined. */
function valuesMapOrigin(p: HelmProvenance, map: YAMLMap): Origin | undefined {
  const start = (map as YamlNode).range?.[0];
  if (start === undefined) return undefined;
  if (map.items.length === 0) {
    // `{}`: the text itself is the printed values map.
    const s = segmentAt(p.segments, start);
    return s?.valuesPath ? withCallSite(p, p.values.find(s.valuesPath), s.callSite) : undefined;
  }
  let parent: ValuesPath | undefined;
  let site;
  for (const pair of map.items) {
    const at = (pair.key as YamlNode | null)?.range?.[0];
    const s = at === undefined ? undefined : segmentAt(p.segments, at);
    const path = s?.valuesPath;
    if (!path || path.length < 2) return undefined;
    const head = path.slice(0, -1);
    if (parent && (head.length !== parent.length || head.some((x, i) => x !== parent![i]))) return undefined;
    parent = head;
    site = s.callSite;
  }
  return parent ? withCallSite(p, p.values.find(parent), site) : undefined;
}

function withCallSite(
  p: HelmProvenance,
  o: Origin | undefined,
  site: Parameters<HelmProvenance['callSiteOf']>[0] | undefined,
): Origin | undefined {
  return o && site ? { ...o, callSite: p.callSiteOf(site) } : o;
}

/** The origin of a key's text: the whole key when it is one run of literal template text. */
function keyOrigin(p: HelmProvenance, start: number, end: number): Origin | undefined {
  const first = p.originAt(start);
  const last = p.originAt(end - 1);
  if (first?.via.kind !== 'literal' || last?.via.kind !== 'literal' || first.file !== last.file) return first;
  if (last.range.start - first.range.start !== end - 1 - start) return first;
  return { ...first, range: { start: first.range.start, end: last.range.end } };
}
