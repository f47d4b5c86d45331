import Ajv, { type ValidateFunction } from 'ajv';
import type { Document, YAMLMap } from 'yaml';
import { describeObject, type K8sObject } from '../model/objects';
import { isWorkloadKind } from '../model/workloads';
import { RULES_BY_ID } from '../rules/registry';
import type { Rule, RuleContext } from '../rules/types';
import { containerSubject } from '../model/pod';
import type { OffsetRange, Severity } from '../types';
import { pairOf, pairRange } from '../yaml/nodes';
import { locateError } from './locate';
import { newPatternBudget, re2RegExpEngine, type PatternBudget } from './patterns';
import { guardSchema } from './schemaGuard';

/** One problem in the `customRules` section; `path` is relative to that section's value. */
export interface CustomRuleProblem {
  path: (string | number)[];
  message: string;
  /** About the key itself (a refused schema keyword): placed on the key. */
  onKey?: boolean;
}

/** A rule compiled from `.kube-guardrails.yaml`; `docs` is the user's link or text. */
export interface CustomRule extends Rule {
  custom: true;
  docs?: string;
}

export interface CompileOptions {
  /** Ids a custom rule may not take besides the per-object rules (workspace rules, pseudo-rules). */
  reservedIds?: Iterable<string>;
}

const MAX_CUSTOM_RULES = 200;
const ID = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;
const KEYS = new Set(['id', 'title', 'severity', 'kinds', 'target', 'schema', 'message', 'docs']);
const SEVERITIES: readonly Severity[] = ['error', 'warning', 'info'];

/**
 * One ajv instance per compile: draft-07, strict about unknown keywords (typos surface
 * as problems), no format validators, no remote loading (compile is synchronous and
 * `$ref`s are checked to be local first), and RE2 (linear-time) for patterns.
 */
function newAjv(): Ajv {
  return new Ajv({
    strict: true,
    strictTypes: false,
    strictTuples: false,
    strictRequired: false,
    allErrors: false,
    validateFormats: false,
    logger: false,
    code: { regExp: re2RegExpEngine as never },
  });
}

/**
 * Compiles the `customRules` section of the config file into rules the engine runs
 * alongside the built-in ones (`analyzeText(text, options, [...RULES, ...rules])`).
 * Never throws: a malformed entry (any problem at all, an unknown key included) is
 * reported in `problems` and left out.
 * Semantics, as in Polaris: the schema describes a compliant object (or container);
 * an object that does not validate gets one finding, placed on the first failing node.
 */
export function compileCustomRules(raw: unknown, options: CompileOptions = {}): { rules: CustomRule[]; problems: CustomRuleProblem[] } {
  const rules: CustomRule[] = [];
  const problems: CustomRuleProblem[] = [];
  if (raw === undefined || raw === null) return { rules, problems };
  if (!Array.isArray(raw)) {
    problems.push({ path: [], message: 'customRules must be a list of rules.' });
    return { rules, problems };
  }
  if (raw.length > MAX_CUSTOM_RULES) {
    problems.push({ path: [], message: `customRules has ${raw.length} entries; only the first ${MAX_CUSTOM_RULES} are used.` });
  }
  const ajv = newAjv();
  const seen = new Set<string>();
  const reserved = new Set(options.reservedIds ?? []);
  // Patterns are bounded per config load, across all rules (see patterns.ts).
  const budget = newPatternBudget();
  raw.slice(0, MAX_CUSTOM_RULES).forEach((entry, index) => {
    const rule = compileOne(entry, index, ajv, seen, reserved, problems, budget);
    if (rule) rules.push(rule);
  });
  return { rules, problems };
}

