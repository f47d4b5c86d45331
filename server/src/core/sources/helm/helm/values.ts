/**
 * Values as Helm computes them (pkg/chart/common/util/coalesce.go): user values win over chart
 * defaults, `null` deletes a default, subchart values live under the subchart's name and
 * receive the parent's `global`; disabled dependencies (`condition`, `tags`) are dropped first.
 */
import { isMap, newMap, type GoMap } from '../template/values';
import { pushAll } from '../../../arrays';
import { deepCopy } from '../sprig/collections';
import type { Chart } from './chart';

function copyMap(m: GoMap): GoMap {
  return deepCopy(m) as GoMap;
}

/** Deep merge for `-f` files: later files override, maps merge. */
export function mergeValues(base: GoMap, override: GoMap): GoMap {
  const out = base;
  for (const k of Object.keys(override)) {
    const o = override[k];
    if (isMap(o) && isMap(out[k])) mergeValues(out[k] as GoMap, o);
    else out[k] = o;
  }
  return out;
}

/**
 * CoalesceTables (dst wins): a null in dst deletes the key, unless `merge` (MergeTables,
 * Helm's mode for import-values), which keeps the null.
 */
function coalesceTables(dst: GoMap, src: GoMap, merge = false): GoMap {
  for (const key of Object.keys(src)) {
    const val = src[key];
    const has = Object.prototype.hasOwnProperty.call(dst, key);
    const dv = dst[key];
    if (has && dv === null) {
      if (!merge) delete dst[key];
    } else if (!has) dst[key] = val;
    else if (isMap(val) && isMap(dv)) coalesceTables(dv, val, merge);
  }
  return dst;
}

function coalesceGlobals(dest: GoMap, src: GoMap, merge: boolean): void {
  const dg = isMap(dest.global) ? dest.global : newMap();
  const sg = isMap(src.global) ? src.global : newMap();
  for (const key of Object.keys(sg)) {
    const val = sg[key];
    if (isMap(val)) {
      const vv = copyMap(val);
      const dv = dg[key];
      if (dv === undefined || !Object.prototype.hasOwnProperty.call(dg, key)) dg[key] = vv;
      else if (isMap(dv)) {
        coalesceTables(vv, dv, merge);
        dg[key] = vv;
      }
    } else if (!isMap(dg[key])) dg[key] = val;
  }
  dest.global = dg;
}

/**
 * CoalesceValues(chart, dest): fills `dest` (user values) with chart and subchart defaults.
 * With `merge` it is MergeValues: nulls are kept instead of deleting defaults.
 */
export function coalesce(chart: Chart, dest: GoMap, merge = false): GoMap {
  const defaults = copyMap(chart.values);
  for (const key of Object.keys(defaults)) {
    const val = defaults[key];
    if (Object.prototype.hasOwnProperty.call(dest, key)) {
      const value = dest[key];
      if (value === null) {
        if (!merge) delete dest[key];
      } else if (isMap(value) && isMap(val)) coalesceTables(value, val, merge);
    } else dest[key] = val;
  }
  for (const sub of chart.subcharts) {
    if (!isMap(dest[sub.name])) dest[sub.name] = newMap();
    const dv = dest[sub.name] as GoMap;
    coalesceGlobals(dv, dest, merge);
    dest[sub.name] = coalesce(sub, dv, merge);
  }
  return dest;
}

function lookupPath(values: GoMap, path: string): unknown {
  let cur: unknown = values;
  for (const part of path.split('.')) {
    if (!isMap(cur) || !Object.prototype.hasOwnProperty.call(cur, part)) return undefined;
    cur = cur[part];
  }
  return cur;
}

/**
 * Applies aliases and drops subcharts disabled by `condition` or `tags`, recursively, as
 * Helm's ProcessDependencies does before rendering (conditions read the coalesced values).
 */
