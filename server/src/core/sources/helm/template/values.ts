/**
 * Go values as the template engine sees them. JS `number` is Go float64 (every number Helm
 * reads from YAML/JSON values), `bigint` is Go int (template literals, len, atoi), a GoInt64
 * box is Go int64 (`--set` integers, Sprig's integer math: add, max, int64...), null/undefined is nil, arrays are []interface{}, plain objects are map[string]interface{}.
 * Objects with methods (.Files, .Capabilities.APIVersions) implement GoObject.
 */

export interface GoObject {
  readonly goType: string;
  /** A field or niladic method; undefined when absent (missing field is an error in Go). */
  goField(name: string): { value: unknown } | undefined;
  /** A method taking arguments, when the object has one by that name. */
  goMethod?(name: string): ((...args: unknown[]) => unknown) | undefined;
  /** `%v` formatting. */
  goString?(): string;
  /** For map-typed objects (Helm's Files): entries in key order, for `range`. */
  goEntries?(): [string, unknown][];
}

export function isGoObject(v: unknown): v is GoObject {
  return typeof v === 'object' && v !== null && typeof (v as GoObject).goField === 'function';
}

/**
 * A Go int64 (a `--set` integer, Sprig's integer math), where a bare bigint is a Go int: boxed,
 * so its type goes wherever the value goes (lists, maps, `first`, `index`, `dict`...) and
 * `typeOf`/`printf "%T"`/error messages name it. It converts as the bigint it holds
 * (`Number()`, `String()`, JSON.stringify's toJSON, `<`), so code that only needs the number
 * reads it without unboxing.
 */
export class GoInt64 {
  constructor(readonly n: bigint) {}
  valueOf(): bigint {
    return this.n;
  }
  toString(): string {
    return this.n.toString();
  }
  toJSON(): bigint {
    return this.n;
  }
}

/** A Go complex128: only a template literal makes one (`1i`, `1+2i`), printed `(0+1i)`. */
export class GoComplex {
  constructor(
    readonly re: number,
    readonly im: number,
  ) {}
}

/** A Go integer's value (int or int64), else undefined. */
export function goInt(v: unknown): bigint | undefined {
  return typeof v === 'bigint' ? v : v instanceof GoInt64 ? v.n : undefined;
}

export type GoMap = Record<string, unknown>;

export function isMap(v: unknown): v is GoMap {
  if (typeof v !== 'object' || v === null) return false;
  const proto = Object.getPrototypeOf(v);
  // Values' maps have no prototype (newMap) and no GoObject lacks one (they are class instances): decided at once.
  if (proto === null) return true;
  return proto === Object.prototype && !Array.isArray(v) && !isGoObject(v);
}

export function newMap(): GoMap {
  return Object.create(null) as GoMap;
}

/**
 * Go's name of a scalar's type (values read from YAML/JSON: numbers are float64), or undefined.
 * A bigint is Go's `int` (template literals, len), a GoInt64 an int64.
 */
function scalarName(v: unknown): string | undefined {
  if (v instanceof GoInt64) return 'int64';
  if (v instanceof GoComplex) return 'complex128';
  switch (typeof v) {
    case 'string':
      return 'string';
    case 'boolean':
      return 'bool';
    case 'number':
      return 'float64';
    case 'bigint':
      return 'int';
  }
  return undefined;
}

/** Go's type name of a value, as `printf "%T"` and error messages print it. */
export function typeName(v: unknown): string {
  if (v === null || v === undefined) return '<nil>';
  const scalar = scalarName(v);
  if (scalar) return scalar;
  if (Array.isArray(v)) return '[]interface {}';
  if (v instanceof Uint8Array) return '[]uint8';
  if (isGoObject(v)) return v.goType;
  return 'map[string]interface {}';
}

/** Kind name as Sprig's kindOf/kindIs report it. */
export function kindName(v: unknown): string {
  if (v === null || v === undefined) return 'invalid';
  const scalar = scalarName(v);
  if (scalar) return scalar;
  if (Array.isArray(v) || v instanceof Uint8Array) return 'slice';
  if (isGoObject(v)) return v.goType.startsWith('*') ? 'ptr' : 'struct';
  return 'map';
}

/** Go's template truth: false, 0, nil, empty string/slice/map are false. */
export function truth(v: unknown): boolean {
  if (v === null || v === undefined) return false;
  switch (typeof v) {
    case 'string':
      return v.length > 0;
    case 'boolean':
      return v;
    case 'number':
      return v !== 0;
    case 'bigint':
      return v !== 0n;
  }
  if (Array.isArray(v)) return v.length > 0;
  if (isMap(v)) return Object.keys(v).length > 0;
  if (v instanceof GoInt64) return v.n !== 0n;
  if (v instanceof GoComplex) return v.re !== 0 || v.im !== 0;
  return true;
}

/** Sorted keys, as Go's fmt and range order map keys. */
export function sortedKeys(m: GoMap): string[] {
  return Object.keys(m).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

export class TemplateExecError extends Error {}
