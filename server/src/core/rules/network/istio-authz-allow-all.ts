import { isSeq } from 'yaml';
import { describeObject } from '../../model/objects';
import { asMap, get, getMap, getSeq, getString, singleLineRange } from '../../yaml/nodes';
import { apiGroup, ISTIO_SECURITY } from '../tls/_lib/groups';
import { istioScope } from '../tls/_lib/peerAuthentication';
import { defineRule } from '../types';

/** The three parts of an AuthorizationPolicy rule; each absent or empty means "any". */
const RULE_PARTS = ['from', 'to', 'when'] as const;

/**
 * An ALLOW AuthorizationPolicy with a rule that matches every request. Istio allows a
 * request when any ALLOW policy of the workload matches it, so one such rule makes every
 * other ALLOW policy of those workloads moot. Not reported: an ALLOW policy without rules,
 * which matches nothing and so denies every request to the workloads it applies to
 * (Istio's documented deny-all), and DENY, AUDIT and CUSTOM policies.
 */
export default defineRule({
  id: 'istio-authz-allow-all',
  title: 'Istio AuthorizationPolicy allows every request',
  severity: 'warning',
  category: 'network',
  description:
    'An ALLOW AuthorizationPolicy with an empty rule (`rules: [{}]`, or a rule whose `from`, `to` and `when` are all absent or empty) matches every request, from any source, to any path, so every other ALLOW policy of the same workloads stops restricting anything.',
  remediation: 'Give the rule a `from` source (principals or namespaces), `to` operations or `when` conditions, or delete the policy.',
  appliesTo: ['AuthorizationPolicy'],
  check(ctx) {
    const o = ctx.object;
    if (apiGroup(o.apiVersion) !== ISTIO_SECURITY) return;
    const doc = o.doc;
    const spec = getMap(o.root, 'spec', doc);
    const action = (getString(spec, 'action', doc) ?? 'ALLOW').toUpperCase();
    if (action !== 'ALLOW') return;
    const rules = getSeq(spec, 'rules', doc);
    rules?.items.forEach((item, i) => {
      const rule = asMap(item, doc);
      if (!rule) return;
      const matchesAll = RULE_PARTS.every((part) => {
        const value = get(rule, part, doc);
        return value === undefined || value === null || (isSeq(value) && value.items.length === 0);
      });
      if (!matchesAll) return;
      ctx.report({
        range: singleLineRange(rule, ctx.text)!,
        message: `${describeObject(o)} allows every request ${istioScope(o)}: rule ${i + 1} has no from, to or when, so it matches any source and any operation.`,
      });
    });
  },
});
