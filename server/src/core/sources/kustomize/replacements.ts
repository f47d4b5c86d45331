import type { FieldSpec } from './fieldSpecs';
import { clone, getString, isKMap, isKScalar, isKSeq, kmap, kscalar, scalarText, type KMap, type KNode } from './node';
import { forEachSpec, gvkOf, nameOf, namespaceOf, type Resource } from './resource';

/**
 * `replacements` (copy a field of one object into fields of others) and the deprecated
 * `vars` ($(NAME) substitution). Both copy values, so the copy keeps the origin of the source
 * value it came from.
 */

/** Splits `a.b.[name=x].c` (dots inside brackets are part of the segment). */
function splitFieldPath(path: string): string[] {
  const out: string[] = [];
  let cur = '';
  let depth = 0;
  for (const ch of path) {
    if (ch === '[') depth++;
    if (ch === ']') depth--;
    if (ch === '.' && depth === 0) {
      out.push(cur);
      cur = '';
    } else cur += ch;
  }
  out.push(cur);
  return out.filter((s) => s !== '');
}

/** All nodes a field path reaches; with `create`, missing map fields are made. */
function lookupAll(root: KNode, segs: string[], create = false): { parent: KMap | KNode[]; key: string | number }[] {
  const results: { parent: KMap | KNode[]; key: string | number }[] = [];
  const step = (node: KNode | undefined, i: number, parent: KMap | KNode[], key: string | number) => {
    if (i === segs.length) {
      results.push({ parent, key });
      return;
    }
    const seg = segs[i]!;
    const sel = /^\[(.+?)=(.*)\]$/.exec(seg);
    if (isKSeq(node)) {
      if (sel) node.items.forEach((it, j) => isKMap(it) && getString(it, [sel[1]!]) === sel[2] && step(it, i + 1, node.items, j));
      else if (seg === '*') node.items.forEach((it, j) => step(it, i + 1, node.items, j));
      else if (/^\d+$/.test(seg) && Number(seg) < node.items.length) step(node.items[Number(seg)], i + 1, node.items, Number(seg));
      return;
    }
    if (!isKMap(node)) return;
    const field = seg.replace(/^\[(.*)\]$/, '$1');
    if (seg === '*') {
      for (const k of node.entries.keys()) step(node.entries.get(k), i + 1, node, k);
      return;
    }
    let next = node.entries.get(field);
    if (next === undefined && create && i < segs.length - 1) {
      next = kmap();
      node.entries.set(field, next);
    }
    if (next !== undefined || (create && i === segs.length - 1)) step(next, i + 1, node, field);
  };
  step(root, 0, [], '');
  return results;
}

const getAt = (p: { parent: KMap | KNode[]; key: string | number }) =>
  Array.isArray(p.parent) ? p.parent[p.key as number] : p.parent.entries.get(p.key as string);
const setAt = (p: { parent: KMap | KNode[]; key: string | number }, v: KNode) =>
  Array.isArray(p.parent) ? (p.parent[p.key as number] = v) : p.parent.entries.set(p.key as string, v);

function selects(sel: KNode | undefined, r: Resource): boolean {
  if (!isKMap(sel)) return true;
  const g = gvkOf(r.obj);
  const want = (k: string) => getString(sel, [k]);
  if (want('kind') !== undefined && want('kind') !== g.kind) return false;
  if (want('group') !== undefined && want('group') !== g.group) return false;
  if (want('version') !== undefined && want('version') !== g.version) return false;
  if (want('name') !== undefined && want('name') !== nameOf(r) && !r.prevIds.some((i) => i.name === want('name'))) return false;
  if (want('namespace') !== undefined && want('namespace') !== namespaceOf(r)) return false;
  return true;
}

