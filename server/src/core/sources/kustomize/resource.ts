import type { Origin } from '../types';
import type { FieldSpec } from './fieldSpecs';
import { getString, isKMap, isKSeq, kmap, type KMap, type KNode } from './node';

/** An object being built, with the names it had before this build renamed it. */
export interface Resource {
  obj: KMap;
  /** Earlier (name, namespace) pairs, oldest first: what references written in bases still use. */
  prevIds: { name: string; namespace: string | undefined }[];
  /** A generated ConfigMap/Secret that gets kustomize's content hash appended to its name. */
  hashSuffix?: boolean | undefined;
  /** generator behavior (create/merge/replace) while it is being added to a kustomization. */
  behavior?: string | undefined;
}

export interface Gvk {
  group: string;
  version: string;
  kind: string;
}

export function gvkOf(obj: KMap): Gvk {
  const apiVersion = getString(obj, ['apiVersion']) ?? '';
  const slash = apiVersion.indexOf('/');
  return {
    group: slash < 0 ? '' : apiVersion.slice(0, slash),
    version: slash < 0 ? apiVersion : apiVersion.slice(slash + 1),
    kind: getString(obj, ['kind']) ?? '',
  };
}

export const nameOf = (r: Resource) => getString(r.obj, ['metadata', 'name']) ?? '';
export const namespaceOf = (r: Resource) => getString(r.obj, ['metadata', 'namespace']);

/** Remembers the current name before a transformer changes it. */
export function rememberId(r: Resource): void {
  const id = { name: nameOf(r), namespace: namespaceOf(r) };
  const last = r.prevIds[r.prevIds.length - 1];
  if (!last || last.name !== id.name || last.namespace !== id.namespace) r.prevIds.push(id);
}

function specMatches(fs: FieldSpec, gvk: Gvk): boolean {
  return (!fs.kind || fs.kind === gvk.kind) && (!fs.group || fs.group === gvk.group) && (!fs.version || fs.version === gvk.version);
}

/** Split paths, kept: a build walks the same few hundred spec paths over every object. */
const splitPaths = new Map<string, string[]>();

/** A field spec path's keys: split at `/` except an escaped `\/`, with a list marker `[]` dropped. */
function splitPath(path: string): string[] {
  let segs = splitPaths.get(path);
  if (!segs) {
    segs = splitPathOnce(path);
    if (splitPaths.size >= 10_000) splitPaths.clear();
    splitPaths.set(path, segs);
  }
  return segs;
}

function splitPathOnce(path: string): string[] {
  const out: string[] = [];
  let cur = '';
  for (let i = 0; i < path.length; i++) {
    if (path[i] === '\\' && path[i + 1] === '/') {
      cur += '/';
      i++;
    } else if (path[i] === '/') {
      out.push(cur);
      cur = '';
    } else cur += path[i];
  }
  out.push(cur);
  return out.map((s) => (s.endsWith('[]') ? s.slice(0, -2) : s)).filter((s) => s !== '');
}

/**
 * Calls `visit(parent, key)` for every place a field spec's path reaches in `obj`, walking
 * every item of a list on the way; missing maps are created (with `origin`) only if `create`.
 */
export function walkFieldSpec(obj: KMap, fs: FieldSpec, visit: (parent: KMap, key: string) => void, origin?: Origin): void {
  const segs = splitPath(fs.path);
  const step = (node: KNode | undefined, i: number): void => {
    if (isKSeq(node)) {
      for (const item of node.items) step(item, i);
      return;
    }
    if (!isKMap(node)) return;
    const seg = segs[i]!;
    if (i === segs.length - 1) {
      if (node.entries.has(seg) || fs.create) visit(node, seg);
      return;
    }
    let next = node.entries.get(seg);
    if (
      next === undefined ||
      (isKMap(next) === false && isKSeq(next) === false && fs.create && next.t === 'scalar' && next.value === null)
    ) {
      if (!fs.create) return;
      next = kmap(origin);
      node.entries.set(seg, next);
    }
    step(next, i + 1);
  };
  if (segs.length) step(obj, 0);
}

/** Every field spec of `list` that applies to the resource's kind. */
export function forEachSpec(
  r: Resource,
  list: FieldSpec[],
  visit: (parent: KMap, key: string, fs: FieldSpec) => void,
  origin?: Origin,
): void {
  for (const fs of specsFor(list, gvkOf(r.obj))) walkFieldSpec(r.obj, fs, (p, k) => visit(p, k, fs), origin);
}

/**
 * The specs of a list that apply to a kind, kept per list and kind (a transformer asks once per
 * object). Lists only grow (`configurations:` add to a build's own), so a longer list is new.
 */
const applicable = new WeakMap<FieldSpec[], { length: number; byKind: Map<string, FieldSpec[]> }>();
function specsFor(list: FieldSpec[], gvk: Gvk): FieldSpec[] {
  let kept = applicable.get(list);
  if (kept?.length !== list.length) applicable.set(list, (kept = { length: list.length, byKind: new Map() }));
  const byKind = kept.byKind;
  const key = `${gvk.group}/${gvk.version}/${gvk.kind}`;
  let specs = byKind.get(key);
  if (!specs) byKind.set(key, (specs = list.filter((fs) => specMatches(fs, gvk))));
  return specs;
}
