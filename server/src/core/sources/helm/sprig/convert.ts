/** Sprig's lenient conversions (cast.ToInt64, ToFloat64, ToString), as Helm charts rely on them. */
import { LazyRe2, matchAll } from '../re2';
import { formatV } from '../template/fmt';

const DECIMAL = new LazyRe2('[+-]?[\\d.]+([eE][+-]?\\d+)?');
import { isMap } from '../template/values';

export function toInt64(v: unknown): bigint {
  switch (typeof v) {
    case 'bigint':
      return v;
    case 'number':
      return Number.isFinite(v) ? BigInt(Math.trunc(v)) : 0n;
    case 'boolean':
      return v ? 1n : 0n;
    case 'string': {
      const s = v.trim();
      if (/^[+-]?\d+$/.test(s)) return BigInt(s);
      if (/^[+-]?0[xX][0-9a-fA-F]+$/.test(s)) return BigInt(s.replace(/^([+-]?)0[xX]/, '$10x'));
      const f = Number(s);
      return s !== '' && Number.isFinite(f) && matchAll(DECIMAL, s) ? BigInt(Math.trunc(f)) : 0n;
    }
  }
  return 0n;
}

export function toFloat64(v: unknown): number {
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
  return false;
}

/** A string argument; Go would reject other types when calling a func(string). */
export function str(v: unknown): string {
  if (typeof v === 'string') return v;
  if (v === null || v === undefined) return '';
  throw new Error(
    `wrong type for value; expected string; got ${typeof v === 'bigint' ? 'int' : typeof v === 'number' ? 'float64' : typeof v === 'boolean' ? 'bool' : Array.isArray(v) ? '[]interface {}' : 'map[string]interface {}'}`,
  );
}

/** An int argument (Go converts untyped ints; values floats are rejected like Go would). */
export function int(v: unknown): number {
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'number' && Number.isInteger(v)) throw new Error('wrong type for value; expected int; got float64');
  throw new Error(`wrong type for value; expected int; got ${v === null || v === undefined ? '<nil>' : typeof v}`);
}
