import { isMap, isScalar, isSeq, type Node, type Pair, type Scalar, type YAMLMap, type YAMLSeq } from 'yaml';
import type { FixOp, FixProposal } from '../rules/types';
import { pairOf } from '../yaml/nodes';
import type { ParsedDocument, ParsedFile } from '../yaml/parseFile';
import { isPlainObject, renderable, type PlainObject } from './renderValue';
import { blocked, documentOf, isNullValue, plainKey } from './tree';

/**
 * The pending changes of one or more fixes, grouped by the existing node they land in.
 * Grouping is what lets three `set` ops into a missing `securityContext` become one
 * inserted block, and two fixes that disagree be detected before any text is produced.
 */
export interface PlanState {
  /** New keys (deeply nested new subtrees) per existing map. */
  adds: Map<YAMLMap, PlainObject>;
  /** Values for existing pairs whose value is null (`key:`, `key: ~`). */
  fills: Map<Pair, unknown>;
  /** New values for existing scalars. */
  replaces: Map<Scalar, unknown>;
  /** Values appended to existing sequences. */
  appends: Map<YAMLSeq, unknown[]>;
  /** Pairs removed from existing maps. */
  removes: Map<YAMLMap, Set<Pair>>;
  /** Item indexes removed from existing sequences. */
  removeItems: Map<YAMLSeq, Set<number>>;
  /** The documents touched. */
  docs: Set<ParsedDocument>;
}

function emptyPlan(): PlanState {
  return {
    adds: new Map(),
    fills: new Map(),
    replaces: new Map(),
    appends: new Map(),
    removes: new Map(),
    removeItems: new Map(),
    docs: new Set(),
  };
}

function cloneValue(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(cloneValue);
  if (isPlainObject(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, cloneValue(x)]));
  return v;
}

export function clonePlan(p: PlanState): PlanState {
  return {
    adds: new Map([...p.adds].map(([k, v]) => [k, cloneValue(v) as PlainObject])),
    fills: new Map([...p.fills].map(([k, v]) => [k, cloneValue(v)])),
    replaces: new Map(p.replaces),
    appends: new Map([...p.appends].map(([k, v]) => [k, [...v]])),
    removes: new Map([...p.removes].map(([k, v]) => [k, new Set(v)])),
    removeItems: new Map([...p.removeItems].map(([k, v]) => [k, new Set(v)])),
    docs: new Set(p.docs),
  };
}

/** Value equality for plain data (and `Scalar` wrappers by their value). */
export function sameValue(a: unknown, b: unknown): boolean {
  if (isScalar(a)) return sameValue(a.value, b);
  if (isScalar(b)) return sameValue(a, b.value);
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => sameValue(x, b[i]));
  if (isPlainObject(a) && isPlainObject(b)) {
    const ka = Object.keys(a);
    return ka.length === Object.keys(b).length && ka.every((k) => Object.prototype.hasOwnProperty.call(b, k) && sameValue(a[k], b[k]));
  }
  return a === b;
}

/** Builds `{a: {b: value}}` from a path. */
function nest(path: readonly string[], value: unknown): unknown {
  let v = value;
  for (const key of [...path].reverse()) v = { [key]: v };
  return v;
}

type Mode = 'set' | 'append';

/**
 * Merges `value` at `path` into a pending new subtree. `append` unions arrays; `set`
 * deep-merges objects and otherwise demands equal values. Returns false on conflict.
 */
function mergeInto(target: PlainObject, path: readonly string[], value: unknown, mode: Mode): boolean {
  const last = path[path.length - 1];
  if (last === undefined) return false;
  let cur = target;
  for (const key of path.slice(0, -1)) {
    const next = cur[key];
    if (next === undefined) cur[key] = {};
    else if (!isPlainObject(next)) return false;
    cur = cur[key] as PlainObject;
  }
  return mergeValue(cur, last, value, mode);
}

function mergeValue(holder: PlainObject, key: string, value: unknown, mode: Mode): boolean {
  const existing = holder[key];
  if (existing === undefined) {
    holder[key] = cloneValue(value);
    return true;
  }
  if (mode === 'append' && Array.isArray(existing) && Array.isArray(value)) {
    for (const v of value) if (!existing.some((e) => sameValue(e, v))) existing.push(v);
    return true;
  }
  if (isPlainObject(existing) && isPlainObject(value)) {
    for (const [k, v] of Object.entries(value)) if (!mergeValue(existing, k, v, mode)) return false;
    return true;
  }
  return sameValue(existing, value);
}

/** Why a proposal could not be planned; kept for tests and logs. */
class Refusal extends Error {}

function refuse(why: string): never {
  throw new Refusal(why);
}

/** Adds proposals to a plan; each `add` is all-or-nothing. */
export class PlanBuilder {
  state: PlanState = emptyPlan();

  constructor(readonly parsed: ParsedFile) {}

