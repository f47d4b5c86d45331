import { describeObject } from '../../model/objects';
import { allowAllReason, policySelects, policyTypesOf } from '../netpol';
import { defineWorkspaceRule } from '../types';
import { firstN } from './describe';

/**
 * An INGRESS rule of a policy in effect (Ingress is in its policyTypes) that allows every peer on
 * every port: no `from`/`to` at all, an `ipBlock` of every address without a meaningful
 * `except`, or `namespaceSelector: {}` alone. Rules restricted to ports are not reported
 * (serving 443 to the internet is a normal thing to do). Egress rules are judged by
 * netpol-egress-unrestricted.
 */
export default defineWorkspaceRule({
  id: 'netpol-allow-all',
  title: 'NetworkPolicy ingress rule allows all traffic',
  severity: 'warning',
  category: 'network',
  description:
    'A rule that allows every source or destination on every port undoes the isolation of the pods the policy selects, while the policy gives the impression that their traffic is controlled.',
  remediation: 'Restrict the rule to the peers (podSelector, namespaceSelector, narrow ipBlock) and ports the workload needs.',
  checkWorkspace(ctx) {
    for (const np of ctx.index.byKind('NetworkPolicy')) {
      if (!policyTypesOf(np).includes('Ingress')) continue;
      const selected = ctx.index.workloads().filter((w) => policySelects(np, w));
      const related = firstN(selected).map((w) => ({ at: w.anchor, message: `${describeObject(w)} is selected by this policy.` }));
      (np.networkPolicy?.ingress ?? []).forEach((rule, i) => {
        const why = allowAllReason(rule, 'Ingress');
        if (!why) return;
        ctx.report({
          object: np,
          at: why.peer?.loc ?? rule.loc,
          message: `${describeObject(np)} ingress rule ${i + 1} allows traffic ${why.reason} on every port.`,
          related,
        });
      });
    }
  },
});
