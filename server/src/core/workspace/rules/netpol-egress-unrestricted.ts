import { defineWorkspaceRule } from '../types';
import { reportAllowAllRules } from './_lib/allowAllRules';

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
    reportAllowAllRules(ctx, 'Egress');
  },
});
