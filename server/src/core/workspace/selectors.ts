import { isMap, type Document, type YAMLMap } from 'yaml';
import { asScalar, entries, getMap, getSeq, getString, seqMaps } from '../yaml/nodes';

/**
 * Kubernetes label selectors (`metav1.LabelSelector`) as plain data, with the API server's
 * matching semantics:
 * - `matchLabels` and every `matchExpressions` entry are ANDed;
 * - `In` needs the key with one of the values, `NotIn` matches objects LACKING the key or
 *   holding another value, `Exists` needs the key, `DoesNotExist` needs it absent;
 * - an empty selector `{}` selects everything.
 * Whether an ABSENT selector selects nothing or everything depends on the field
 * (`NetworkPolicy.spec.podSelector` is required; a Service without selector selects no
 * pods); callers decide, this module only models a selector that is present.
 */
export type SelectorOperator = 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';

export interface SelectorRequirement {
  key: string;
  operator: SelectorOperator;
  values: string[];
}

export interface LabelSelector {
  matchLabels: ReadonlyMap<string, string>;
  matchExpressions: readonly SelectorRequirement[];
  /**
   * Why the API server would reject this selector (unknown operator, `In` without values,
   * `Exists` with values). An invalid selector matches nothing here.
   */
  invalid?: string;
}

const OPERATORS = new Set<string>(['In', 'NotIn', 'Exists', 'DoesNotExist']);

function scalarString(node: unknown, doc?: Document): string | undefined {
  const s = asScalar(node, doc);
  if (!s || s.value === null || s.value === undefined) return undefined;
  return String(s.value);
}

/**
 * Reads a `LabelSelector` map. Returns undefined when the node is not a map (absent or
 * `null`): the caller decides what an absent selector means for its field.
 */
export function parseLabelSelector(node: unknown, doc?: Document): LabelSelector | undefined {
  const map = isMap(node) ? (node as YAMLMap) : undefined;
  if (!map) return undefined;
  const matchLabels = new Map<string, string>();
  for (const [k, v] of entries(getMap(map, 'matchLabels', doc))) {
    const s = scalarString(v, doc);
    if (s !== undefined) matchLabels.set(k, s);
  }
  const matchExpressions: SelectorRequirement[] = [];
  let invalid: string | undefined;
  for (const item of seqMaps(getSeq(map, 'matchExpressions', doc), doc)) {
    const key = getString(item, 'key', doc);
    const operator = getString(item, 'operator', doc);
    const values: string[] = [];
    for (const v of getSeq(item, 'values', doc)?.items ?? []) {
      const s = scalarString(v, doc);
      if (s !== undefined) values.push(s);
    }
    if (!key) {
      invalid ??= 'a matchExpressions entry has no key';
      continue;
    }
    if (!operator || !OPERATORS.has(operator)) {
      invalid ??= `operator "${operator ?? ''}" is not In, NotIn, Exists or DoesNotExist`;
      continue;
    }
    if ((operator === 'In' || operator === 'NotIn') && values.length === 0) invalid ??= `${operator} needs at least one value`;
    if ((operator === 'Exists' || operator === 'DoesNotExist') && values.length > 0) invalid ??= `${operator} takes no values`;
    matchExpressions.push({ key, operator: operator as SelectorOperator, values });
  }
  const sel: LabelSelector = { matchLabels, matchExpressions };
  if (invalid) sel.invalid = invalid;
  return sel;
}

/** Builds a selector from plain data (tests, Service selectors which are plain label maps). */
export function selectorFromLabels(labels: ReadonlyMap<string, string> | Record<string, string>): LabelSelector {
  const m = labels instanceof Map ? new Map(labels) : new Map(Object.entries(labels));
  return { matchLabels: m, matchExpressions: [] };
}

/** True when the selector has no requirement at all (`{}`): it selects everything. */
export function isEmptySelector(sel: LabelSelector): boolean {
  return !sel.invalid && sel.matchLabels.size === 0 && sel.matchExpressions.length === 0;
}

/** Kubernetes `LabelSelector` matching. */
export function matchesSelector(sel: LabelSelector, labels: ReadonlyMap<string, string>): boolean {
  if (sel.invalid) return false;
  for (const [k, v] of sel.matchLabels) if (labels.get(k) !== v) return false;
  for (const req of sel.matchExpressions) {
    const has = labels.has(req.key);
    switch (req.operator) {
      case 'In':
        if (!has || !req.values.includes(labels.get(req.key)!)) return false;
        break;
      case 'NotIn':
        if (has && req.values.includes(labels.get(req.key)!)) return false;
        break;
      case 'Exists':
        if (!has) return false;
        break;
      case 'DoesNotExist':
        if (has) return false;
        break;
    }
  }
  return true;
}

/** `app=web, tier in (a,b)`: the selector as kubectl prints it, for messages and hovers. */
export function formatSelector(sel: LabelSelector): string {
  if (sel.invalid) return `<invalid: ${sel.invalid}>`;
  const parts = [...sel.matchLabels].map(([k, v]) => `${k}=${v}`);
  for (const r of sel.matchExpressions) {
    if (r.operator === 'Exists') parts.push(r.key);
    else if (r.operator === 'DoesNotExist') parts.push(`!${r.key}`);
    else parts.push(`${r.key} ${r.operator === 'In' ? 'in' : 'notin'} (${r.values.join(',')})`);
  }
  return parts.length ? parts.join(', ') : '<all>';
}
