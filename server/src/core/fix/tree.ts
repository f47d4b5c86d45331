import { isAlias, isMap, isPair, isScalar, isSeq, type Document, type Node, type Pair, type YAMLMap, type YAMLSeq } from 'yaml';
import type { ParsedDocument, ParsedFile } from '../yaml/parseFile';

/**
 * Where a node sits in its document: the fix renderer needs the chain of ancestors to
 * refuse edits that an anchor, a tag or a merge key would make ambiguous, and the parent
 * pair of a collection to turn an emptied block collection into `{}`/`[]`.
 */
export interface NodeLink {
  parent?: YAMLMap | YAMLSeq;
  /** The pair whose value is the node (undefined for sequence items and the root). */
  pair?: Pair;
}

export type Collection = YAMLMap | YAMLSeq;

const linksCache = new WeakMap<Document, WeakMap<Node, NodeLink>>();

/** Parent links of every collection and scalar reachable without following aliases. */
export function linksOf(doc: Document): WeakMap<Node, NodeLink> {
  let links = linksCache.get(doc);
  if (links) return links;
  links = new WeakMap();
  const root = doc.contents as Node | null;
  if (root) {
    links.set(root, {});
    const stack: Node[] = [root];
    while (stack.length) {
      const node = stack.pop()!;
      if (isMap(node)) {
        for (const item of node.items) {
          if (!isPair(item)) continue;
          const v = item.value as Node | null;
          if (v && typeof v === 'object' && !links.has(v)) {
            links.set(v, { parent: node, pair: item });
            stack.push(v);
          }
        }
      } else if (isSeq(node)) {
        for (const item of node.items) {
          const v = item as Node | null;
          if (v && typeof v === 'object' && !links.has(v)) {
            links.set(v, { parent: node });
            stack.push(v);
          }
        }
      }
    }
  }
  linksCache.set(doc, links);
  return links;
}

/** The parsed document whose source holds `node`, if the node belongs to this parse. */
export function documentOf(parsed: ParsedFile, node: Node): ParsedDocument | undefined {
  const start = node.range?.[0];
  if (start === undefined) return undefined;
  for (const d of parsed.documents) {
    if (start >= d.start && start < d.end && linksOf(d.doc).has(node)) return d;
  }
  return undefined;
}

/** Ancestors of `node` from its parent up to the root (empty for the root). */
export function ancestors(doc: Document, node: Node): Collection[] {
  const links = linksOf(doc);
  const out: Collection[] = [];
  let link = links.get(node);
  while (link?.parent) {
    out.push(link.parent);
    link = links.get(link.parent);
  }
  return out;
}

function hasCustomTag(node: Node): boolean {
  return typeof (node as { tag?: string }).tag === 'string';
}

function hasAnchor(node: Node): boolean {
  return typeof (node as { anchor?: string }).anchor === 'string' && (node as { anchor?: string }).anchor !== '';
}

function hasMergeKey(map: YAMLMap): boolean {
  return map.items.some((p) => isPair(p) && isScalar(p.key) && p.key.value === '<<');
}

/**
 * True when editing `node` could mean something other than what the text shows: an
 * explicit tag or an anchor on the node or any ancestor (an alias elsewhere would change
 * too), a merge key in a map on the way, or an alias as the node itself.
 */
export function blocked(doc: Document, node: Node): boolean {
  if (isAlias(node)) return true;
  for (const n of [node, ...ancestors(doc, node)]) {
    if (hasCustomTag(n) || hasAnchor(n)) return true;
    if (isMap(n) && hasMergeKey(n)) return true;
  }
  return false;
}

/** True for a plain key we can compare by text (not an alias, complex key or tagged key). */
export function plainKey(pair: Pair): boolean {
  return isScalar(pair.key) && !hasCustomTag(pair.key) && !hasAnchor(pair.key) && pair.key.range !== undefined;
}

/** True for a null scalar written as nothing (`key:`), `~` or `null`, without tag or anchor. */
export function isNullValue(node: unknown): boolean {
  return isScalar(node) && node.value === null && !hasCustomTag(node) && !hasAnchor(node);
}

/** True when the scalar is written as nothing at all (`key:` then end of line). */
export function isEmptyNull(node: unknown): boolean {
  return (
    isNullValue(node) &&
    isScalar(node) &&
    (node.source === '' || node.source === undefined) &&
    (!node.range || node.range[0] === node.range[1])
  );
}

export function isFlow(node: Collection): boolean {
  return (node as { flow?: boolean }).flow === true;
}

/** Offset just past the last significant character of a node (comments and line breaks excluded). */
export function contentEnd(node: unknown): number | undefined {
  if (!node || typeof node !== 'object') return undefined;
  if (isPair(node)) {
    const keyEnd = (node.key as Node | null)?.range?.[1];
    const v = node.value as Node | null;
    const vEnd = v && !isEmptyNull(v) ? contentEnd(v) : undefined;
    if (vEnd !== undefined && keyEnd !== undefined) return Math.max(keyEnd, vEnd);
    return vEnd ?? keyEnd;
  }
  if ((isMap(node) || isSeq(node)) && !isFlow(node)) {
    const last = node.items[node.items.length - 1];
    return last === undefined ? (node as Node).range?.[1] : contentEnd(last);
  }
  // For a block scalar this is just past its last line break, which is still on its last
  // line as far as `lineOfEnd` is concerned.
  return (node as Node).range?.[1];
}

/** Offset of the `:` that follows a pair's key, or undefined. */
export function colonAfterKey(text: string, pair: Pair): number | undefined {
  const keyEnd = (pair.key as Node | null)?.range?.[1];
  if (keyEnd === undefined) return undefined;
  let i = keyEnd;
  while (i < text.length && (text[i] === ' ' || text[i] === '\t')) i++;
  return text[i] === ':' ? i : undefined;
}
