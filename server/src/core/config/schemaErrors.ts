import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import { isPair, isScalar, isSeq, type Document, type Node } from 'yaml';
import schemaJson from '../../../../schemas/kube-guardrails.schema.json';
import type { OffsetRange } from '../types';
import { asMap, deref, nodeRange, pairOf } from '../yaml/nodes';
import { closest } from './similar';

/**
 * Validates config data against `schemas/kube-guardrails.schema.json` (the same file the
 * editor's YAML extension uses for completion) and turns ajv's generic errors into our own
 * messages on the exact key or value in the YAML source.
 */

/** A schema error placed in the source, plus the data path it poisons. */
export interface PlacedSchemaError {
  message: string;
  range: OffsetRange;
  /** Data path of the part that is invalid (a key's value, a list item, an exemption). */
  path: string[];
}

let validator: ValidateFunction | undefined;

function getValidator(): ValidateFunction {
  if (!validator) {
    const ajv = new Ajv({ allErrors: true, verbose: true, strict: true });
    // Annotation keywords the VS Code / yaml-language-server schema dialect understands.
    ajv.addKeyword({ keyword: 'patternErrorMessage', schemaType: 'string' });
    ajv.addKeyword({ keyword: 'errorMessage', schemaType: 'string' });
    ajv.addKeyword({ keyword: 'markdownDescription', schemaType: 'string' });
    validator = ajv.compile(schemaJson);
  }
  return validator;
}