function compileOne(
  entry: unknown,
  index: number,
  ajv: Ajv,
  seen: Set<string>,
  reserved: ReadonlySet<string>,
  problems: CustomRuleProblem[],
  budget: PatternBudget,
): CustomRule | undefined {
  const problem = (path: (string | number)[], message: string) => problems.push({ path: [index, ...path], message });
  if (!entry || typeof entry !== 'object' || Array.isArray(entry)) {
    problem([], 'each custom rule must be a map with id, title, kinds, schema and message.');
    return undefined;
  }
  const e = entry as Record<string, unknown>;
  let ok = true;
  const fail = (path: (string | number)[], message: string) => {
    problem(path, message);
    ok = false;
  };
  // An unknown key drops the rule: it is most likely a misspelt field (`mesage`, `kind`),
  // and a rule that silently runs without it would check something other than intended.
  for (const key of Object.keys(e)) if (!KEYS.has(key)) fail([key], `unknown key "${key}" (expected one of ${[...KEYS].join(', ')}).`);

  const id = e.id;
  if (typeof id !== 'string' || !ID.test(id)) fail(['id'], 'id must be a kebab-case string, e.g. "require-team-label".');
  else if (RULES_BY_ID.has(id) || reserved.has(id)) fail(['id'], `id "${id}" is a built-in rule; choose another id.`);
  else if (seen.has(id)) fail(['id'], `id "${id}" is used by an earlier custom rule.`);
  const title = e.title;
  if (typeof title !== 'string' || title.trim() === '') fail(['title'], 'title must be a non-empty string.');
  const message = e.message;
  if (typeof message !== 'string' || message.trim() === '') fail(['message'], 'message must be a non-empty string.');
  const severity = e.severity ?? 'warning';
  if (typeof severity !== 'string' || !SEVERITIES.includes(severity as Severity))
    fail(['severity'], 'severity must be error, warning or info.');
  const target = e.target ?? 'object';
  if (target !== 'object' && target !== 'container') fail(['target'], 'target must be "object" or "container".');
  const kinds = e.kinds;
  if (!Array.isArray(kinds) || kinds.length === 0 || !kinds.every((k) => typeof k === 'string' && k.trim() !== '')) {
    fail(['kinds'], 'kinds must be a non-empty list of Kubernetes kinds, e.g. [Deployment, StatefulSet].');
  } else if (target === 'container') {
    kinds.forEach((k, i) => {
      if (!isWorkloadKind(k as string)) fail(['kinds', i], `target "container" needs kinds with a pod spec; "${k}" has none.`);
    });
  }
  const docs = e.docs;
  if (docs !== undefined && typeof docs !== 'string') fail(['docs'], 'docs must be a string (a URL or a sentence).');
  if (e.schema === undefined || e.schema === null || typeof e.schema !== 'object' || Array.isArray(e.schema)) {
    fail(
      ['schema'],
      'schema must be a JSON Schema (draft-07) map describing a compliant ' + (target === 'container' ? 'container.' : 'object.'),
    );
  }
  // Check the schema even when other fields failed, so one pass reports every problem.
  const guarded = e.schema && typeof e.schema === 'object' && !Array.isArray(e.schema) ? guardSchema(e.schema, budget) : { problems: [] };
  for (const p of guarded.problems)
    problems.push({ path: [index, 'schema', ...p.path], message: p.message, ...(p.onKey ? { onKey: true } : {}) });
  if (!ok || !guarded.schema) return undefined;
  let validate: ValidateFunction;
  try {
    validate = ajv.compile(guarded.schema as object);
  } catch (err) {
    problem(['schema'], `the schema does not compile: ${err instanceof Error ? err.message : String(err)}`);
    return undefined;
  }
  seen.add(id as string);
  return buildRule({
    id: id as string,
    title: (title as string).trim(),
    severity: severity as Severity,
    kinds: kinds as string[],
    target: target as 'object' | 'container',
    message: (message as string).trim(),
    docs: docs as string | undefined,
    validate,
  });
}

interface Compiled {
  id: string;
  title: string;
  severity: Severity;
  kinds: string[];
  target: 'object' | 'container';
  message: string;
  docs?: string | undefined;
  validate: ValidateFunction;
}

/** Plain JS of a node, or undefined when conversion fails (e.g. an alias bomb). */
function toData(node: YAMLMap, doc: Document): unknown {
  try {
    return node.toJS(doc, { maxAliasCount: 100 });
  } catch {
    return undefined;
  }
}

function objectAnchor(object: K8sObject, text: string): OffsetRange {
  return pairRange(pairOf(object.metadata, 'name') ?? pairOf(object.root, 'kind'), text) ?? { start: 0, end: 0 };
}

function buildRule(c: Compiled): CustomRule {
  const sentence = /[.!?]$/.test(c.message) ? c.message : `${c.message}.`;
  const check = (ctx: RuleContext) => {
    const doc = ctx.object.doc;
    const targets: Array<{ node: YAMLMap; label: string; anchor: OffsetRange }> = [];
    if (c.target === 'object') {
      targets.push({ node: ctx.object.root, label: describeObject(ctx.object), anchor: objectAnchor(ctx.object, ctx.text) });
    } else {
      for (const container of ctx.pod?.containers ?? []) {
        const anchor = pairRange(container.namePair, ctx.text) ?? objectAnchor(ctx.object, ctx.text);
        targets.push({ node: container.node, label: containerSubject(container, ctx.object), anchor });
      }
    }
    for (const t of targets) {
      const data = toData(t.node, doc);
      if (data === undefined || c.validate(data)) continue;
      const first = c.validate.errors?.[0];
      const range = first ? locateError(t.node, first as never, doc, ctx.text, t.anchor) : t.anchor;
      ctx.report({ range, message: `${t.label}: ${sentence}` });
    }
  };
  const rule: CustomRule = {
    id: c.id,
    title: c.title,
    severity: c.severity,
    category: 'custom',
    description: c.docs ?? c.title,
    remediation: sentence,
    equivalents: {},
    appliesTo: c.kinds,
    custom: true,
    check,
  };
  if (c.docs !== undefined) rule.docs = c.docs;
  return rule;
}
