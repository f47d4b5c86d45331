import { isScalar, stringify, Scalar } from 'yaml';
import type { FileStyle } from './style';
import { pushAll } from '../arrays';

/**
 * Renders the small values a fix inserts (scalars, plain objects, arrays) as YAML text.
 * Our own tiny renderer rather than `doc.toString()`: it only ever produces the new
 * subtree, in the file's indent unit and sequence style, so nothing else moves.
 *
 * A value may be a `yaml` `Scalar` whose `type` is `QUOTE_DOUBLE`/`QUOTE_SINGLE` to force
 * quoting (annotation reasons read better quoted).
 */

export type PlainObject = Record<string, unknown>;

export function isPlainObject(v: unknown): v is PlainObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !isScalar(v) && Object.getPrototypeOf(v) === Object.prototype;
}

/** A collection that needs its own lines in block style. */
function isNonEmptyCollection(v: unknown): boolean {
  return (Array.isArray(v) && v.length > 0) || (isPlainObject(v) && Object.keys(v).length > 0);
}

/** True for values the renderer knows how to write. */
export function renderable(v: unknown, depth = 0): boolean {
  if (depth > 20) return false;
  if (v === null || typeof v === 'boolean' || typeof v === 'string') return true;
  if (typeof v === 'number') return Number.isFinite(v);
  if (isScalar(v)) return renderable(v.value, depth + 1) && !isScalar(v.value);
  if (Array.isArray(v)) return v.every((x) => renderable(x, depth + 1));
  if (isPlainObject(v)) return Object.values(v).every((x) => renderable(x, depth + 1));
  return false;
}

const FLOW_UNSAFE = /[,[\]{}#]|: |:$/;

/** One scalar as YAML text; `flow` when it lands inside `{}` / `[]`. */
export function renderScalar(v: unknown, flow: boolean): string {
  if (isScalar(v)) {
    const inner = v.value;
    if (typeof inner === 'string' && v.type === Scalar.QUOTE_DOUBLE) return JSON.stringify(inner);
    if (typeof inner === 'string' && v.type === Scalar.QUOTE_SINGLE) return `'${inner.replace(/'/g, "''")}'`;
    return renderScalar(inner, flow);
  }
  if (v === null) return 'null';
  if (typeof v === 'boolean' || typeof v === 'number') return String(v);
  const s = String(v);
  if (/[\r\n\u0085\u2028\u2029]/.test(s)) return JSON.stringify(s);
  const out = stringify(s, { lineWidth: 0 }).replace(/\r?\n$/, '');
  if (/[\r\n]/.test(out)) return JSON.stringify(s);
  if (flow && !/^["']/.test(out) && FLOW_UNSAFE.test(out)) return JSON.stringify(s);
  return out;
}

/** A value in flow style: `{a: 1, b: [x, y]}`. */
export function renderFlow(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(renderFlow).join(', ')}]`;
  if (isPlainObject(v))
    return `{${Object.entries(v)
      .map(([k, x]) => `${renderScalar(k, true)}: ${renderFlow(x)}`)
      .join(', ')}}`;
  return renderScalar(v, true);
}

/** Items of a flow collection without the brackets, for insertion after existing items. */
export function renderFlowItems(v: PlainObject | unknown[]): string {
  const s = renderFlow(v);
  return s.slice(1, -1);
}

const pad = (n: number): string => ' '.repeat(n);

/** `key: value` lines at column `col` (no line breaks; the caller joins with the file's). */
export function renderPairLines(key: string, value: unknown, col: number, style: FileStyle): string[] {
  const k = renderScalar(key, false);
  if (!isNonEmptyCollection(value)) return [`${pad(col)}${k}: ${renderFlow(value)}`];
  return [`${pad(col)}${k}:`, ...renderNested(value, col, style)];
}

/** Lines of a non-empty collection that is the value of a key at column `keyCol`. */
export function renderNested(value: unknown, keyCol: number, style: FileStyle): string[] {
  if (Array.isArray(value)) return renderSeqLines(value, keyCol + style.seqIndent, style);
  return renderMapLines(value as PlainObject, keyCol + style.unit, style);
}

function renderMapLines(obj: PlainObject, col: number, style: FileStyle): string[] {
  const out: string[] = [];
  for (const [k, v] of Object.entries(obj)) pushAll(out, renderPairLines(k, v, col, style));
  return out;
}

/** Block sequence items with their dash at `dashCol`. */
export function renderSeqLines(items: readonly unknown[], dashCol: number, style: FileStyle): string[] {
  const out: string[] = [];
  for (const item of items) {
    if (isPlainObject(item) && Object.keys(item).length > 0) {
      const lines = renderMapLines(item, dashCol + 2, style);
      lines[0] = `${pad(dashCol)}- ${(lines[0] ?? '').slice(dashCol + 2)}`;
      pushAll(out, lines);
    } else {
      out.push(`${pad(dashCol)}- ${renderFlow(item)}`);
    }
  }
  return out;
}
