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

function coalesceTables(dst: GoMap, src: GoMap): GoMap {
  for (const key of Object.keys(src)) {
    const val = src[key];
    const has = Object.prototype.hasOwnProperty.call(dst, key);
    const dv = dst[key];
    if (has && dv === null) delete dst[key];
    else if (!has) dst[key] = val;
    else if (isMap(val) && isMap(dv)) coalesceTables(dv, val);
  }
  return dst;
}

function coalesceGlobals(dest: GoMap, src: GoMap): void {
  const dg = isMap(dest.global) ? dest.global : newMap();
  const sg = isMap(src.global) ? src.global : newMap();
  for (const key of Object.keys(sg)) {
    const val = sg[key];
    if (isMap(val)) {
      const vv = copyMap(val);
      const dv = dg[key];
      if (dv === undefined || !Object.prototype.hasOwnProperty.call(dg, key)) dg[key] = vv;
      else if (isMap(dv)) {
        coalesceTables(vv, dv);
        dg[key] = vv;
      }
    } else if (!isMap(dg[key])) dg[key] = val;
  }
  dest.global = dg;
}

/** CoalesceValues(chart, dest): fills `dest` (user values) with chart and subchart defaults. */
export function coalesce(chart: Chart, dest: GoMap): GoMap {
  const defaults = copyMap(chart.values);
  for (const key of Object.keys(defaults)) {
    const val = defaults[key];
    if (Object.prototype.hasOwnProperty.call(dest, key)) {
      const value = dest[key];
      if (value === null) delete dest[key];
      else if (isMap(value) && isMap(val)) coalesceTables(value, val);
    } else dest[key] = val;
  }
  for (const sub of chart.subcharts) {
    if (!isMap(dest[sub.name])) dest[sub.name] = newMap();
    const dv = dest[sub.name] as GoMap;
    coalesceGlobals(dv, dest);
    dest[sub.name] = coalesce(sub, dv);
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

/** Parses `--set a.b=c,list[0]=x` (strvals): ints become int64, true/false bools, null nil. */
export function parseSet(expr: string, into: GoMap): GoMap {
  for (const pair of splitUnescaped(expr, ',')) {
    const eq = pair.indexOf('=');
    if (eq < 0) throw new Error(`key "${pair}" has no value`);
    const key = pair.slice(0, eq);
    const raw = pair.slice(eq + 1).replace(/\\(.)/g, '$1');
    const value: unknown =
      raw === 'true'
        ? true
        : raw === 'false'
          ? false
          : raw === 'null'
            ? null
            : /^[-+]?\d+$/.test(raw) && raw.length < 19
              ? BigInt(raw)
              : raw;
    setPath(into, key, value);
  }
  return into;
}

function splitUnescaped(s: string, sep: string): string[] {
  const out: string[] = [];
  let cur = '';
  for (let i = 0; i < s.length; i++) {
    if (s[i] === '\\' && i + 1 < s.length) {
      cur += s.charAt(i) + s.charAt(i + 1);
      i++;
      continue;
    }
    if (s[i] === sep) {
      out.push(cur);
      cur = '';
      continue;
    }
    cur += s[i];
  }
  out.push(cur);
  return out;
}

function setPath(root: GoMap, key: string, value: unknown): void {
  const parts = key.match(/(\\.|[^.[\]])+|\[\d+\]/g) ?? [];
  let cur: unknown = root;
  for (const [i, part] of parts.entries()) {
    const last = i === parts.length - 1;
    const nextIsIndex = !last && parts[i + 1]?.startsWith('[') === true;
    const make = () => (nextIsIndex ? [] : newMap());
    if (part.startsWith('[')) {
      const idx = Number(part.slice(1, -1));
      if (idx > 65536) throw new Error(`index of ${idx} is greater than maximum supported index 65536`);
      const arr = cur as unknown[];
      while (arr.length <= idx) arr.push(null);
      if (last) arr[idx] = value;
      else {
        if (!(isMap(arr[idx]) || Array.isArray(arr[idx]))) arr[idx] = make();
        cur = arr[idx];
      }
    } else {
      const m = cur as GoMap;
      const k = part.replace(/\\(.)/g, '$1');
      if (last) m[k] = value;
      else {
        if (!(isMap(m[k]) || Array.isArray(m[k]))) m[k] = make();
        cur = m[k];
      }
    }
  }
}
