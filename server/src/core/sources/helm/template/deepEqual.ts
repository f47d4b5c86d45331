import { GoComplex, GoInt64, isMap } from './values';

/**
 * Go's reflect.DeepEqual on template values (Sprig's uniq, has, without, deepEqual): the same
 * Go type and equal contents, recursively. An int (bigint) is never equal to an int64 (GoInt64)
 * or a float64 (number), so `deepEqual .Values.s 3` with `--set s=3` is false as in helm; NaN
 * equals nothing. Never throws, whatever the values (a JSON comparison could not serialise a bigint).
 */
export function goDeepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return typeof a !== 'number' || !Number.isNaN(a);
  if (a === null || a === undefined || b === null || b === undefined) return (a ?? null) === (b ?? null);
  if (a instanceof GoInt64) return b instanceof GoInt64 && a.n === b.n;
  if (a instanceof GoComplex) return b instanceof GoComplex && a.re === b.re && a.im === b.im;
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((x, i) => goDeepEqual(x, b[i]));
  if (a instanceof Uint8Array) return b instanceof Uint8Array && a.length === b.length && a.every((x, i) => x === b[i]);
  if (isMap(a)) {
    if (!isMap(b)) return false;
    const keys = Object.keys(a);
    if (keys.length !== Object.keys(b).length) return false;
    return keys.every((k) => Object.prototype.hasOwnProperty.call(b, k) && goDeepEqual(a[k], b[k]));
  }
  return false; // different scalars, or Go objects that are not the same one
}
