import { RE2JS } from 're2js';
import { applyJsonPatch } from './json6902';
import { clone, getPath, getString, isKMap, isKScalar, isKSeq, type KMap, type KNode } from './node';
import { gvkOf, nameOf, namespaceOf, type Resource } from './resource';
import { typeOfKind } from './schema';
import { strategicMerge } from './smp';

/**
 * The `patches` family: strategic merge patches (matched by their own kind and name, or by a
 * `target` selector) and JSON 6902 patches (by target). A patch that matches nothing is not an
 * error, as in kustomize; one that cannot be applied throws and the build reports it.
 */

/**
 * A `target:`/selector map as predicates; name, namespace, kind, group, version are regexes,
 * anchored, in Go's RE2 syntax as kustomize reads them. RE2 (re2js) matches in linear time, so
 * a hostile pattern from the workspace cannot hang the build.
 */
export function selectorMatches(target: KMap, r: Resource): boolean {
  const g = gvkOf(r.obj);
  const test = (field: string, values: (string | undefined)[]) => {
    const pattern = getString(target, [field]);
    return pattern === undefined || values.some((v) => fullMatch(pattern, v ?? ''));
  };
  if (!test('group', [g.group]) || !test('version', [g.version]) || !test('kind', [g.kind])) return false;
  if (!test('name', [nameOf(r), ...r.prevIds.map((i) => i.name)])) return false;
  if (!test('namespace', [namespaceOf(r), ...r.prevIds.map((i) => i.namespace)])) return false;
  return (
    labelSelectorMatches(getString(target, ['labelSelector']), getPath(r.obj, ['metadata', 'labels'])) &&
    labelSelectorMatches(getString(target, ['annotationSelector']), getPath(r.obj, ['metadata', 'annotations']))
  );
}

/** A pattern without RE2 metacharacters matches exactly itself: no regex needed. */
const LITERAL = /^[A-Za-z0-9_-]*$/;
/** Compiled target patterns, shared by builds (a root's rebuild meets the same ones); bounded. */
const compiled = new Map<string, RE2JS>();

/** `value` matches the whole of `pattern` (kustomize anchors target regexes). */
function fullMatch(pattern: string, value: string): boolean {
  if (LITERAL.test(pattern)) return pattern === value;
  let rx = compiled.get(pattern);
  if (!rx) {
    if (compiled.size >= 1000) compiled.clear();
    rx = RE2JS.compile(`^(?:${pattern})$`);
    compiled.set(pattern, rx);
  }
  return rx.matcher(value).matches();
}

/** `a=b,c!=d,e,!f,g in (h,i),j notin (k)` against a labels map. */
export function labelSelectorMatches(selector: string | undefined, labels: KNode | undefined): boolean {
  if (!selector) return true;
  const get = (k: string) => {
    const v = isKMap(labels) ? labels.entries.get(k) : undefined;
    return isKScalar(v) ? String(v.value ?? '') : undefined;
  };
  const terms = splitOutsideParens(selector);
  return terms.every((raw) => {
    const term = raw.trim();
    let m: RegExpExecArray | null;
    if ((m = /^(\S+)\s+(in|notin)\s+\(([^)]*)\)$/.exec(term))) {
      const set = m[3]!.split(',').map((s) => s.trim());
      const has = set.includes(get(m[1]!) ?? '\u0000');
      return m[2] === 'in' ? has : !has;
    }
    if ((m = /^([^!=\s]+)\s*(==|=|!=)\s*(.*)$/.exec(term)))
      return m[2] === '!=' ? get(m[1]!) !== m[3]!.trim() : get(m[1]!) === m[3]!.trim();
    if (term.startsWith('!')) return get(term.slice(1).trim()) === undefined;
    return get(term) !== undefined;
  });
}

/** A strategic merge patch matched by its own apiVersion/kind/name (and namespace if it gives one). */
function idMatches(patch: KMap, r: Resource): boolean {
  const g = gvkOf(r.obj);
  const pg = gvkOf(patch);
  if (pg.kind !== g.kind || (getString(patch, ['apiVersion']) !== undefined && pg.group !== g.group)) return false;
  const name = getString(patch, ['metadata', 'name']);
  const ns = getString(patch, ['metadata', 'namespace']);
  const ids = [...r.prevIds, { name: nameOf(r), namespace: namespaceOf(r) }];
  return ids.some((id) => id.name === name && (ns === undefined || (id.namespace ?? 'default') === ns));
}

export function applyStrategicPatch(resources: Resource[], patch: KMap, target: KMap | undefined): Resource[] {
  const out: Resource[] = [];
  for (const r of resources) {
    if (!(target ? selectorMatches(target, r) : idMatches(patch, r))) {
      out.push(r);
      continue;
    }
    // The patch's own identity only selects: it must not rename what it patches (the target
    // may have been prefixed or moved to a namespace since), nor change a targeted kind.
    const p = clone(patch) as KMap;
    if (target) {
      p.entries.delete('apiVersion');
      p.entries.delete('kind');
    }
    const meta = p.entries.get('metadata');
    if (isKMap(meta)) {
      meta.entries.delete('name');
      meta.entries.delete('namespace');
    }
    const merged = strategicMerge(r.obj, p, typeOfKind(getString(r.obj, ['apiVersion']), getString(r.obj, ['kind'])));
    if (merged && isKMap(merged)) out.push({ ...r, obj: merged });
  }
  return out;
}

export function applyJson6902(resources: Resource[], ops: KNode, target: KMap): void {
  for (const r of resources) if (selectorMatches(target, r)) applyJsonPatch(r.obj, ops);
}

/** True when a patch document is a JSON 6902 operation list rather than a strategic merge patch. */
export const isJsonPatch = (n: KNode) => isKSeq(n);

/** Splits a selector at commas that are not inside `( )` (the value sets of in / notin). */
function splitOutsideParens(selector: string): string[] {
  const out: string[] = [];
  let cur = '';
  let depth = 0;
  for (const ch of selector) {
    if (ch === '(') depth++;
    if (ch === ')') depth = Math.max(0, depth - 1);
    if (ch === ',' && depth === 0) {
      out.push(cur);
      cur = '';
    } else cur += ch;
  }
  out.push(cur);
  return out.filter((t) => t.trim() !== '');
}
