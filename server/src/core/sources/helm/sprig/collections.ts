/** Sprig dict/list functions and type tests, with Sprig's (mergo's) merge semantics. */
import type { CallContext, FuncMap } from '../template/exec';
import { goDeepEqual } from '../template/deepEqual';
import { isMap, kindName, newMap, sortedKeys, typeName, type GoMap } from '../template/values';
import { int, isEmpty, toGoString } from './convert';

export function deepCopy(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(deepCopy);
  if (isMap(v)) {
    const m = newMap();
    for (const k of Object.keys(v)) m[k] = deepCopy(v[k]);
    return m;
  }
  return v;
}

function list(v: unknown, name: string): unknown[] {
  if (Array.isArray(v)) return v;
  if (v === null || v === undefined) throw new Error(`Cannot find ${name} on type <nil>`);
  throw new Error(`Cannot find ${name} on type ${kindName(v)}`);
}

function dictArg(v: unknown): GoMap {
  if (isMap(v)) return v;
  // Go passes a nil interface to a map parameter as a nil (empty) map.
  if (v === null || v === undefined) return newMap();
  throw new Error(`wrong type for value; expected map[string]interface {}; got ${typeName(v)}`);
}

/** mergo.Merge (overwrite=false fills only missing/empty keys) or WithOverride. */
function mergeInto(dst: GoMap, src: GoMap, overwrite: boolean): GoMap {
  for (const k of Object.keys(src)) {
    const s = src[k];
    const d = dst[k];
    if (isMap(d) && isMap(s)) {
      mergeInto(d, s, overwrite);
      continue;
    }
    const has = Object.prototype.hasOwnProperty.call(dst, k);
    if (has && !isEmpty(d) && (isMap(s) || Array.isArray(s)) && !overwrite) continue;
    if (overwrite ? (s !== null && s !== undefined) || !has : !has || isEmpty(d)) dst[k] = s;
  }
  return dst;
}

function uniq(l: unknown[]): unknown[] {
  const out: unknown[] = [];
  for (const x of l) if (!out.some((y) => goDeepEqual(x, y))) out.push(x);
  return out;
}

function dig(keys: unknown[], def: unknown, m: unknown): unknown {
  let cur = m;
  for (const k of keys) {
    if (!isMap(cur) || !Object.prototype.hasOwnProperty.call(cur, String(k))) return def;
    cur = cur[String(k)];
  }
  return cur;
}

