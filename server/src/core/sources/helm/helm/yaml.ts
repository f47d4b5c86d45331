/**
 * YAML and JSON as Helm reads and writes them (sigs.k8s.io/yaml over go-yaml v2 and
 * encoding/json): YAML 1.1 booleans (yes/on), every number a float64, timestamps kept as
 * strings, map keys sorted on output, go-yaml v2's quoting and block styles.
 */
import { parseAllDocuments, type DocumentOptions, type ParseOptions, type SchemaOptions } from 'yaml';
import { LazyRe2, matchAll } from '../re2';
import { readPlainYaml, type KeptKeys, type PlainYamlHooks } from './plainYaml';
import { formatFloatG } from '../template/fmt';
import { GoInt64, isGoObject, isMap, newMap, sortedKeys } from '../template/values';

/**
 * go-yaml v2 first tries strconv.ParseInt(s, 0, 64) (then ParseUint) on a plain scalar, so it
 * also reads the integers YAML 1.1 does not have: `0o17`, `0O17`, `0B11`, `0X1F` (15, 15, 3, 31).
 */
const GO_PREFIXED_INT = {
  tag: 'tag:yaml.org,2002:int',
  default: true,
  test: /^[-+]?0(?:[oO][0-7_]+|B[01_]+|X[0-9a-fA-F_]+)$/,
  identify: () => false,
  resolve(s: string): number | string {
    // go-yaml removes every `_` before it parses an integer.
    const body = s.replace(/_/g, '').replace(/^[-+]?0(.)/, (_m, b: string) => '0' + b.toLowerCase());
    if (body.length < 3) return s;
    const n = s.startsWith('-') ? -BigInt(body) : BigInt(body);
    // In int64's range, or (positive) uint64's: else go-yaml keeps the text.
    return n >= -(2n ** 63n) && n < 2n ** 64n ? Number(n) : s;
  },
};

const YAML_OPTIONS: ParseOptions & DocumentOptions & SchemaOptions = {
  version: '1.1',
  // go-yaml v2 leaves timestamps and sexagesimal numbers as strings when decoding into interface{}.
  customTags: (tags) => [
    GO_PREFIXED_INT,
    ...tags.filter((t) => typeof t === 'string' || (t.tag !== 'tag:yaml.org,2002:timestamp' && t.format !== 'TIME')),
  ],
  uniqueKeys: false,
  merge: true,
};

/** Converts the `yaml` library's JS value to Helm's: numbers float64, keys strings, null nil. */
function toGo(v: unknown): unknown {
  if (v === null || v === undefined) return null;
  if (typeof v === 'bigint') return Number(v);
  if (Array.isArray(v)) return v.map(toGo);
  if (v instanceof Map) {
    const m = newMap();
    for (const [k, x] of v) m[keyString(k)] = toGo(x);
    return m;
  }
  if (v instanceof Uint8Array) return Buffer.from(v).toString('base64');
  if (typeof v === 'object') {
    const m = newMap();
    for (const k of Object.keys(v)) m[k] = toGo((v as Record<string, unknown>)[k]);
    return m;
  }
  return v;
}

function keyString(k: unknown): string {
  if (typeof k === 'string') return k;
  if (k === null || k === undefined) return 'null';
  if (typeof k === 'number') return formatFloatG(k, 21);
  return String(k);
}

/** Plain scalars the library resolved (most repeat: `true`, `1`, `null`), by text. */
const resolved = new Map<string, unknown>();

const PLAIN_HOOKS: PlainYamlHooks = {
  resolve(plain) {
    // A plain scalar starting with a document marker is a string (no YAML 1.1 type starts so);
    // parsed alone as a stream, the library would read the marker as a document's start or end.
    if (plain.startsWith('---') || plain.startsWith('...')) return plain;
    if (resolved.has(plain)) return resolved.get(plain);
    const doc = parseAllDocuments(plain, YAML_OPTIONS);
    const first = Array.isArray(doc) ? doc[0] : undefined;
    // Anything but a clean scalar is handed back as a collection, which makes the reader give up.
    const raw = first && first.errors.length === 0 ? first.toJS({ mapAsMap: true }) : {};
    if (resolved.size > 10000) resolved.clear();
    resolved.set(plain, raw);
    return raw;
  },
  value: toGo,
  key: keyString,
  map: newMap,
};