  /** Adds every op of `proposal`; on refusal the plan is left as it was and the reason returned. */
  add(proposal: FixProposal): string | undefined {
    const before = clonePlan(this.state);
    try {
      if (!proposal.ops.length) refuse('no ops');
      for (const op of proposal.ops) this.addOp(op);
      return undefined;
    } catch (e) {
      this.state = before;
      if (e instanceof Refusal) return e.message;
      return e instanceof Error ? e.message : String(e);
    }
  }

  private check(node: Node): ParsedDocument {
    const source = documentOf(this.parsed, node);
    if (!source) refuse('node is not part of this parse');
    if (source.error || source.doc.errors.length) refuse('document has parse errors');
    if (blocked(source.doc, node)) refuse('an alias, anchor, merge key or tag stands in the way');
    this.state.docs.add(source);
    return source;
  }

  private addOp(op: FixOp): void {
    switch (op.op) {
      case 'set':
        if (!op.path.length) refuse('empty path');
        if (!renderable(op.value)) refuse('value cannot be rendered');
        this.set(op.map, op.path, op.value, 'set');
        return;
      case 'append':
        if (!op.path.length) refuse('empty path');
        if (!renderable([...op.values])) refuse('value cannot be rendered');
        this.set(op.map, op.path, [...op.values], 'append');
        return;
      case 'remove':
        this.remove(op.map, op.key);
        return;
      case 'removeItem':
        this.removeItem(op.seq, op.index);
        return;
    }
  }

  private set(map: YAMLMap, path: readonly string[], value: unknown, mode: Mode): void {
    if (!isMap(map)) refuse('target is not a map');
    this.check(map);
    let cur = map;
    for (const [i, key] of path.entries()) {
      const pair = pairOf(cur, key);
      if (!pair) {
        this.addNew(cur, path.slice(i), value, mode);
        return;
      }
      if (!plainKey(pair)) refuse('key is not a plain scalar');
      const v = pair.value as Node | null;
      const last = i === path.length - 1;
      if (isNullValue(v) || v === null) {
        this.fill(pair, nest(path.slice(i + 1), value), mode);
        return;
      }
      if (!v || typeof v !== 'object') refuse('value has no node');
      this.check(v);
      if (last) {
        if (mode === 'append') {
          if (!isSeq(v)) refuse('existing value is not a sequence');
          this.appendTo(v, value as unknown[]);
        } else if (isPlainObject(value) && Object.keys(value).length && isMap(v)) {
          for (const [k, x] of Object.entries(value)) this.set(v, [k], x, 'set');
        } else if (isScalar(v) && !Array.isArray(value) && !isPlainObject(value)) {
          if (v.type === 'BLOCK_LITERAL' || v.type === 'BLOCK_FOLDED') refuse('block scalar');
          if (sameValue(v.value, value)) return;
          const prev = this.state.replaces.get(v);
          if (prev !== undefined && !sameValue(prev, value)) refuse('conflicting values');
          this.state.replaces.set(v, value);
        } else {
          refuse('existing value has another shape');
        }
        return;
      }
      if (!isMap(v)) refuse(`"${key}" is not a map`);
      cur = v;
    }
  }

  private addNew(map: YAMLMap, path: readonly string[], value: unknown, mode: Mode): void {
    const pending = this.state.adds.get(map) ?? {};
    if (!mergeInto(pending, path, value, mode)) refuse('conflicting values');
    this.state.adds.set(map, pending);
  }

  private fill(pair: Pair, value: unknown, mode: Mode): void {
    const holder: PlainObject = {};
    if (this.state.fills.has(pair)) holder.v = this.state.fills.get(pair);
    if (!mergeValue(holder, 'v', value, mode)) refuse('conflicting values');
    this.state.fills.set(pair, holder.v);
  }

  private appendTo(seq: YAMLSeq, values: unknown[]): void {
    const present: unknown[] = [];
    for (const item of seq.items) {
      if (!isScalar(item)) continue;
      present.push(item.value);
    }
    const pending = this.state.appends.get(seq) ?? [];
    for (const v of values) {
      if (present.some((p) => sameValue(p, v)) || pending.some((p) => sameValue(p, v))) continue;
      pending.push(v);
    }
    if (pending.length) this.state.appends.set(seq, pending);
  }

  private remove(map: YAMLMap, key: string): void {
    if (!isMap(map)) refuse('target is not a map');
    this.check(map);
    const pair = pairOf(map, key);
    if (!pair) return; // already absent: nothing to do
    if (!plainKey(pair)) refuse('key is not a plain scalar');
    const set = this.state.removes.get(map) ?? new Set<Pair>();
    set.add(pair);
    this.state.removes.set(map, set);
  }

  private removeItem(seq: YAMLSeq, index: number): void {
    if (!isSeq(seq)) refuse('target is not a sequence');
    this.check(seq);
    if (!Number.isInteger(index) || index < 0 || index >= seq.items.length) refuse('no such item');
    const item = seq.items[index] as Node | null;
    if (!item || !item.range) refuse('item has no source');
    const set = this.state.removeItems.get(seq) ?? new Set<number>();
    set.add(index);
    this.state.removeItems.set(seq, set);
  }
}
