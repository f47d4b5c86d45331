import type { Document, Scalar, YAMLMap } from 'yaml';
import type { OffsetRange } from '../../../types';
import { asMap, asScalar, getSeq, nodeRange } from '../../../yaml/nodes';

/**
 * An RBAC PolicyRule (an item of a Role/ClusterRole `rules:`) as read from YAML or built from
 * plain strings, and the matching primitives of the Kubernetes RBAC authorizer
 * (evaluation_helpers.go in pkg/apis/rbac/v1): a verb matches itself or `*`; an apiGroup
 * matches itself or `*`; a resource matches `*`, itself (`pods`, `pods/exec`), or a
 * star-slash-subresource entry (such as `*` + `/scale`) for that subresource.
 */

/** One string entry of a PolicyRule list, with the YAML scalar that holds it when known. */
export interface RuleEntry {
  value: string;
  /** The scalar node, when read from YAML. */
  node?: Scalar;
  /** The scalar's source range. */
  range?: OffsetRange;
}

/** A PolicyRule as plain strings plus their nodes. Absent lists are empty. */
export interface PolicyRule {
  apiGroups: RuleEntry[];
  resources: RuleEntry[];
  resourceNames: RuleEntry[];
  verbs: RuleEntry[];
  nonResourceURLs: RuleEntry[];
  /** The rule's map in the document, when read from YAML (fixes edit it). */
  map?: YAMLMap;
}

/** Reads a PolicyRule map; non-string entries are ignored (the API server rejects them). */
export function readPolicyRule(map: YAMLMap, doc?: Document): PolicyRule {
  const list = (key: string): RuleEntry[] => {
    const out: RuleEntry[] = [];
    for (const item of getSeq(map, key, doc)?.items ?? []) {
      const s = asScalar(item, doc);
      if (!s || typeof s.value !== 'string') continue;
      const entry: RuleEntry = { value: s.value, node: s };
      const r = nodeRange(s);
      if (r) entry.range = r;
      out.push(entry);
    }
    return out;
  };
  return {
    apiGroups: list('apiGroups'),
    resources: list('resources'),
    resourceNames: list('resourceNames'),
    verbs: list('verbs'),
    nonResourceURLs: list('nonResourceURLs'),
    map,
  };
}

/** Builds a PolicyRule from plain strings (no nodes, no ranges). */
export function policyRuleFromStrings(r: {
  apiGroups?: readonly string[];
  resources?: readonly string[];
  resourceNames?: readonly string[];
  verbs?: readonly string[];
  nonResourceURLs?: readonly string[];
}): PolicyRule {
  const l = (xs?: readonly string[]): RuleEntry[] => (xs ?? []).map((value) => ({ value }));
  return {
    apiGroups: l(r.apiGroups),
    resources: l(r.resources),
    resourceNames: l(r.resourceNames),
    verbs: l(r.verbs),
    nonResourceURLs: l(r.nonResourceURLs),
  };
}

export function lc(s: string): string {
  return s.toLowerCase();
}

export function groupMatches(rule: PolicyRule, group: string): boolean {
  return rule.apiGroups.some((g) => g.value === '*' || g.value === group);
}

/** The rule's resource entry that matches `resource` (`pods` or `pods/exec`), if any. */
export function matchingResource(rule: PolicyRule, resource: string): RuleEntry | undefined {
  const slash = resource.indexOf('/');
  const sub = slash >= 0 ? resource.slice(slash + 1) : undefined;
  return rule.resources.find((r) => {
    const v = lc(r.value);
    if (v === '*' || v === resource) return true;
    return sub !== undefined && v === `*/${sub}`;
  });
}

export function matchingVerbs(rule: PolicyRule, verbs: readonly string[]): RuleEntry[] {
  return rule.verbs.filter((v) => v.value === '*' || verbs.includes(lc(v.value)));
}

/** Reads every item of a Role/ClusterRole `rules:` sequence. */
export function readRoleRules(root: YAMLMap, doc?: Document): PolicyRule[] {
  const out: PolicyRule[] = [];
  for (const item of getSeq(root, 'rules', doc)?.items ?? []) {
    const m = asMap(item, doc);
    if (m) out.push(readPolicyRule(m, doc));
  }
  return out;
}
