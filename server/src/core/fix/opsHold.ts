import { isMap, isPair, isScalar, isSeq, type Document, type Node } from 'yaml';
import type { FixOp, FixProposal } from '../rules/types';
import { pairOf } from '../yaml/nodes';
import type { ParsedFile } from '../yaml/parseFile';
import { sameValue } from './plan';
import { isPlainObject } from './renderValue';
import { documentOf, linksOf } from './tree';

type Segment = string | number;

/** Keys and indexes from the document root to `node` in the parse it belongs to. */
function pathTo(doc: Document, node: Node): Segment[] | undefined {
  const links = linksOf(doc);
  const out: Segment[] = [];
  let cur: Node = node;
  for (let link = links.get(cur); link?.parent; link = links.get(cur)) {
    if (link.pair) {
      const k = isScalar(link.pair.key) ? link.pair.key.value : undefined;
      if (typeof k !== 'string' && typeof k !== 'number') return undefined;
      out.push(String(k));
    } else {
      const i = link.parent.items.indexOf(cur as never);
      if (i < 0) return undefined;
      out.push(i);
    }
    cur = link.parent;
  }
  return links.has(cur) ? out.reverse() : undefined;
}

function walk(root: unknown, path: readonly Segment[]): unknown {
  let cur = root;
  for (const seg of path) {
    if (typeof seg === 'number') {
      if (!isSeq(cur)) return undefined;
      cur = cur.items[seg];
    } else {
      if (!isMap(cur)) return undefined;
      cur = pairOf(cur, seg)?.value;
    }
  }
  return cur;
}

function plain(node: unknown): unknown {
  if (isScalar(node)) return node.value;
  if (isMap(node)) {
    const o: Record<string, unknown> = {};
    for (const p of node.items) if (isPair(p) && isScalar(p.key)) o[String(p.key.value)] = plain(p.value);
    return o;
  }
  if (isSeq(node)) return node.items.map(plain);
  return node;
}

/** `want` holds in `got`: equal scalars, arrays equal, objects a subset (other keys may exist). */
function holds(want: unknown, got: unknown): boolean {
  if (isPlainObject(want)) return isPlainObject(got) && Object.entries(want).every(([k, v]) => holds(v, got[k]));
  return sameValue(want, got);
}

function opHolds(op: FixOp, before: ParsedFile, afterRoot: unknown): boolean {
  if (op.op !== 'set' && op.op !== 'append') return true;
  const source = documentOf(before, op.map);
  const base = source && pathTo(source.doc, op.map);
  if (!base) return false;
  const got = plain(walk(afterRoot, [...base, ...op.path]));
  if (op.op === 'set') return holds(op.value, got);
  return Array.isArray(got) && op.values.every((v) => got.some((g) => sameValue(v, g)));
}

/**
 * After the edits, each `set`/`append` op's value is where the op said it would be: the
 * same path from the document root now holds it. Catches an insertion that lands in the
 * wrong map but happens to silence the rule. Proposals with `removeItem` ops are left to
 * the re-analysis check alone, because a removal shifts the indexes of the path.
 */
export function opsHold(fix: FixProposal, before: ParsedFile, afterRoot: unknown): boolean {
  if (fix.ops.some((op) => op.op === 'removeItem')) return true;
  return fix.ops.every((op) => opHolds(op, before, afterRoot));
}
