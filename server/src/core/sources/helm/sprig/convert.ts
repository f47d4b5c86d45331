/** Sprig's lenient conversions (cast.ToInt64, ToFloat64, ToString), as Helm charts rely on them. */
import { formatV } from '../template/fmt';
import { underscoreOK } from '../template/number';
import { GoInt64, isMap, typeName } from '../template/values';

export const INT64_MAX = 2n ** 63n - 1n;
export const INT64_MIN = -(2n ** 63n);

/** strconv.ParseInt(s, 0, 64)'s syntax: a sign, a 0x/0b/0o/0 base prefix, digits (and `_`: underscoreOK). */
const GO_INT = /^([+-]?)(0[xX][0-9a-fA-F_]+|0[bB][01_]+|0[oO][0-7_]+|0[0-7_]*|[1-9][0-9_]*)$/;

/** strconv.ParseInt(s, 0, 64), undefined where it fails (bad syntax, out of range). */
function parseGoInt(s: string): bigint | undefined {
  const m = GO_INT.exec(s);
  if (!m || !underscoreOK(s)) return undefined;
  let digits = m[2]!.replace(/_/g, '');
  if (/^0[0-7]/.test(digits)) digits = '0o' + digits.slice(1);
  const n = m[1] === '-' ? -BigInt(digits) : BigInt(digits);
  return n > INT64_MAX || n < INT64_MIN ? undefined : n;
}

/** cast's trimZeroDecimal: `1.0`/`1.00` lose their zero decimals (`1.5`, `1.` do not). */
function trimZeroDecimal(s: string): string {
  const m = /^(.*)\.0+$/.exec(s);
  return m ? m[1]! : s;
}

/** Go's float64 to int64 conversion on amd64: out of range (and NaN) gives math.MinInt64. */
function truncFloat(f: number): bigint {
  const n = BigInt(Math.trunc(f));
  return n > INT64_MAX || n < INT64_MIN ? INT64_MIN : n;
}

export function toInt64(v: unknown): bigint {
  if (v instanceof GoInt64) return v.n;
  switch (typeof v) {
    case 'bigint':
      return v;
    case 'number':
      return Number.isFinite(v) ? truncFloat(v) : 0n;
    case 'boolean':
      return v ? 1n : 0n;
    // cast.ToInt64: strconv.ParseInt(trimZeroDecimal(s), 0, 0), 0 on any error (`1.5`, ` 5`, `1e3`).
    case 'string':
      return parseGoInt(trimZeroDecimal(v)) ?? 0n;
  }
  return 0n;
}

export function toFloat64(v: unknown): number {
  if (v instanceof GoInt64) return Number(v.n);
  switch (typeof v) {
    case 'bigint':
      return Number(v);
    case 'number':
      return v;
    case 'boolean':
      return v ? 1 : 0;
    case 'string': {
      const f = Number(v.trim());
      return v.trim() !== '' && Number.isFinite(f) ? f : 0;
    }
  }
  return 0;
}

/** Sprig's strval / toString: strings as is, []byte as text, errors by message, else %v. */
export function toGoString(v: unknown): string {
  if (typeof v === 'string') return v;
  if (v instanceof Uint8Array) return Buffer.from(v).toString('utf8');
  if (v === null || v === undefined) return '<nil>';
  return formatV(v);
}

/** Sprig's `empty`: zero values and empty collections. */
export function isEmpty(v: unknown): boolean {
  if (v === null || v === undefined) return true;
  switch (typeof v) {
    case 'string':
      return v.length === 0;
    case 'boolean':
      return !v;
    case 'number':
      return v === 0;
    case 'bigint':
      return v === 0n;
  }
  if (Array.isArray(v)) return v.length === 0;
  if (isMap(v)) return Object.keys(v).length === 0;
  if (v instanceof GoInt64) return v.n === 0n;
  return false;
}

/** A string argument; Go would reject other types when calling a func(string). */
export function str(v: unknown): string {
  if (typeof v === 'string') return v;
  if (v === null || v === undefined) return '';
  throw new Error(`wrong type for value; expected string; got ${typeName(v)}`);
}

/** An int argument (Go converts untyped ints; values floats are rejected like Go would). */
export function int(v: unknown): number {
  if (typeof v === 'bigint') return Number(v);
  throw new Error(`wrong type for value; expected int; got ${typeName(v)}`);
}