/** Parses one YAML document as Helm does; throws with the parser's message on error. */
export function readYaml(text: string): unknown {
  const plain = readPlainYaml(text, PLAIN_HOOKS);
  if (plain) return plain.value;
  return readYamlDocument(text);
}

/**
 * readYaml of a document that is read only for the `kept` keys: a plain document's other
 * values are checked but not built (a library-read one is built in full, as readYaml does).
 */
export function readYamlKeys(text: string, kept: KeptKeys): unknown {
  const plain = readPlainYaml(text, PLAIN_HOOKS, kept);
  if (plain) return plain.value;
  return readYamlDocument(text);
}

/** readYaml by the `yaml` library, for what readPlainYaml leaves to it (exported for tests). */
export function readYamlDocument(text: string): unknown {
  // go-yaml's Unmarshal reads the first document of a stream and ignores the rest.
  const docs = parseAllDocuments(text, YAML_OPTIONS);
  const doc = Array.isArray(docs) ? docs[0] : undefined;
  if (!doc) return null;
  const [err] = doc.errors;
  if (err) throw new Error(err.message);
  return toGo(doc.toJS({ mapAsMap: true, maxAliasCount: 1000 }));
}

export function readYamlArray(text: string): unknown[] {
  let v: unknown;
  // Only a sequence is taken from the fast reader: the library decides what empty text is.
  const plain = readPlainYaml(text, PLAIN_HOOKS);
  if (plain && Array.isArray(plain.value)) v = plain.value;
  else {
    const docs = parseAllDocuments(text, YAML_OPTIONS);
    const first = Array.isArray(docs) ? docs[0] : undefined;
    if (!first) return [];
    const [err] = first.errors;
    if (err) throw new Error(err.message);
    v = toGo(first.toJS({ mapAsMap: true, maxAliasCount: 1000 }));
  }
  if (!Array.isArray(v)) throw new Error('error unmarshaling JSON: json: cannot unmarshal object into Go value of type []interface {}');
  return v;
}

/** encoding/json's float format: 'f' unless the exponent is < -6 or >= 21. */
function jsonFloat(f: number): string {
  if (!Number.isFinite(f)) throw new Error(`json: unsupported value: ${f}`);
  const abs = Math.abs(f);
  if (abs !== 0 && (abs < 1e-6 || abs >= 1e21)) {
    return f.toExponential().replace(/e([+-])(\d)$/, 'e$10$2');
  }
  return formatFloatG(f, 21).replace(/e.*$/, (m) => m);
}

function jsonString(s: string, escapeHtml: boolean): string {
  let out = JSON.stringify(s)
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
  if (escapeHtml) out = out.replace(/[<>&]/g, (c) => '\\u00' + c.charCodeAt(0).toString(16));
  return out;
}

/** json.Marshal (sorted keys, HTML-escaped) or MarshalIndent with `indent`. */
export function toJson(v: unknown, escapeHtml = true, indent = '', level = 0): string {
  if (v === null || v === undefined) return 'null';
  switch (typeof v) {
    case 'string':
      return jsonString(v, escapeHtml);
    case 'boolean':
      return String(v);
    case 'number':
      return jsonFloat(v);
    case 'bigint':
      return v.toString();
  }
  if (v instanceof GoInt64) return v.n.toString();
  const nl = indent ? '\n' + indent.repeat(level + 1) : '';
  const close = indent ? '\n' + indent.repeat(level) : '';
  if (Array.isArray(v)) {
    if (v.length === 0) return '[]';
    return '[' + nl + v.map((x) => toJson(x, escapeHtml, indent, level + 1)).join(',' + nl) + close + ']';
  }
  if (isMap(v)) {
    const keys = sortedKeys(v);
    if (keys.length === 0) return '{}';
    const sep = indent ? ': ' : ':';
    return (
      '{' + nl + keys.map((k) => jsonString(k, escapeHtml) + sep + toJson(v[k], escapeHtml, indent, level + 1)).join(',' + nl) + close + '}'
    );
  }
  if (isGoObject(v)) return '{}';
  return 'null';
}

// ---- go-yaml v2 emitter (the subset JSON-shaped data needs) ----

