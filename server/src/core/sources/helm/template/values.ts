/**
 * Go values as the template engine sees them. JS `number` is Go float64 (every number Helm
 * reads from YAML/JSON values), `bigint` is Go int (template literals, len, Sprig int math),
 * null/undefined is nil, arrays are []interface{}, plain objects are map[string]interface{}.
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
 * A bigint is Go's `int` (template literals, len) unless `int64` says it is an int64 (`--set`
 * integers, Sprig's integer math): the value alone cannot tell, its Traced carries it.
 */
function scalarName(v: unknown, int64: boolean): string | undefined {
  switch (typeof v) {
    case 'string':
      return 'string';
    case 'boolean':
      return 'bool';
    case 'number':
      return 'float64';
    case 'bigint':
      return int64 ? 'int64' : 'int';
  }
  return undefined;
}

/** Go's type name of a value, as `printf "%T"` and error messages print it. */
export function typeName(v: unknown, int64 = false): string {
  if (v === null || v === undefined) return '<nil>';
  const scalar = scalarName(v, int64);
  if (scalar) return scalar;
  if (Array.isArray(v)) return '[]interface {}';
  if (v instanceof Uint8Array) return '[]uint8';
  if (isGoObject(v)) return v.goType;
  return 'map[string]interface {}';
}

/** Kind name as Sprig's kindOf/kindIs report it. */
export function kindName(v: unknown, int64 = false): string {
  if (v === null || v === undefined) return 'invalid';
  const scalar = scalarName(v, int64);
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
  return true;
}

/** Sorted keys, as Go's fmt and range order map keys. */
export function sortedKeys(m: GoMap): string[] {
  return Object.keys(m).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

export class TemplateExecError extends Error {}
