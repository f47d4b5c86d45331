/**
 * Helm's `--set` family (pkg/strvals/parser.go), ported rune for rune so that odd inputs
 * (`a[0].b=x`, `{a,b}` lists, `\,` escapes, `key=` with nothing after it) give Helm's values or
 * Helm's error text:
 * - `--set`: typed values (true/false/null case-insensitively, int64 unless it starts with 0);
 * - `--set-string`: every value a string;
 * - `--set-json`: each value is one JSON value (numbers are float64, as Go's encoding/json reads them);
 * - `--set-file`: each value is a file path, the value is the file's text;
 * - `--set-literal`: one value per flag, the rest of the text after `=`, never typed or unescaped.
 */
import { GoInt64, isMap, newMap, type GoMap } from '../template/values';
import { fromJs } from './funcs';

const MAX_INDEX = 65536;
const MAX_NESTED_NAME_LEVEL = 30;

type Reader = (raw: string) => unknown;

/** Go's io.EOF: the line ended (not an error at the top level). */
class Eof extends Error {}

function typedVal(val: string): unknown {
  const lower = val.toLowerCase();
  if (lower === 'true') return true;
  if (lower === 'false') return false;
  if (lower === 'null') return null;
  if (val === '0') return new GoInt64(0n);
  if (val.length > 0 && val[0] !== '0' && /^[+-]?\d+$/.test(val)) {
    const n = BigInt(val);
    // strconv.ParseInt(val, 10, 64): out of range stays a string.
    if (n >= -(2n ** 63n) && n < 2n ** 63n) return new GoInt64(n);
  }
  return val;
}

/** Go's type name in a failed interface conversion (the panic text Helm reports). */
function goType(v: unknown): string {
  if (v === null || v === undefined) return 'nil';
  if (typeof v === 'string') return 'string';
  if (v instanceof GoInt64) return 'int64';
  if (typeof v === 'bigint') return 'int';
  if (typeof v === 'number') return 'float64';
  if (typeof v === 'boolean') return 'bool';
  return Array.isArray(v) ? '[]interface {}' : 'map[string]interface {}';
}

function asList(v: unknown): unknown[] {
  if (Array.isArray(v)) return v;
  throw new Error(`interface conversion: interface {} is ${goType(v)}, not []interface {}`);
}

function asMap(v: unknown): GoMap {
  if (isMap(v)) return v;
  throw new Error(`interface conversion: interface {} is ${goType(v)}, not map[string]interface {}`);
}

function set(data: GoMap, key: string, val: unknown): void {
  if (key.length > 0) data[key] = val;
}

function setIndex(list: unknown[], index: number, val: unknown): unknown[] {
  if (index < 0) throw new Error(`negative ${index} index not allowed`);
  if (index > MAX_INDEX) throw new Error(`index of ${index} is greater than maximum supported index of ${MAX_INDEX}`);
  while (list.length <= index) list.push(null);
  list[index] = val;
  return list;
}

/** Go's `%q` of a `[]rune` (literal_parser.go reports the runes, parser.go a string): `['x' 'y']`. */
function goRunes(s: string): string {
  const quote = (r: string) => {
    if (r === "'" || r === '\\') return `'\\${r}'`;
    const c = r.codePointAt(0)!;
    if (c >= 0x20 && c !== 0x7f) return `'${r}'`;
    const named: Record<string, string> = { '\n': '\\n', '\t': '\\t', '\r': '\\r' };
    return `'${named[r] ?? '\\x' + c.toString(16).padStart(2, '0')}'`;
  };
  return `[${Array.from(s, quote).join(' ')}]`;
}

class Parser {
  private pos = 0;
  private readonly runes: string[];
  constructor(
    text: string,
    private readonly reader: Reader | undefined,
    private readonly json = false,
    /** `--set-literal` (literal_parser.go): no escapes, no commas, the value is the rest of the text. */
    private readonly literal = false,
  ) {
    this.runes = Array.from(text);
  }