const BOOL_OR_NULL = /^(y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF|null|Null|NULL|~|)$/;
const NUMBER = new LazyRe2(
  '[-+]?(0b[01_]+|0[0-7_]+|0x[0-9a-fA-F_]+|(0|[1-9][0-9_]*)|(\\.[0-9]+|[0-9][0-9_]*(\\.[0-9_]*)?)([eE][-+]?[0-9]+)?|\\.(inf|Inf|INF)|\\.(nan|NaN|NAN))',
);
const TIMESTAMP = new LazyRe2('\\d{4}-\\d\\d?-\\d\\d?(([Tt]|[ \\t]+)\\d\\d?:\\d\\d:\\d\\d(\\.\\d*)?([ \\t]*(Z|[-+]\\d\\d?(:\\d\\d)?))?)?');
const BASE60 = new LazyRe2('[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\\.[0-9_]*)?');

/** First characters of a bool, null, number, timestamp, sexagesimal number or `<<`. */
const MAYBE_NON_STRING = new Set([...'yYnNtTfFoO~<-+.0123456789']);

/** Whether go-yaml would resolve the plain scalar to something other than a string. */
function resolvesToNonString(s: string): boolean {
  // Every non-string form starts with one of these (or is empty): most strings are decided here.
  if (s.length > 0 && !MAYBE_NON_STRING.has(s[0]!)) return false;
  return BOOL_OR_NULL.test(s) || !!matchAll(NUMBER, s) || !!matchAll(TIMESTAMP, s) || !!matchAll(BASE60, s) || s === '<<';
}

function isPrintable(c: number): boolean {
  return (
    c === 0x0a ||
    (c >= 0x20 && c <= 0x7e) ||
    c === 0x85 ||
    (c >= 0xa0 && c <= 0xd7ff) ||
    (c >= 0xe000 && c <= 0xfffd && c !== 0xfeff) ||
    c >= 0x10000
  );
}

type Style = 'plain' | 'single' | 'double' | 'literal';

function scalarStyle(s: string, isKey: boolean): Style {
  let special = false;
  for (let i = 0; i < s.length && !special; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0x20 && c <= 0x7e) continue;
    const cp = s.codePointAt(i)!;
    if (!isPrintable(cp)) special = true;
    if (cp > 0xffff) i++;
  }
  const multiline = s.includes('\n');
  if (special) return 'double';
  if (multiline && !isKey) {
    // Literal style is refused when a line ends with a space or a space follows a break... (libyaml's space_break/break_space).
    if (/ \n/.test(s) || (/\n /.test(s) && false)) return 'double';
    return 'literal';
  }
  if (multiline) return 'double';
  if (resolvesToNonString(s)) return 'double';
  if (plainAllowed(s)) return 'plain';
  return 'single';
}

function plainAllowed(s: string): boolean {
  if (s.length === 0) return false;
  if (/^\s|\s$/.test(s)) return false;
  const c0 = s.charAt(0);
  if ('[]{},#&*!|>\'"%@`'.includes(c0)) return false;
  if ((c0 === '-' || c0 === '?' || c0 === ':') && (s.length === 1 || s[1] === ' ')) return false;
  if (s.startsWith('---') || s.startsWith('...')) return false;
  if (/: | #|:$/.test(s)) return false;
  return true;
}

function doubleQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (ch === '"' || ch === '\\') out += '\\' + ch;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\t') out += '\\t';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\0') out += '\\0';
    else if (!isPrintable(c))
      out += c <= 0xff ? '\\x' + c.toString(16).toUpperCase().padStart(2, '0') : '\\u' + c.toString(16).toUpperCase().padStart(4, '0');
    else out += ch;
  }
  return out + '"';
}

const BEST_WIDTH = 80;

/**
 * go-yaml v2 folds long plain and quoted scalars at a space once the line passes 80
 * columns; continuation lines are indented at `indent`.
 */