function decodePointer(pointer: string): string[] {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** `exemptions[0].rules` style label for messages. */
export function pathLabel(path: readonly string[]): string {
  let out = '';
  for (const seg of path) {
    if (/^\d+$/.test(seg)) out += `[${seg}]`;
    else out += out ? `.${seg}` : seg;
  }
  return out;
}

interface Located {
  /** The node as written (an alias stays an alias, so ranges point at what the user wrote). */
  node: unknown;
  /** The key node when the value sits in a map pair. */
  key?: Node | null;
}

/** Finds the YAML node at a data path, following aliases, keeping the written node. */
export function locate(doc: Document, path: readonly string[]): Located | undefined {
  let cur: Located = { node: doc.contents };
  for (const seg of path) {
    const target = deref(cur.node, doc);
    if (isSeq(target)) {
      const i = Number(seg);
      if (!Number.isInteger(i) || i < 0 || i >= target.items.length) return undefined;
      cur = { node: target.items[i] };
      continue;
    }
    const map = asMap(target, doc);
    const pair = pairOf(map, seg);
    if (!pair) return undefined;
    cur = { node: pair.value, key: pair.key as Node };
  }
  return cur;
}

/** How the value reads in messages: scalars as written in the file (`1.30`, not 1.3). */
function describeValue(v: unknown, loc?: Located, text?: string): string {
  if (v === null || v === undefined) return 'empty';
  const r = nodeRange(loc?.node);
  if (text && r && isScalar(loc?.node) && typeof v !== 'string') {
    const src = text.slice(r.start, Math.min(r.end, r.start + 40));
    if (!/[\r\n]/.test(src)) return `${typeof v === 'number' ? 'the number' : typeof v === 'boolean' ? 'the boolean' : typeof v} ${src}`;
  }
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a map';
  if (typeof v === 'string') return `"${v.length > 40 ? v.slice(0, 40) + '…' : v}"`;
  return `${typeof v === 'number' ? 'the number' : typeof v === 'boolean' ? 'the boolean' : typeof v} ${String(v)}`;
}

const TYPE_NAMES: Record<string, string> = {
  string: 'a string',
  boolean: 'true or false',
  object: 'a map of keys to values',
  array: 'a list',
  number: 'a number',
  integer: 'a whole number',
  null: 'empty',
};

function jsonType(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (Array.isArray(v)) return 'array';
  return typeof v;
}

/** The first line of a node's source, or its key when that is all we have. */
function firstLine(node: unknown, text: string): OffsetRange | undefined {
  const r = nodeRange(node);
  if (!r) return undefined;
  const nl = text.slice(r.start, r.end).search(/[\r\n]/);
  return nl < 0 ? r : { start: r.start, end: r.start + nl };
}

/** Range of a value as written; an empty value is shown on its key. */
export function valueRange(loc: Located | undefined, text: string): OffsetRange | undefined {
  if (!loc) return undefined;
  const v = nodeRange(loc.node);
  const isEmptyScalar = isScalar(loc.node) && (loc.node.value === null || v?.start === v?.end);
  if (v && !isEmptyScalar) return firstLine(loc.node, text);
  return nodeRange(loc.key) ?? v;
}

/** Range of the key that holds a node: the pair's key, or a list item's first line. */
export function holderRange(loc: Located | undefined, text: string): OffsetRange | undefined {
  if (!loc) return undefined;
  return nodeRange(loc.key) ?? firstLine(loc.node, text);
}

export function keyRangeIn(doc: Document, path: readonly string[], key: string): OffsetRange | undefined {
  const loc = locate(doc, path);
  const map = asMap(deref(loc?.node, doc), doc);
  const pair = pairOf(map, key);
  return pair && isPair(pair) ? nodeRange(pair.key) : undefined;
}

/** Drops errors that only restate another: ajv reports every failed anyOf branch. */
function pruneAnyOf(errors: ErrorObject[], data: unknown): ErrorObject[] {
  const drop = new Set<ErrorObject>();
  for (const e of errors) {
    if (e.keyword !== 'anyOf') continue;
    const inside = errors.filter(
      (x) =>
        x !== e &&
        (x.instancePath === e.instancePath || x.instancePath.startsWith(e.instancePath + '/')) &&
        x.schemaPath.startsWith(e.schemaPath + '/'),
    );
    // When the value has the type of one branch and that branch failed for a specific
    // reason (a bad list item, an empty list), report that; otherwise the anyOf's message.
    const value = valueAt(data, decodePointer(e.instancePath));
    const branches = ((e.parentSchema as { anyOf?: Array<{ type?: string }> })?.anyOf ?? []).map((b, i) => ({ i, type: b.type }));
    const fitting = branches.filter((b) => b.type === jsonType(value));
    const only = fitting.length === 1 ? fitting[0] : undefined;
    const prefix = only ? `${e.schemaPath}/${only.i}/` : undefined;
    const specific = prefix
      ? inside.filter(
          (x) => x.schemaPath.startsWith(prefix) && !(x.instancePath === e.instancePath && (x.keyword === 'type' || x.keyword === 'const')),
        )
      : [];
    if (specific.length > 0) {
      drop.add(e);
      for (const x of inside) if (!specific.includes(x)) drop.add(x);
    } else {
      for (const x of inside) drop.add(x);
    }
  }
  return errors.filter((e) => !drop.has(e));
}

function valueAt(data: unknown, path: readonly string[]): unknown {
  let cur = data;
  for (const seg of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = Object.prototype.hasOwnProperty.call(cur, seg) ? (cur as Record<string, unknown>)[seg] : undefined;
  }
  return cur;
}

/** Validates `data` (from `doc`) and places every error on the source. */
export function schemaErrors(data: unknown, doc: Document, text: string): PlacedSchemaError[] {
  const validate = getValidator();
  if (validate(data)) return [];
  const errors = pruneAnyOf(
    (validate.errors ?? []).filter((e) => e.keyword !== 'propertyNames'),
    data,
  );
  const out: PlacedSchemaError[] = [];
  const seen = new Set<string>();
  const docStart: OffsetRange = { start: 0, end: 0 };
  for (const e of errors) {
    const path = decodePointer(e.instancePath);
    const label = pathLabel(path);
    const value = valueAt(data, path);
    const schema = (e.parentSchema ?? {}) as { patternErrorMessage?: string; errorMessage?: string };
    const loc = locate(doc, path);
    let message: string;
    let range: OffsetRange | undefined;
    let poisoned = path;
    let dedupe = e.instancePath;
    switch (e.keyword) {
      case 'additionalProperties': {
        const key = String((e.params as { additionalProperty: string }).additionalProperty);
        const allowed = Object.keys((e.parentSchema as { properties?: object })?.properties ?? {});
        const guess = closest(key, allowed);
        message =
          `Unknown key "${key}"${label ? ` in ${label}` : ''}` +
          (guess ? ` (did you mean "${guess}"?)` : '') +
          `. Allowed keys: ${allowed.join(', ')}.`;
        range = keyRangeIn(doc, path, key);
        dedupe += `#key:${key}`;
        break;
      }
      case 'required': {
        const key = String((e.params as { missingProperty: string }).missingProperty);
        message = `${label || 'The configuration'} is missing the required key "${key}".`;
        range = holderRange(loc, text);
        dedupe += `#required:${key}`;
        break;
      }
      case 'pattern': {
        if (e.propertyName !== undefined) {
          // A bad key of a map (propertyNames): point at the key itself.
          message = `${label} key "${e.propertyName}" ${schema.patternErrorMessage ?? 'is not allowed'}.`;
          range = keyRangeIn(doc, path, e.propertyName);
          poisoned = [...path, e.propertyName];
          dedupe += `#name:${e.propertyName}`;
        } else {
          message = `${label} ${schema.patternErrorMessage ?? 'has the wrong format'}, not ${describeValue(value, loc, text)}.`;
          range = valueRange(loc, text);
        }
        break;
      }
      case 'type': {
        const want = String((e.params as { type: string }).type);
        message = `${label || 'The configuration'} must be ${TYPE_NAMES[want] ?? want}, not ${describeValue(value, loc, text)}.`;
        range = valueRange(loc, text);
        break;
      }
      case 'enum': {
        const allowed = (e.params as { allowedValues: unknown[] }).allowedValues.map(String);
        const guess = typeof value === 'string' ? closest(value, allowed) : undefined;
        message = `${label} must be one of ${allowed.join(', ')}, not ${describeValue(value, loc, text)}${guess ? ` (did you mean "${guess}"?)` : ''}.`;
        range = valueRange(loc, text);
        break;
      }
      case 'anyOf':
        message = `${label} ${schema.errorMessage ?? 'has the wrong form'}, not ${describeValue(value, loc, text)}.`;
        range = valueRange(loc, text);
        break;
      case 'minLength':
        message = `${label} must not be empty.`;
        range = valueRange(loc, text);
        break;
      case 'minItems':
        message = `${label} must list at least one item.`;
        range = valueRange(loc, text);
        break;
      default:
        message = `${label || 'The configuration'} ${e.message ?? 'is invalid'}.`;
        range = valueRange(loc, text);
    }
    if (seen.has(dedupe)) continue;
    seen.add(dedupe);
    out.push({ message, range: range ?? nodeRange(doc.contents) ?? docStart, path: poisoned });
  }
  return out;
}
