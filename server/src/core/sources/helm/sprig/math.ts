/** Sprig math and conversion functions: int math returns int64 (FuncSpec.int64), the `*f` family float64. */
import type { FuncMap } from '../template/exec';
import { INT64_MAX, INT64_MIN, str, toFloat64, toInt64 } from './convert';

/** Go's int64 arithmetic wraps around (math.MinInt64 / -1 included); BigInt's does not. */
const wrap = (x: bigint): bigint => BigInt.asIntN(64, x);

function intDiv(a: bigint, b: bigint): bigint {
  if (b === 0n) throw new Error('runtime error: integer divide by zero');
  return wrap(a / b);
}

/** strconv.Atoi: out of range gives the nearest int64 (Sprig ignores the error). */
function atoi(s: string): bigint {
  if (!/^[+-]?\d+$/.test(s)) return 0n;
  const n = BigInt(s);
  return n > INT64_MAX ? INT64_MAX : n < INT64_MIN ? INT64_MIN : n;
}

export function addMathFuncs(f: FuncMap): void {
  const ints = (a: unknown[]) => a.map(toInt64);
  const floats = (a: unknown[]) => a.map(toFloat64);
  f.set('add', { fn: (a) => ints(a).reduce((x, y) => wrap(x + y), 0n), int64: true });
  f.set('add1', { fn: (a) => wrap(toInt64(a[0]) + 1n), int64: true });
  f.set('sub', { fn: (a) => wrap(toInt64(a[0]) - toInt64(a[1])), int64: true });
  f.set('mul', { fn: (a) => ints(a).reduce((x, y) => wrap(x * y), 1n), int64: true });
  f.set('div', { fn: (a) => intDiv(toInt64(a[0]), toInt64(a[1])), int64: true });
  f.set('mod', {
    fn: (a) => {
      const b = toInt64(a[1]);
      if (b === 0n) throw new Error('runtime error: integer divide by zero');
      return toInt64(a[0]) % b;
    },
    int64: true,
  });
  f.set('max', { fn: (a) => ints(a).reduce((x, y) => (y > x ? y : x)), int64: true });
  f.set('min', { fn: (a) => ints(a).reduce((x, y) => (y < x ? y : x)), int64: true });
  f.set('addf', { fn: (a) => floats(a).reduce((x, y) => x + y, 0) });
  f.set('add1f', { fn: (a) => toFloat64(a[0]) + 1 });
  f.set('subf', { fn: (a) => floats(a).reduce((x, y) => x - y) });
  f.set('mulf', { fn: (a) => floats(a).reduce((x, y) => x * y, 1) });
  f.set('divf', { fn: (a) => floats(a).reduce((x, y) => x / y) });
  f.set('maxf', { fn: (a) => floats(a).reduce((x, y) => Math.max(x, y), -Infinity) });
  f.set('minf', { fn: (a) => floats(a).reduce((x, y) => Math.min(x, y), Infinity) });
  f.set('floor', { fn: (a) => Math.floor(toFloat64(a[0])) });
  f.set('ceil', { fn: (a) => Math.ceil(toFloat64(a[0])) });
  f.set('round', {
    fn: (a) => {
      const p = a.length > 1 ? Number(toInt64(a[1])) : 0;
      const m = 10 ** p;
      const v = toFloat64(a[0]) * m;
      return (v < 0 ? -Math.round(-v) : Math.round(v)) / m;
    },
  });
  f.set('int', { fn: (a) => toInt64(a[0]), trace: 'last', int64: false });
  f.set('int64', { fn: (a) => toInt64(a[0]), trace: 'last', int64: true });
  f.set('float64', { fn: (a) => toFloat64(a[0]), trace: 'last' });
  f.set('atoi', {
    fn: (a) => atoi(str(a[0])),
  });
  f.set('toDecimal', {
    fn: (a) => {
      const s = str(a[0]);
      // strconv.ParseInt(s, 8, 64): a sign is allowed; out of range is an error, so 0.
      if (!/^[+-]?[0-7]+$/.test(s)) return 0n;
      const n = (s.startsWith('-') ? -1n : 1n) * BigInt('0o' + s.replace(/^[+-]/, ''));
      return n > INT64_MAX || n < INT64_MIN ? 0n : n;
    },
    int64: true,
  });
  f.set('seq', {
    fn: (a) => {
      const n = a.map((x) => Number(toInt64(x)));
      const [n0 = NaN, n1 = NaN, n2 = NaN] = n;
      const [start, step, end] = n.length === 1 ? [1, 1, n0] : n.length === 2 ? [n0, n0 <= n1 ? 1 : -1, n1] : [n0, n1, n2];
      const out: number[] = [];
      if (step > 0) for (let i = start; i <= end; i += step) out.push(i);
      else if (step < 0) for (let i = start; i >= end; i += step) out.push(i);
      return out.join(' ');
    },
  });
}