  parse(data: GoMap): void {
    for (;;) {
      try {
        this.key(data, 0);
      } catch (e) {
        if (e instanceof Eof) return;
        throw e;
      }
    }
  }

  private read(): string | undefined {
    return this.runes[this.pos++];
  }

  private runesUntil(stop: string): { v: string; last: string | undefined } {
    let v = '';
    for (;;) {
      const r = this.read();
      if (r === undefined) return { v, last: undefined };
      if (stop.includes(r)) return { v, last: r };
      if (r === '\\' && !this.literal) {
        const next = this.read();
        if (next === undefined) return { v, last: undefined };
        v += next;
      } else v += r;
    }
  }

  private key(data: GoMap, level: number): void {
    try {
      this.keyInner(data, level);
    } catch (e) {
      // Go recovers a panic (a failed type assertion) into this message.
      if (e instanceof Error && e.message.startsWith('interface conversion:'))
        throw new Error(`unable to parse key: ${e.message}`, { cause: e });
      throw e;
    }
  }

  private keyInner(data: GoMap, level: number): void {
    const { v: k, last } = this.runesUntil(this.literal ? '=[.' : '=[,.');
    if (last === undefined) {
      if (k.length === 0) throw new Eof();
      throw new Error(`key "${k}" has no value`);
    }
    if (last === '[') {
      const i = this.keyIndex();
      const list = Object.prototype.hasOwnProperty.call(data, k) ? asList(data[k]) : [];
      let result: unknown[] = list;
      try {
        result = this.listItem(list, i, level);
      } finally {
        set(data, k, result);
      }
      return;
    }
    if (last === '=') {
      if (this.json) return set(data, k, this.jsonValue());
      return this.assign((v) => set(data, k, v));
    }
    if (last === ',') {
      set(data, k, '');
      throw new Error(`key "${k}" has no value (cannot end with ,)`);
    }
    // last === '.'
    if (++level > MAX_NESTED_NAME_LEVEL) {
      throw new Error(`value name nested level is greater than maximum supported nested level of ${MAX_NESTED_NAME_LEVEL}`);
    }
    const inner = Object.prototype.hasOwnProperty.call(data, k) ? asMap(data[k]) : newMap();
    let err: unknown;
    try {
      this.key(inner, level);
    } catch (e) {
      err = e;
    }
    if (err === undefined && Object.keys(inner).length === 0) throw new Error(`key map "${k}" has no value`);
    if (Object.keys(inner).length !== 0) set(data, k, inner);
    if (err !== undefined) throw err;
  }

  /** After `=`: a `{a,b}` list, or one value up to the next unescaped comma. */
  private assign(store: (v: unknown) => void): void {
    if (this.literal) {
      store(this.runes.slice(this.pos).join(''));
      this.pos = this.runes.length;
      return;
    }
    const start = this.pos;
    if (this.runes[start] === undefined) {
      store('');
      throw new Eof();
    }
    if (this.runes[start] === '{') {
      this.pos++;
      store(this.valList());
      return;
    }
    const { v } = this.runesUntil(',');
    store(this.reader!(v));
  }

  private keyIndex(): number {
    const { v, last } = this.runesUntil(']');
    if (last === undefined) throw new Eof();
    if (!/^[+-]?\d+$/.test(v)) throw new Error(`error parsing index: strconv.Atoi: parsing "${v}": invalid syntax`);
    return Number(v);
  }

  private listItem(list: unknown[], i: number, level: number): unknown[] {
    if (i < 0) throw new Error(`negative ${i} index not allowed`);
    const { v: k, last } = this.runesUntil('[.=');
    if (k.length > 0) throw new Error(`unexpected data at end of array index: ${this.literal ? goRunes(k) : `"${k}"`}`);
    if (last === undefined) throw new Eof();
    if (last === '=') {
      if (this.json) return setIndex(list, i, this.jsonValue());
      let out = list;
      this.assign((v) => (out = setIndex(list, i, v)));
      return out;
    }
    if (last === '[') {
      const next = this.keyIndex();
      const existing = list.length > i && list[i] !== null ? asList(list[i]) : [];
      return setIndex(list, i, this.listItem(existing, next, level));
    }
    // last === '.': a map inside the list
    let inner = newMap();
    if (list.length > i) {
      if (isMap(list[i])) inner = list[i] as GoMap;
      else list[i] = inner; // indices out of order: Helm starts an empty map
    }
    this.key(inner, level);
    return setIndex(list, i, inner);
  }