export function addCollectionFuncs(f: FuncMap): void {
  f.set('dict', {
    fn: (a) => {
      const m = newMap();
      for (let i = 0; i < a.length; i += 2) m[toGoString(a[i])] = i + 1 < a.length ? a[i + 1] : '';
      return m;
    },
  });
  f.set('list', { fn: (a) => [...a] });
  f.set('tuple', { fn: (a) => [...a] });
  f.set('get', {
    fn: (a) => {
      const m = dictArg(a[0]);
      const k = String(a[1]);
      return Object.prototype.hasOwnProperty.call(m, k) ? m[k] : '';
    },
  });
  f.set('set', {
    fn: (a) => {
      const m = dictArg(a[0]);
      m[String(a[1])] = a[2];
      return m;
    },
  });
  f.set('unset', {
    fn: (a) => {
      const m = dictArg(a[0]);
      delete m[String(a[1])];
      return m;
    },
  });
  f.set('hasKey', { fn: (a) => Object.prototype.hasOwnProperty.call(dictArg(a[0]), String(a[1])) });
  f.set('keys', { fn: (a) => a.flatMap((m) => Object.keys(dictArg(m))) });
  f.set('values', {
    fn: (a) => {
      const m = dictArg(a[0]);
      return Object.keys(m).map((k) => m[k]);
    },
  });
  f.set('pluck', {
    fn: (a) =>
      a
        .slice(1)
        .map(dictArg)
        .filter((m) => Object.prototype.hasOwnProperty.call(m, String(a[0])))
        .map((m) => m[String(a[0])]),
  });
  f.set('pick', {
    fn: (a) => {
      const m = dictArg(a[0]);
      const out = newMap();
      for (const k of a.slice(1).map(String)) if (Object.prototype.hasOwnProperty.call(m, k)) out[k] = m[k];
      return out;
    },
  });
  f.set('omit', {
    fn: (a) => {
      const m = dictArg(a[0]);
      const drop = new Set(a.slice(1).map(String));
      const out = newMap();
      for (const k of Object.keys(m)) if (!drop.has(k)) out[k] = m[k];
      return out;
    },
  });
  for (const [name, ow] of [
    ['merge', false],
    ['mustMerge', false],
    ['mergeOverwrite', true],
    ['mustMergeOverwrite', true],
  ] as const) {
    f.set(name, {
      fn: (a) => {
        const dst = dictArg(a[0]);
        for (const s of a.slice(1)) mergeInto(dst, dictArg(s), ow);
        return dst;
      },
    });
  }
  for (const name of ['deepCopy', 'mustDeepCopy']) f.set(name, { fn: (a) => deepCopy(a[0]), trace: 'last' });
  for (const name of ['append', 'push', 'mustAppend', 'mustPush']) f.set(name, { fn: (a) => [...list(a[0], 'append'), a[1]] });
  for (const name of ['prepend', 'mustPrepend']) f.set(name, { fn: (a) => [a[1], ...list(a[0], 'prepend')] });
  f.set('concat', { fn: (a) => a.flatMap((l) => list(l, 'concat')) });
  for (const name of ['first', 'mustFirst'])
    f.set(name, {
      fn: (a) => {
        const l = list(a[0], 'first');
        return l.length ? l[0] : null;
      },
    });
  for (const name of ['last', 'mustLast'])
    f.set(name, {
      fn: (a) => {
        const l = list(a[0], 'last');
        return l.length ? l[l.length - 1] : null;
      },
    });
  for (const name of ['rest', 'mustRest'])
    f.set(name, {
      fn: (a) => {
        const l = list(a[0], 'rest');
        return l.length ? l.slice(1) : null;
      },
    });
  for (const name of ['initial', 'mustInitial'])
    f.set(name, {
      fn: (a) => {
        const l = list(a[0], 'initial');
        return l.length ? l.slice(0, -1) : null;
      },
    });
  for (const name of ['uniq', 'mustUniq']) f.set(name, { fn: (a) => uniq(list(a[0], 'uniq')) });
  for (const name of ['without', 'mustWithout'])
    f.set(name, { fn: (a) => list(a[0], 'without').filter((x) => !a.slice(1).some((y) => goDeepEqual(x, y))) });
  for (const name of ['has', 'mustHas'])
    f.set(name, { fn: (a) => (a[1] === null || a[1] === undefined ? false : list(a[1], 'has').some((x) => goDeepEqual(x, a[0]))) });
  for (const name of ['compact', 'mustCompact']) f.set(name, { fn: (a) => list(a[0], 'compact').filter((x) => !isEmpty(x)) });
  for (const name of ['reverse', 'mustReverse']) f.set(name, { fn: (a) => [...list(a[0], 'reverse')].reverse() });
  f.set('sortAlpha', { fn: (a) => strsOf(a[0]).sort((x, y) => (x < y ? -1 : x > y ? 1 : 0)) });
  f.set('until', {
    fn: (a) => {
      // func(count int): Go rejects an int64 (`add`, `--set`) or float64 (values files) argument.
      const n = int(a[0]);
      guardSize(n);
      const out: bigint[] = [];
      for (let i = 0; i < n; i++) out.push(BigInt(i));
      for (let i = 0; i > n; i--) out.push(BigInt(i));
      return out;
    },
  });
  f.set('untilStep', {
    fn: (a) => {
      const [st = NaN, en = NaN, step = NaN] = a.map(int);
      guardSize((en - st) / (step || 1));
      const out: bigint[] = [];
      if (step > 0) for (let i = st; i < en; i += step) out.push(BigInt(i));
      else if (step < 0) for (let i = st; i > en; i += step) out.push(BigInt(i));
      return out;
    },
  });
  f.set('dig', { fn: (a) => dig(a.slice(0, -2), a[a.length - 2], dictArg(a[a.length - 1])) });
  f.set('empty', { fn: (a) => isEmpty(a[0]) });
  // Each says which argument it returned (ctx.chosen), so its values path goes with it.
  const choose = (a: unknown[], ctx: CallContext, i: number): unknown => {
    if (i < 0 || i >= a.length) return null;
    ctx.chosen = i;
    return a[i];
  };
  f.set('coalesce', {
    fn: (a, ctx) =>
      choose(
        a,
        ctx,
        a.findIndex((x) => !isEmpty(x)),
      ),
    trace: 'chosen',
  });
  f.set('default', { fn: (a, ctx) => choose(a, ctx, a.length < 2 || isEmpty(a[1]) ? 0 : 1), trace: 'chosen' });
  f.set('ternary', { fn: (a, ctx) => choose(a, ctx, a[2] ? 0 : 1), trace: 'chosen' });
  f.set('kindOf', { fn: (a) => kindName(a[0]) });
  f.set('kindIs', { fn: (a) => kindName(a[1]) === a[0] });
  f.set('typeOf', { fn: (a) => typeName(a[0]) });
  f.set('typeIs', { fn: (a) => typeName(a[1]) === a[0] });
  f.set('typeIsLike', { fn: (a) => typeName(a[1]) === a[0] || '*' + typeName(a[1]) === a[0] });
  f.set('deepEqual', { fn: (a) => goDeepEqual(a[0], a[1]) });
  void sortedKeys;
}

/** Lists a hostile chart could ask for would exhaust memory before the time budget stops it. */
function guardSize(n: number): void {
  if (Math.abs(n) > 10_000_000) throw new Error(`list of ${n} elements is larger than the render allows`);
}

function strsOf(v: unknown): string[] {
  if (Array.isArray(v)) return v.map(toGoString);
  return [];
}