function fold(s: string, column: number, indent: number, quote: "'" | '"' | ''): string {
  // Folding happens only at a space past column 80 (an escape is at most 6 characters wide).
  if (!s.includes(' ') || column + 1 + 6 * s.length <= BEST_WIDTH) {
    return quote === '"' ? doubleQuote(s) : quote === "'" ? `'${s.replace(/'/g, "''")}'` : s;
  }
  if (quote !== '"' && !SURROGATE.test(s)) return foldUnescaped(s, column, indent, quote);
  let out = '';
  let col = column + (quote ? 1 : 0);
  let spaces = false;
  const chars = [...s];
  for (const [i, c] of chars.entries()) {
    if (c === ' ') {
      const inner = quote === '' || (i > 0 && i < chars.length - 1);
      if (!spaces && col > BEST_WIDTH && inner && (quote === '"' || chars[i + 1] !== ' ')) {
        out += '\n' + ' '.repeat(indent);
        col = indent;
        if (quote === '"' && chars[i + 1] === ' ') {
          out += '\\';
          col++;
        }
      } else {
        out += c;
        col++;
      }
      spaces = true;
      continue;
    }
    const text = quote === "'" && c === "'" ? "''" : quote === '"' ? doubleQuote(c).slice(1, -1) : c;
    out += text;
    col += text.length;
    spaces = false;
  }
  return quote + out + quote;
}

/**
 * fold for a plain or single-quoted scalar without surrogate pairs (the long descriptions of
 * CRDs): the same walk over characters, copying the text between folds in slices.
 */
function foldUnescaped(s: string, column: number, indent: number, quote: "'" | ''): string {
  const pieces: string[] = [];
  let from = 0;
  let col = column + (quote ? 1 : 0);
  let spaces = false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x20) {
      const inner = quote === '' || (i > 0 && i < s.length - 1);
      if (!spaces && col > BEST_WIDTH && inner && s.charCodeAt(i + 1) !== 0x20) {
        pieces.push(s.slice(from, i), '\n' + ' '.repeat(indent));
        from = i + 1;
        col = indent;
      } else col++;
      spaces = true;
      continue;
    }
    col += quote === "'" && c === 0x27 ? 2 : 1;
    spaces = false;
  }
  pieces.push(s.slice(from));
  const body = pieces.join('');
  return quote === "'" ? `'${body.replace(/'/g, "''")}'` : body;
}

function scalar(s: string, indent: number, isKey: boolean, column = 0): string {
  switch (scalarStyle(s, isKey)) {
    case 'plain':
      return isKey ? s : fold(s, column, indent, '');
    case 'single':
      return isKey ? `'${s.replace(/'/g, "''")}'` : fold(s, column, indent, "'");
    case 'double':
      return isKey ? doubleQuote(s) : fold(s, column, indent, '"');
    case 'literal': {
      const trailing = /\n+$/.exec(s)?.[0].length ?? 0;
      const chomp = trailing === 0 ? '-' : trailing === 1 ? '' : '+';
      const indicator = s.startsWith(' ') || s.startsWith('\n') ? String(2) : '';
      const body = trailing > 0 ? s.slice(0, s.length - 1) : s;
      const pad = ' '.repeat(indent);
      return (
        `|${indicator}${chomp}\n` +
        body
          .split('\n')
          .map((l) => (l.length ? pad + l : ''))
          .join('\n')
      );
    }
  }
}

function scalarText(v: unknown, indent: number, column = 0): string | undefined {
  if (v === null || v === undefined) return 'null';
  switch (typeof v) {
    case 'string':
      return scalar(v, indent, false, column);
    case 'boolean':
      return String(v);
    case 'bigint':
      return v.toString();
    case 'object':
      if (v instanceof GoInt64) return v.n.toString();
      break;
    case 'number': {
      const j = jsonFloat(v);
      // JSON text re-read by go-yaml: integral text is an int, other text a float printed with %g.
      return /^-?\d+$/.test(j) ? j : formatFloatG(Number(j), 21).replace(/^(-?\d+)$/, '$1');
    }
  }
  if (Array.isArray(v) && v.length === 0) return '[]';
  if (isMap(v) && Object.keys(v).length === 0) return '{}';
  if (isGoObject(v)) return '{}';
  return undefined;
}

const isLetter = (c: string) => {
  const k = c.charCodeAt(0);
  return k < 0x80 ? (k >= 97 && k <= 122) || (k >= 65 && k <= 90) : /\p{L}/u.test(c);
};
const isDigit = (c: string | undefined) => c !== undefined && c >= '0' && c <= '9';
const SURROGATE = /[\ud800-\udfff]/;

