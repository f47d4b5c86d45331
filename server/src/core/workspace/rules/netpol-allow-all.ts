import { defineWorkspaceRule } from '../types';
import { reportAllowAllRules } from './_lib/allowAllRules';

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
    reportAllowAllRules(ctx, 'Ingress');
  },
});
