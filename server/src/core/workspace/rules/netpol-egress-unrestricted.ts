import { describeObject } from '../../model/objects';
import { allowAllReason, policySelects, policyTypesOf } from '../netpol';
import { defineWorkspaceRule } from '../types';
import { firstN } from './describe';

/**
 * An EGRESS rule of a policy in effect (Egress is in its policyTypes) that allows every peer on
 * every port: no `from`/`to` at all, an `ipBlock` of every address without a meaningful
 * `except`, or `namespaceSelector: {}` alone. Rules restricted to ports are not reported
 * (HTTPS to the internet is a normal thing to allow). Info only: allowing all egress is a
 * common deliberate choice; it is listed so it stays a conscious one.
 */
export default defineWorkspaceRule({
  id: 'netpol-egress-unrestricted',
  title: 'NetworkPolicy egress rule allows all destinations',
  severity: 'info',
  category: 'network',
  description:
    'An egress rule that allows every destination on every port lets the selected pods reach anything: other workloads, the cloud metadata endpoint, the internet; the policy then only isolates them for ingress.',
  remediation: 'Allow only the destinations and ports the workload needs (DNS, its dependencies, specific CIDRs).',
  checkWorkspace(ctx) {
    for (const np of ctx.index.byKind('NetworkPolicy')) {
      if (!policyTypesOf(np).includes('Egress')) continue;
      const selected = ctx.index.workloads().filter((w) => policySelects(np, w));
      const related = firstN(selected).map((w) => ({ at: w.anchor, message: `${describeObject(w)} is selected by this policy.` }));
      (np.networkPolicy?.egress ?? []).forEach((rule, i) => {
        const why = allowAllReason(rule, 'Egress');
        if (!why) return;
        ctx.report({
          object: np,
          at: why.peer?.loc ?? rule.loc,
          message: `${describeObject(np)} egress rule ${i + 1} allows traffic ${why.reason} on every port.`,
          related,
        });
      });
    }
  },
});