export function processDependencies(chart: Chart, userValues: GoMap, prefix = ''): string[] {
  const missing: string[] = [];
  // Aliases: a dependency entry with an alias renames (copies) the vendored chart.
  const byName = new Map<string, Chart>();
  for (const sub of chart.subcharts) byName.set(String(sub.metadata.name ?? sub.name), sub);
  const kept: Chart[] = [];
  const listed = new Set<Chart>();
  for (const dep of chart.dependencies) {
    const sub = byName.get(dep.name);
    if (!sub) {
      missing.push(dep.name);
      continue;
    }
    listed.add(sub);
    kept.push(dep.alias ? { ...sub, name: dep.alias } : sub);
  }
  for (const sub of chart.subcharts) if (!listed.has(sub)) kept.push(sub);
  chart.subcharts = kept;
  const cvals = coalesce(chart, copyMap(userValues));
  const disabled = new Set<string>();
  for (const dep of chart.dependencies) {
    const name = dep.alias ?? dep.name;
    let enabled: boolean | undefined;
    if (dep.condition) {
      for (const c of dep.condition.split(',')) {
        const v = lookupPath(cvals, (prefix + c.trim()).replace(/^\./, ''));
        if (typeof v === 'boolean') {
          enabled = v;
          break;
        }
      }
    }
    if (enabled === undefined && dep.tags.length > 0) {
      const tags = isMap(cvals.tags) ? cvals.tags : newMap();
      const states = dep.tags.map((t) => tags[t]).filter((t): t is boolean => typeof t === 'boolean');
      if (states.length > 0) enabled = states.some(Boolean);
    }
    if (enabled === false) disabled.add(name);
  }
  chart.subcharts = chart.subcharts.filter((s) => !disabled.has(s.name));
  for (const sub of chart.subcharts) {
    const subUser = isMap(userValues[sub.name]) ? (userValues[sub.name] as GoMap) : newMap();
    pushAll(missing, processDependencies(sub, subUser, ''));
  }
  return missing;
}

/** Values.Table: the map at a dotted path, or undefined when a step is missing or not a map. */
function tableAt(values: GoMap, path: string): GoMap | undefined {
  let cur: GoMap = values;
  for (const part of path.split('.')) {
    const next = Object.prototype.hasOwnProperty.call(cur, part) ? cur[part] : undefined;
    if (!isMap(next)) return undefined;
    cur = next;
  }
  return cur;
}

/** pathToMap: `data` nested under a dotted parent path ("." is the root). */
function pathToMap(path: string, data: GoMap): GoMap {
  if (path === '.') return data;
  let cur = data;
  for (const part of path.split('.').reverse()) cur = Object.assign(newMap(), { [part]: cur });
  return cur;
}

/** Go's %v of an import-values field (a string in every real chart). */
function field(v: unknown): string {
  return v === undefined || v === null ? '<nil>' : String(v);
}

/**
 * `import-values` (processDependencyImportValues, merge mode): children first, each chart's
 * values become its merged values with the imported tables underneath, so the parent's own
 * values win over what it imports. The string form imports `<dep>.exports.<name>` at the root;
 * the map form imports `<dep>.<child>` at `<parent>`; only tables (maps) are imported, anything
 * else is skipped as Helm skips it (with a warning). Helm rewrites the values of every chart
 * with dependencies; here only charts that import something are rewritten (the render
 * coalesces the others the same way: every corpus variant renders identically either way).
 */
export function importValues(chart: Chart): void {
  for (const sub of chart.subcharts) importValues(sub);
  const enabled = new Set(chart.subcharts.map((s) => s.name));
  const deps = chart.dependencies.filter((d) => enabled.has(d.alias ?? d.name) && d.importValues.length > 0);
  if (deps.length === 0) return;
  const cvals = coalesce(chart, newMap(), true);
  const imported = newMap();
  for (const dep of deps) {
    const name = dep.alias ?? dep.name;
    for (const iv of dep.importValues) {
      if (isMap(iv)) {
        const table = tableAt(cvals, `${name}.${field(iv.child)}`);
        if (table) coalesceTables(imported, pathToMap(field(iv.parent), copyMap(table)), true);
      } else if (typeof iv === 'string') {
        const table = tableAt(cvals, `${name}.exports.${iv}`);
        if (table) coalesceTables(imported, copyMap(table), true);
      }
    }
  }
  chart.values = coalesceTables(cvals, imported, true);
}
