/**
 * `toToml`: Helm encodes with BurntSushi/toml's Encoder, and charts see its exact layout:
 * keys sorted, plain keys before tables, a blank line before each top-level table, nested
 * tables and their keys indented two spaces per level, `[[x]]` for lists of maps, floats with
 * at least one decimal (values read from YAML are float64, so `3` prints `3.0`).
 * An encoding error is returned as text, as Helm's toToml does.
 */
import { goInt, isMap, type GoMap } from '../template/values';

class TomlError extends Error {}

const BARE_KEY = /^[A-Za-z0-9_-]+$/;

function quoteKey(k: string): string {
  return BARE_KEY.test(k) ? k : quote(k);
}

function quote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (ch === '"') out += '\\"';
    else if (ch === '\\') out += '\\\\';
    else if (ch === '\b') out += '\\b';
    else if (ch === '\t') out += '\\t';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\f') out += '\\f';
    else if (ch === '\r') out += '\\r';
    else if (c < 0x20 || c === 0x7f) out += '\\u' + c.toString(16).padStart(4, '0');
    else out += ch;
  }
  return out + '"';
}

/** strconv.FormatFloat(f, 'f', -1, 64) plus ".0" when there is no decimal point. */
function float(f: number): string {
  if (Number.isNaN(f)) return 'nan';
  if (!Number.isFinite(f)) return f < 0 ? '-inf' : 'inf';
  const s = Object.is(f, -0) ? '-0' : plainDecimal(String(f));
  return s.includes('.') ? s : s + '.0';
}

/** JS's shortest digits (the same digits Go's -1 precision picks), written without an exponent. */
function plainDecimal(js: string): string {
  const e = js.indexOf('e');
  if (e < 0) return js;
  const sign = js.startsWith('-') ? '-' : '';
  const mantissa = js.slice(sign.length, e);
  const digits = mantissa.replace('.', '');
  const point = (mantissa.includes('.') ? mantissa.indexOf('.') : mantissa.length) + Number(js.slice(e + 1));
  if (point <= 0) return `${sign}0.${'0'.repeat(-point)}${digits}`;
  if (point >= digits.length) return sign + digits + '0'.repeat(point - digits.length);
  return `${sign}${digits.slice(0, point)}.${digits.slice(point)}`;
}

const isTable = (v: unknown) => isMap(v) || isTableArray(v);

function isTableArray(v: unknown): v is GoMap[] {
  if (!Array.isArray(v) || v.length === 0) return false;
  let all = true;
  for (const x of v) {
    if (x === null || x === undefined) throw new TomlError('toml: cannot encode array with nil element');
    if (!isMap(x)) all = false;
  }
  return all;
}

function element(v: unknown): string {
  if (typeof v === 'string') return quote(v);
  const n = goInt(v);
  if (n !== undefined) return n.toString();
  if (typeof v === 'number') return float(v);
  if (typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) {
    if (v.some((x) => x === null || x === undefined)) throw new TomlError('toml: cannot encode array with nil element');
    return '[' + v.map(element).join(', ') + ']';
  }
  if (isMap(v)) {
    const keys = Object.keys(v)
      .filter((k) => v[k] !== null && v[k] !== undefined)
      .sort();
    return '{' + keys.map((k) => `${quoteKey(k)} = ${element(v[k])}`).join(', ') + '}';
  }
  throw new TomlError(`toml: unsupported type: ${typeof v}`);
}

class Encoder {
  out = '';
  private written = false;

  private write(s: string): void {
    this.out += s;
    this.written = true;
  }
  private newline(): void {
    if (this.written) this.write('\n');
  }
  private indent(key: string[]): string {
    return '  '.repeat(Math.max(0, key.length - 1));
  }
  private header(key: string[]): string {
    return key.map(quoteKey).join('.');
  }

  encode(key: string[], v: unknown): void {
    if (v === null || v === undefined) return;
    if (isTableArray(v)) return this.arrayOfTables(key, v);
    if (isMap(v)) return this.table(key, v);
    if (key.length === 0) return this.write(element(v));
    this.write(`${this.indent(key)}${quoteKey(key[key.length - 1]!)} = ${element(v)}`);
    this.newline();
  }

  private table(key: string[], m: GoMap): void {
    if (key.length === 1) this.newline();
    if (key.length > 0) {
      this.write(`${this.indent(key)}[${this.header(key)}]`);
      this.newline();
    }
    this.mapBody(key, m);
  }

  private arrayOfTables(key: string[], list: GoMap[]): void {
    if (key.length === 0) throw new TomlError('toml: top-level values must be Go maps or structs');
    for (const m of list) {
      this.newline();
      this.write(`${this.indent(key)}[[${this.header(key)}]]`);
      this.newline();
      this.mapBody(key, m);
    }
  }

  private mapBody(key: string[], m: GoMap): void {
    const keys = Object.keys(m).sort();
    const direct = keys.filter((k) => !isTable(m[k]));
    const sub = keys.filter((k) => isTable(m[k]));
    for (const k of direct) this.encode([...key, k], m[k]);
    for (const k of sub) this.encode([...key, k], m[k]);
  }
}

export function toToml(v: unknown): string {
  const enc = new Encoder();
  try {
    enc.encode([], v);
  } catch (e) {
    if (e instanceof TomlError) return e.message;
    throw e;
  }
  return enc.out;
}
