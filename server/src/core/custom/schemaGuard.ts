import { checkPattern, newPatternBudget, type PatternBudget } from './patterns';

/**
 * Walks a user-written JSON Schema (draft-07) keyword by keyword before ajv sees it, and
 * returns a cleaned copy: only local `$ref`s, no `$id`, no `format` (we ship no format
 * validators), bounded depth and size, and every `pattern` / `patternProperties` key
 * compiled by RE2 to check them (bounded by the config's PatternBudget). Values of `const`,
 * `enum`, `default` and `examples` are data, copied untouched. The keys `__proto__`,
 * `constructor` and `prototype` are refused anywhere in a schema: copied into a plain object,
 * `__proto__` would become the cleaned schema's prototype and smuggle in unchecked keywords.
 */

const MAX_SCHEMA_DEPTH = 32;
const MAX_SCHEMA_NODES = 5000;
const DRAFT_07 = /^https?:\/\/json-schema\.org\/draft-07\/schema#?$/;

export interface GuardProblem {
  path: (string | number)[];
  message: string;
  /** The keyword itself is refused: the problem goes on the key, not its value. */
  onKey?: boolean;
}

/** Keywords whose value is one subschema. */
const SCHEMA_KEYWORDS = new Set([
  'not',
  'if',
  'then',
  'else',
  'additionalProperties',
  'additionalItems',
  'contains',
  'propertyNames',
  'items',
]);
/** Keywords whose value is a list of subschemas. */
const SCHEMA_LIST_KEYWORDS = new Set(['allOf', 'anyOf', 'oneOf', 'items']);
/** Keywords whose value maps names to subschemas. */
const SCHEMA_MAP_KEYWORDS = new Set(['properties', 'definitions', '$defs', 'dependencies']);
/** Keywords whose value is data, never a schema. */
const DATA_KEYWORDS = new Set(['const', 'enum', 'default', 'examples']);
/** Keys that reach into JavaScript's object machinery. */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
const forbidden = (path: (string | number)[]): GuardProblem => ({
  path,
  message: `"${String(path[path.length - 1])}" is not allowed as a key in a schema`,
  onKey: true,
});
/** `#` or `#/definitions/...`: a reference inside the same schema. */
const isLocalRef = (ref: unknown): boolean => typeof ref === 'string' && (ref === '#' || ref.startsWith('#/'));

export function guardSchema(schema: unknown, budget: PatternBudget = newPatternBudget()): { schema?: unknown; problems: GuardProblem[] } {
  const problems: GuardProblem[] = [];
  let nodes = 0;

  function walk(node: unknown, path: (string | number)[], depth: number): unknown {
    if (++nodes > MAX_SCHEMA_NODES) {
      if (nodes === MAX_SCHEMA_NODES + 1) problems.push({ path, message: `the schema has more than ${MAX_SCHEMA_NODES} nodes` });
      return node;
    }
    if (depth > MAX_SCHEMA_DEPTH) {
      problems.push({ path, message: `the schema is nested deeper than ${MAX_SCHEMA_DEPTH} levels` });
      return node;
    }
    if (typeof node === 'boolean') return node;
    if (node === null || typeof node !== 'object' || Array.isArray(node)) {
      problems.push({ path, message: 'a schema must be a map (or true/false)' });
      return node;
    }
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(node as Record<string, unknown>)) {
      const at = [...path, key];
      if (FORBIDDEN_KEYS.has(key)) {
        problems.push(forbidden(at));
        continue;
      }
      if (key === '$schema') {
        if (path.length > 0 || typeof value !== 'string' || !DRAFT_07.test(value))
          problems.push({
            path: at,
            message: 'only draft-07 schemas are supported ($schema: http://json-schema.org/draft-07/schema#, at the top)',
            onKey: true,
          });
        continue;
      }
      if (key === '$id') {
        problems.push({ path: at, message: `"${key}" is not allowed: schemas are self-contained`, onKey: true });
        continue;
      }
      if (key === '$ref') {
        if (!isLocalRef(value))
          problems.push({ path: at, message: 'only local references ("#/definitions/...") are allowed; nothing is fetched', onKey: true });
        out[key] = value;
        continue;
      }
      if (key === 'format') {
        problems.push({ path: at, message: '"format" is not supported; use "pattern" instead', onKey: true });
        continue;
      }
      if (key === 'pattern' && typeof value === 'string') {
        const r = checkPattern(value, budget);
        // Refused for its size: the keyword is the problem; for its syntax: the value is.
        if (!r.ok) problems.push({ path: at, message: `unsafe or invalid pattern: ${r.reason}`, ...(r.limit ? { onKey: true } : {}) });
        else out[key] = r.source;
        continue;
      }
      if (key === 'patternProperties' && value && typeof value === 'object' && !Array.isArray(value)) {
        const props: Record<string, unknown> = {};
        for (const [p, sub] of Object.entries(value as Record<string, unknown>)) {
          if (FORBIDDEN_KEYS.has(p)) {
            problems.push(forbidden([...at, p]));
            continue;
          }
          const r = checkPattern(p, budget);
          if (!r.ok) problems.push({ path: [...at, p], message: `unsafe or invalid pattern: ${r.reason}`, onKey: true });
          else props[r.source] = walk(sub, [...at, p], depth + 1);
        }
        out[key] = props;
        continue;
      }
      if (DATA_KEYWORDS.has(key)) {
        out[key] = value;
      } else if (SCHEMA_LIST_KEYWORDS.has(key) && Array.isArray(value)) {
        out[key] = value.map((sub, i) => walk(sub, [...at, i], depth + 1));
      } else if (SCHEMA_KEYWORDS.has(key)) {
        out[key] = walk(value, at, depth + 1);
      } else if (SCHEMA_MAP_KEYWORDS.has(key) && value && typeof value === 'object' && !Array.isArray(value)) {
        const props: Record<string, unknown> = {};
        for (const [p, sub] of Object.entries(value as Record<string, unknown>)) {
          if (FORBIDDEN_KEYS.has(p)) {
            problems.push(forbidden([...at, p]));
            continue;
          }
          // `dependencies` may map to a list of property names instead of a schema.
          props[p] = key === 'dependencies' && Array.isArray(sub) ? sub : walk(sub, [...at, p], depth + 1);
        }
        out[key] = props;
      } else {
        // Assertions with plain values (type, minimum, required, ...) and unknown keywords,
        // which ajv's strict mode reports.
        out[key] = value;
      }
    }
    return out;
  }

  const cleaned = walk(schema, [], 0);
  return problems.length ? { problems } : { schema: cleaned, problems };
}
