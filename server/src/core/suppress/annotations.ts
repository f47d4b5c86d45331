import { isScalar, type Pair, type YAMLMap } from 'yaml';
import type { K8sObject } from '../model/objects';
import { findPodSpec } from '../model/workloads';
import type { PeerTool, Rule } from '../rules/types';
import type { OffsetRange } from '../types';
import { entries, getMap, pairRange } from '../yaml/nodes';
import { pushAll } from '../arrays';

export const OWN_PREFIX = 'ignore-check.kube-guardrails.io/';
const KUBE_LINTER_PREFIX = 'ignore-check.kube-linter.io/';
const KUBE_LINTER_ALL = 'kube-linter.io/ignore-all';
const POLARIS_PREFIX = 'polaris.fairwinds.com/';
const POLARIS_ALL = 'polaris.fairwinds.com/exempt';

export type AnnotationKind = 'annotation' | 'kube-linter' | 'polaris';

/** One suppressing annotation on an object or its pod template. */
export interface SuppressionAnnotation {
  kind: AnnotationKind;
  /** The annotation key as written. */
  key: string;
  /** Our rule ids it suppresses (for our own annotation: the id written, known or not). */
  ruleIds: string[];
  /** Our own annotation's value is its reason; peers' reasons (kube-linter's value) too. */
  reason?: string;
  /** The `key: value` pair, for reports. */
  range: OffsetRange;
  /** Where it was found. */
  on: 'object' | 'pod-template';
}

/** Rules as far as suppressions look at them: an id and its peer equivalents. */
export type SuppressibleRule = Pick<Rule, 'id' | 'equivalents'>;

function peerIds(rules: readonly SuppressibleRule[], tool: PeerTool, check?: string): string[] {
  const want = check?.toLowerCase();
  return rules
    .filter((r) => {
      const ids = r.equivalents?.[tool];
      if (!ids?.length) return false;
      return want === undefined || ids.some((id) => id.toLowerCase() === want);
    })
    .map((r) => r.id);
}

function scalarText(pair: Pair): string | undefined {
  const v = pair.value;
  if (!isScalar(v) || v.value === null || v.value === undefined) return undefined;
  return String(v.value);
}

/** Reads suppressing annotations from one `annotations` map. */
function annotationsIn(
  map: YAMLMap | undefined,
  text: string,
  rules: readonly SuppressibleRule[],
  on: 'object' | 'pod-template',
): SuppressionAnnotation[] {
  const out: SuppressionAnnotation[] = [];
  for (const [key, , pair] of entries(map)) {
    const range = pairRange(pair, text);
    if (!range) continue;
    const value = scalarText(pair);
    const base = { key, range, on } as const;
    if (key.startsWith(OWN_PREFIX) && key.length > OWN_PREFIX.length) {
      const a: SuppressionAnnotation = { ...base, kind: 'annotation', ruleIds: [key.slice(OWN_PREFIX.length)] };
      if (value) a.reason = value;
      out.push(a);
    } else if (key.startsWith(KUBE_LINTER_PREFIX) && key.length > KUBE_LINTER_PREFIX.length) {
      const a: SuppressionAnnotation = {
        ...base,
        kind: 'kube-linter',
        ruleIds: peerIds(rules, 'kube-linter', key.slice(KUBE_LINTER_PREFIX.length)),
      };
      if (value) a.reason = value;
      out.push(a);
    } else if (key === KUBE_LINTER_ALL) {
      const a: SuppressionAnnotation = { ...base, kind: 'kube-linter', ruleIds: peerIds(rules, 'kube-linter') };
      if (value) a.reason = value;
      out.push(a);
    } else if (key.startsWith(POLARIS_PREFIX) && value?.toLowerCase() === 'true') {
      // Polaris honours an exemption only when its value is "true".
      if (key === POLARIS_ALL) out.push({ ...base, kind: 'polaris', ruleIds: peerIds(rules, 'polaris') });
      else if (key.endsWith('-exempt')) {
        const check = key.slice(POLARIS_PREFIX.length, -'-exempt'.length);
        if (check) out.push({ ...base, kind: 'polaris', ruleIds: peerIds(rules, 'polaris', check) });
      }
    }
  }
  return out;
}

/**
 * Suppressing annotations of an object: its own `metadata.annotations` and, for
 * controllers, the pod template's (users put them on either; honouring only one is the
 * most reported suppression bug in peer tools).
 */
export function objectAnnotations(object: K8sObject, text: string, rules: readonly SuppressibleRule[]): SuppressionAnnotation[] {
  const out = annotationsIn(getMap(object.metadata, 'annotations'), text, rules, 'object');
  const podMetadata = findPodSpec(object)?.podMetadata;
  if (podMetadata && podMetadata !== object.metadata) {
    pushAll(out, annotationsIn(getMap(podMetadata, 'annotations'), text, rules, 'pod-template'));
  }
  return out;
}

/**
 * The rule ids among `rules` an annotation key suppresses (re-mapping one read with another
 * rule list: the workspace index keeps annotations and maps them to the cross-object rules).
 * Polaris keys are taken as already checked for their `"true"` value.
 */
export function annotationRuleIds(kind: AnnotationKind, key: string, rules: readonly SuppressibleRule[]): string[] {
  if (kind === 'annotation') return key.startsWith(OWN_PREFIX) ? [key.slice(OWN_PREFIX.length)] : [];
  if (kind === 'kube-linter')
    return key === KUBE_LINTER_ALL ? peerIds(rules, 'kube-linter') : peerIds(rules, 'kube-linter', key.slice(KUBE_LINTER_PREFIX.length));
  if (key === POLARIS_ALL) return peerIds(rules, 'polaris');
  return peerIds(rules, 'polaris', key.slice(POLARIS_PREFIX.length, -'-exempt'.length));
}