export function applyReplacements(resources: Resource[], list: KNode[]): void {
  for (const rep of list) {
    if (!isKMap(rep)) continue;
    const source = rep.entries.get('source');
    const src = resources.filter((r) => selects(source, r));
    if (src.length !== 1) throw new Error(`replacement source matches ${src.length} objects`);
    const found = lookupAll(src[0]!.obj, splitFieldPath(getString(source, ['fieldPath']) ?? 'metadata.name')).map(getAt)[0];
    if (!found) throw new Error(`replacement source field not found: ${getString(source, ['fieldPath'])}`);
    let value: KNode = clone(found);
    const srcDelim = getString(source, ['options', 'delimiter']);
    if (srcDelim !== undefined && isKScalar(found)) {
      const part = scalarText(found).split(srcDelim)[Number(getString(source, ['options', 'index']) ?? 0)] ?? '';
      value = kscalar(part, found.origin);
    }
    const targets = rep.entries.get('targets');
    for (const target of isKSeq(targets) ? targets.items : []) {
      if (!isKMap(target)) continue;
      const rejects = target.entries.get('reject');
      const create = getString(target, ['options', 'create']) === 'true';
      const delim = getString(target, ['options', 'delimiter']);
      const index = Number(getString(target, ['options', 'index']) ?? 0);
      for (const r of resources) {
        if (!selects(target.entries.get('select'), r)) continue;
        if (isKSeq(rejects) && rejects.items.some((rej) => selects(rej, r))) continue;
        const paths = target.entries.get('fieldPaths');
        for (const fp of isKSeq(paths) ? paths.items : []) {
          for (const at of lookupAll(r.obj, splitFieldPath(String(isKScalar(fp) ? fp.value : '')), create)) {
            const cur = getAt(at);
            if (delim !== undefined && isKScalar(cur) && isKScalar(value)) {
              const parts = scalarText(cur).split(delim);
              if (index >= parts.length) parts.push(scalarText(value));
              else parts[Math.max(0, index)] = scalarText(value);
              setAt(at, kscalar(parts.join(delim), value.origin));
            } else setAt(at, clone(value));
          }
        }
      }
    }
  }
}

/** A var: its name and where its value comes from. */
export interface Var {
  name: string;
  objref: KMap;
  fieldPath: string;
}

/** Substitutes $(NAME) for every var in the var-reference fields; unknown names stay. */
export function resolveVars(resources: Resource[], vars: Var[], specs: FieldSpec[]): void {
  if (!vars.length) return;
  const values = new Map<string, KNode>();
  for (const v of vars) {
    const src = resources.filter(
      (r) =>
        selects(v.objref, r) &&
        (getString(v.objref, ['apiVersion']) === undefined || getString(v.objref, ['apiVersion']) === getString(r.obj, ['apiVersion'])),
    );
    if (src.length !== 1) throw new Error(`var ${v.name}: objref matches ${src.length} objects`);
    const hit = lookupAll(src[0]!.obj, splitFieldPath(v.fieldPath.replace(/\[(\d+)\]/g, '.$1'))).map(getAt)[0];
    if (!hit || !isKScalar(hit)) throw new Error(`var ${v.name}: field ${v.fieldPath} not found`);
    values.set(v.name, hit);
  }
  const subst = (n: KNode): KNode => {
    if (isKScalar(n) && typeof n.value === 'string') {
      const whole = /^\$\(([A-Za-z0-9_.-]+)\)$/.exec(n.value);
      if (whole && values.has(whole[1]!)) return clone(values.get(whole[1]!)!);
      const s = n.value.replace(/\$\(([A-Za-z0-9_.-]+)\)/g, (m, name: string) =>
        values.has(name) ? String((values.get(name) as { value: unknown }).value) : m,
      );
      return s === n.value ? n : kscalar(s, n.origin);
    }
    if (isKSeq(n)) n.items = n.items.map(subst);
    if (isKMap(n)) for (const [k, v] of n.entries) n.entries.set(k, subst(v));
    return n;
  };
  for (const r of resources)
    forEachSpec(r, specs, (parent, key) => parent.entries.has(key) && parent.entries.set(key, subst(parent.entries.get(key)!)));
}
