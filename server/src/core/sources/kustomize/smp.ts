import { clone, isKMap, isKScalar, isKSeq, kseq, type KMap, type KNode, type KSeq } from './node';
import { fieldOf, type FieldStrategy } from './schema';

/**
 * Strategic merge patch as kustomize (kyaml merge2) applies it: maps merge key by key, `null`
 * deletes, lists merge by the field's merge keys (from the API table; for types it does not
 * know, by kyaml's associative keys when the items carry one) or are replaced, and the
 * `$patch`, `$retainKeys`, `$setElementOrder` and `$deleteFromPrimitiveList` directives apply.
 * Values taken from the patch keep the patch's origins; merged containers keep the target's.
 */

/** kyaml's keys that make a list of maps associative when no schema says otherwise. */
const ASSOCIATIVE_KEYS = ['mountPath', 'devicePath', 'ip', 'type', 'topologyKey', 'name', 'containerPort'];

/** Returns the merged node, or undefined when the patch deletes the target. */
export function strategicMerge(target: KNode | undefined, patch: KNode, type: string | undefined): KNode | undefined {
  if (isKMap(patch)) {
    const directive = scalarString(patch.entries.get('$patch'));
    if (directive === 'delete') return undefined;
    if (directive === 'replace' || !isKMap(target)) return stripDirectives(patch);
    return mergeMaps(target, patch, type);
  }
  if (isKSeq(patch)) return stripDirectives(patch);
  return clone(patch);
}

function mergeMaps(target: KMap, patch: KMap, type: string | undefined): KMap {
  const retain = patch.entries.get('$retainKeys');
  if (isKSeq(retain)) {
    const keep = new Set(retain.items.map((i) => scalarString(i)));
    for (const k of [...target.entries.keys()]) if (!keep.has(k) && !patch.entries.has(k)) target.entries.delete(k);
  }
  for (const [key, pv] of patch.entries) {
    if (key.startsWith('$deleteFromPrimitiveList/')) {
      const list = target.entries.get(key.slice('$deleteFromPrimitiveList/'.length));
      if (isKSeq(list) && isKSeq(pv)) {
        const drop = new Set(pv.items.map((i) => JSON.stringify(isKScalar(i) ? i.value : null)));
        list.items = list.items.filter((i) => !(isKScalar(i) && drop.has(JSON.stringify(i.value))));
      }
      continue;
    }
    if (key.startsWith('$')) continue;
    if (isKScalar(pv) && pv.value === null) {
      target.entries.delete(key);
      continue;
    }
    const field = fieldOf(type, key);
    const tv = target.entries.get(key);
    let merged: KNode | undefined;
    if (field?.strategy === 'replace') merged = stripDirectives(pv);
    else if (tv === undefined) merged = isKMap(pv) && scalarString(pv.entries.get('$patch')) === 'delete' ? undefined : stripDirectives(pv);
    else if (isKSeq(pv) && isKSeq(tv)) merged = mergeLists(tv, pv, field);
    // A scalar the patch restates (a merge key such as a container's `name`) keeps the
    // target's node: the patch did not produce that value, so findings anchored there stay
    // on the resource that created it.
    else if (isKScalar(pv) && isKScalar(tv) && pv.value === tv.value) merged = tv;
    else merged = strategicMerge(tv, pv, field?.type);
    if (merged === undefined) target.entries.delete(key);
    else target.entries.set(key, merged);
  }
  return target;
}

function mergeLists(target: KSeq, patch: KSeq, field: FieldStrategy | undefined): KSeq {
  if (patch.items.some((i) => isKMap(i) && scalarString(i.entries.get('$patch')) === 'replace')) {
    return kseq(
      patch.items.filter((i) => !(isKMap(i) && scalarString(i.entries.get('$patch')) === 'replace')).map(stripDirectives),
      patch.origin,
    );
  }
  const keys = field?.strategy?.includes('merge') ? field.keys : undefined;
  const allMaps = patch.items.length > 0 && patch.items.every(isKMap) && target.items.every(isKMap);
  if (allMaps) {
    const assoc = keys ?? (field?.strategy ? undefined : associativeKey([...target.items, ...patch.items] as KMap[]));
    if (assoc) return mergeByKeys(target, patch, assoc, field?.type);
  }
  if (field?.strategy?.includes('merge') && !keys && patch.items.every(isKScalar)) {
    const seen = new Set(target.items.map((i) => JSON.stringify(isKScalar(i) ? i.value : null)));
    for (const p of patch.items) if (!seen.has(JSON.stringify((p as { value: unknown }).value))) target.items.push(clone(p));
    return target;
  }
  return stripDirectives(patch) as KSeq;
}

function associativeKey(items: KMap[]): string[] | undefined {
  const first = items[0];
  if (!first) return undefined;
  const key = ASSOCIATIVE_KEYS.find((k) => first.entries.has(k));
  return key ? [key] : undefined;
}

/**
 * kyaml's order: the patch's items first, in patch order (merged with the item they match),
 * then the target's items no patch item mentioned (checked against kubectl kustomize output).
 */
function mergeByKeys(target: KSeq, patch: KSeq, keys: string[], itemType: string | undefined): KSeq {
  const used = new Set<number>();
  const head: KNode[] = [];
  for (const p of patch.items as KMap[]) {
    const index = target.items.findIndex((t, i) => !used.has(i) && isKMap(t) && sameKeys(t, p, keys));
    if (index >= 0) used.add(index);
    if (scalarString(p.entries.get('$patch')) === 'delete') continue;
    const merged = index < 0 ? stripDirectives(p) : strategicMerge(target.items[index], p, itemType);
    if (merged) head.push(merged);
  }
  target.items = [...head, ...target.items.filter((_, i) => !used.has(i))];
  return target;
}

/** Items match when every merge key the patch item gives equals the target's; a missing protocol means TCP. */
function sameKeys(t: KMap, p: KMap, keys: string[]): boolean {
  let any = false;
  for (const k of keys) {
    let pv = scalarString(p.entries.get(k));
    let tv = scalarString(t.entries.get(k));
    if (k === 'protocol') {
      pv ??= 'TCP';
      tv ??= 'TCP';
    }
    if (pv === undefined && tv === undefined) continue;
    if (pv !== tv) return false;
    any = true;
  }
  return any;
}

/** A copy of a patch value without SMP directives (they never reach the built object). */
function stripDirectives(n: KNode): KNode {
  if (isKMap(n)) {
    const out = clone(n) as KMap;
    for (const k of [...out.entries.keys()]) {
      if (k.startsWith('$')) out.entries.delete(k);
      else out.entries.set(k, stripDirectives(out.entries.get(k)!));
    }
    return out;
  }
  if (isKSeq(n)) {
    const items = n.items.filter((i) => !(isKMap(i) && scalarString(i.entries.get('$patch')) === 'delete')).map(stripDirectives);
    return kseq(items, n.origin);
  }
  return clone(n);
}

function scalarString(n: KNode | undefined): string | undefined {
  return isKScalar(n) && n.value !== null ? String(n.value) : undefined;
}