  private valList(): unknown[] {
    const list: unknown[] = [];
    for (;;) {
      const { v, last } = this.runesUntil(',}');
      if (last === undefined) throw new Error("list must terminate with '}'");
      list.push(this.reader!(v));
      if (last === '}') {
        if (this.runes[this.pos] === ',') this.pos++;
        return list;
      }
    }
  }

  /** Optional blanks then a comma or the end: true (consumed); anything else: false (left). */
  private emptyVal(): boolean {
    for (;;) {
      const r = this.runes[this.pos];
      if (r === undefined) return true;
      this.pos++;
      if (r === ',') return true;
      if (!/\s/.test(r)) {
        this.pos--;
        return false;
      }
    }
  }

  /** One JSON value, as Go's json.Decoder reads the first value of the rest of the line. */
  private jsonValue(): unknown {
    if (this.emptyVal()) return null;
    const rest = this.runes.slice(this.pos).join('');
    const end = jsonValueEnd(rest);
    const value = fromJs(JSON.parse(rest.slice(0, end)));
    this.pos += Array.from(rest.slice(0, end)).length;
    this.emptyVal();
    return value;
  }
}

/** The length of the first JSON value at the start of `s` (leading blanks included). */
function jsonValueEnd(s: string): number {
  let i = 0;
  while (i < s.length && /\s/.test(s.charAt(i))) i++;
  let depth = 0;
  let inString = false;
  for (; i < s.length; i++) {
    const c = s[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') {
        inString = false;
        if (depth === 0) return i + 1;
      }
    } else if (c === '"') inString = true;
    else if (c === '{' || c === '[') depth++;
    else if (c === '}' || c === ']') {
      if (--depth <= 0) return i + 1;
    } else if (depth === 0 && (c === ',' || /\s/.test(c!))) return i;
  }
  return s.length;
}

/** `--set`: values typed as Helm types them. */
export function parseSet(expr: string, into: GoMap): GoMap {
  new Parser(expr, typedVal).parse(into);
  return into;
}

/** `--set-string`: every value a string. */
export function parseSetString(expr: string, into: GoMap): GoMap {
  new Parser(expr, (v) => v).parse(into);
  return into;
}

/** `--set-literal`: the whole text after the key's `=` is the value, a string as it is (commas and backslashes too). */
export function parseSetLiteral(expr: string, into: GoMap): GoMap {
  new Parser(expr, undefined, false, true).parse(into);
  return into;
}

/** `--set-file`: every value names a file whose text becomes the value. */
export function parseSetFile(expr: string, into: GoMap, readFile: (path: string) => string): GoMap {
  new Parser(expr, readFile).parse(into);
  return into;
}

/**
 * `--set-json`: `key=<json>` pairs, or (Helm 4) a whole JSON object merged into the values.
 * Any failure is Helm's one message naming the whole argument.
 */
export function parseSetJson(expr: string, into: GoMap, merge: (base: GoMap, over: GoMap) => GoMap): GoMap {
  const trimmed = expr.trim();
  if (trimmed.startsWith('{')) {
    let obj: unknown;
    try {
      obj = fromJs(JSON.parse(trimmed));
    } catch {
      obj = undefined;
    }
    if (!isMap(obj)) throw new Error(`failed parsing --set-json data JSON: ${expr}`);
    return merge(into, obj);
  }
  try {
    new Parser(expr, undefined, true).parse(into);
  } catch {
    throw new Error(`failed parsing --set-json data ${expr}`);
  }
  return into;
}