/**
 * go-yaml v2's key order (sorter.go): letters after other characters, digit runs numerically.
 * It compares runes: a key without surrogate pairs is compared as it is (its characters are
 * its runes), so sorting a map's keys makes no arrays.
 */
function yamlKeyCompare(a: string, b: string): number {
  const ar: string | string[] = SURROGATE.test(a) ? [...a] : a;
  const br: string | string[] = SURROGATE.test(b) ? [...b] : b;
  for (let i = 0; i < ar.length && i < br.length; i++) {
    const x = ar[i];
    const y = br[i];
    if (x === undefined || y === undefined) break;
    if (x === y) continue;
    const al = isLetter(x);
    const bl = isLetter(y);
    if (al && bl) return x < y ? -1 : 1;
    if (al || bl) return bl ? -1 : 1;
    let an = 0;
    let bn = 0;
    if (x === '0' || y === '0') {
      for (let j = i - 1; j >= 0 && isDigit(ar[j]); j--)
        if (ar[j] !== '0') {
          an = 1;
          bn = 1;
          break;
        }
    }
    let ai = i;
    let bi = i;
    for (; ai < ar.length && isDigit(ar[ai]); ai++) an = an * 10 + Number(ar[ai]);
    for (; bi < br.length && isDigit(br[bi]); bi++) bn = bn * 10 + Number(br[bi]);
    if (an !== bn) return an < bn ? -1 : 1;
    if (ai !== bi) return ai < bi ? -1 : 1;
    return x < y ? -1 : 1;
  }
  return ar.length - br.length;
}

/**
 * One map entry or list item as toYaml wrote it, for the source map: it starts at `col` of
 * line `line` (its key, or its `- `) and ends with line `endLine - 1`; `children` are its
 * nested entries. The text itself is unchanged by recording spans.
 */
export interface YamlSpan {
  key: string | number;
  value: unknown;
  line: number;
  col: number;
  endLine: number;
  children: YamlSpan[];
}

function span(spans: YamlSpan[] | undefined, key: string | number, value: unknown, line: number, col: number): YamlSpan | undefined {
  if (!spans) return undefined;
  const s: YamlSpan = { key, value, line, col, endLine: line + 1, children: [] };
  spans.push(s);
  return s;
}

function emit(v: unknown, indent: number, lines: string[], prefix: string, spans?: YamlSpan[]): void {
  const pad = ' '.repeat(indent);
  if (Array.isArray(v) && v.length > 0) {
    v.forEach((item, i) => {
      const head = i === 0 ? prefix : pad;
      const sp = span(spans, i, item, lines.length, head.length);
      const s = scalarText(item, indent + 2, head.length + 2);
      if (s !== undefined) lines.push(head + '- ' + s);
      else emit(item, indent + 2, lines, head + '- ', sp?.children);
      if (sp) sp.endLine = lines.length;
    });
    return;
  }
  if (isMap(v)) {
    Object.keys(v)
      .sort(yamlKeyCompare)
      .forEach((k, i) => {
        const head = i === 0 ? prefix : pad;
        const key = scalar(k, indent, true);
        const val = v[k];
        const sp = span(spans, k, val, lines.length, head.length);
        const s = scalarText(val, indent + 2, head.length + key.length + 2);
        if (s !== undefined) lines.push(`${head}${key}: ${s}`);
        else if (Array.isArray(val)) {
          lines.push(`${head}${key}:`);
          emit(val, indent, lines, pad, sp?.children);
        } else {
          lines.push(`${head}${key}:`);
          emit(val, indent + 2, lines, ' '.repeat(indent + 2), sp?.children);
        }
        if (sp) sp.endLine = lines.length;
      });
    return;
  }
  lines.push(prefix + scalarText(v, indent));
}

/** Helm's toYaml: sigs.k8s.io/yaml.Marshal, trailing newline trimmed. */
export function toYaml(v: unknown): string {
  return toYamlLines(v).join('\n');
}

/** toYaml's lines (a line may hold a multi-line scalar), recording each entry's span in `spans` when given. */
export function toYamlLines(v: unknown, spans?: YamlSpan[]): string[] {
  // A root block scalar is indented by go-yaml's default indent (2).
  const s = scalarText(v, 2);
  if (s !== undefined) return [s];
  const lines: string[] = [];
  emit(v, 0, lines, '', spans);
  return lines;
}
