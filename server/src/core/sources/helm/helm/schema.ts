/**
 * values.schema.json validation, failing like Helm: every chart (and subchart) with a schema
 * validates its own (coalesced) values. ajv is already a dependency (the config schema).
 * `$schema` is dropped before compiling: charts name draft URLs ajv does not know, and
 * nothing is ever fetched (no remote $ref loading).
 */
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import { goInt, isMap, type GoMap } from '../template/values';
import type { Chart } from './chart';

function toJsonValue(v: unknown): unknown {
  const n = goInt(v);
  if (n !== undefined) return Number(n);
  if (Array.isArray(v)) return v.map(toJsonValue);
  if (isMap(v)) {
    const o: Record<string, unknown> = {};
    for (const k of Object.keys(v)) o[k] = toJsonValue(v[k]);
    return o;
  }
  return v;
}

function jsonType(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v;
}

function describe(e: ErrorObject, data: unknown): string {
  const at = e.instancePath === '' ? '' : e.instancePath;
  if (e.keyword === 'type') {
    let cur: unknown = data;
    for (const part of e.instancePath.split('/').slice(1))
      cur = (cur as Record<string, unknown> | undefined)?.[part.replace(/~1/g, '/').replace(/~0/g, '~')];
    return `- at '${at}': got ${jsonType(cur)}, want ${String(e.params.type)}`;
  }
  return `- at '${at}': ${e.message ?? e.keyword}`;
}

const AJV_OPTIONS = { strict: false, allErrors: false, validateFormats: false, inlineRefs: false, code: { optimize: false } } as const;

/**
 * One Ajv for every chart: a new one compiles the JSON Schema meta-schema again before it
 * can check a schema (a quarter of compiling a large values.schema.json). Each compile is
 * cleared from it afterwards (meta-schemas stay), so one chart's `$id`s never meet another's.
 */
let sharedAjv: Ajv | undefined;

/** Compiled schemas by text, across renders and charts (prometheus ships alertmanager's schema). */
const compiled = new Map<string, ValidateFunction>();
const MAX_COMPILED = 32;

/** Compiles a values.schema.json text (throws on invalid JSON or schema). */
export function compileSchema(text: string): ValidateFunction {
  const hit = compiled.get(text);
  if (hit) return hit;
  const parse = () => {
    const schema = JSON.parse(text) as Record<string, unknown>;
    delete schema.$schema;
    return schema;
  };
  // Without ajv's code optimisation and $ref inlining, compiling (most of a cold render of a
  // chart with a large schema) takes a third to half the time; what validates is the same.
  let validate: ValidateFunction;
  try {
    sharedAjv ??= new Ajv(AJV_OPTIONS);
    validate = sharedAjv.compile(parse());
  } catch {
    // Whatever a schema's error is, it is reported as a fresh Ajv reports it.
    validate = new Ajv(AJV_OPTIONS).compile(parse());
  } finally {
    sharedAjv?.removeSchema();
  }
  if (compiled.size >= MAX_COMPILED) compiled.delete(compiled.keys().next().value!);
  compiled.set(text, validate);
  return validate;
}

/**
 * Helm's error text when values break a chart's schema; undefined when they meet every schema.
 * `compile` may be a RenderCache's memo: compiling is most of the cost of validating.
 */
export function validateSchemas(
  chart: Chart,
  values: GoMap,
  problems: { message: string }[],
  compile: (text: string) => ValidateFunction = compileSchema,
): string | undefined {
  const failures: string[] = [];
  const visit = (c: Chart, vals: GoMap) => {
    if (c.schema) {
      try {
        const validate = compile(c.schema);
        const data = toJsonValue(vals);
        if (!validate(data)) failures.push(`${c.name}:\n${(validate.errors ?? []).map((e) => describe(e, data)).join('\n')}`);
      } catch (e) {
        problems.push({ message: `${c.name}: values.schema.json not validated: ${(e as Error).message}` });
      }
    }
    for (const sub of c.subcharts) visit(sub, isMap(vals[sub.name]) ? (vals[sub.name] as GoMap) : {});
  };
  visit(chart, values);
  return failures.length
    ? `values don't meet the specifications of the schema(s) in the following chart(s):\n${failures.join('\n')}`
    : undefined;
}
