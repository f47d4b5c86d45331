import { allowServicePortsFix, defaultDenyFix, type NewDocumentFix } from '../fixes';
import { defineWorkspaceRule } from '../types';
import { namespaceOf } from '../workspaceIndex';
import { checkIsolation } from './_lib/isolation';

export default defineWorkspaceRule({
  id: 'netpol-ingress-isolation',
  title: 'Workload not isolated for ingress by any NetworkPolicy',
  severity: 'warning',
  category: 'network',
  description:
    'Pods that no ingress NetworkPolicy selects accept connections from every pod in the cluster (and from outside, where routable): one compromised pod can reach them directly.',
  remediation: 'Add a NetworkPolicy that selects these pods with policyTypes Ingress (a namespace default-deny plus explicit allows).',
  equivalents: { 'kube-linter': ['non-isolated-pod'], polaris: ['missingNetworkPolicy'], checkov: ['CKV2_K8S_6'], kubescape: ['C-0260'] },
  checkWorkspace(ctx) {
    checkIsolation(ctx, 'Ingress');
  },
  fixes({ object, file }, index) {
    // A namespace default-deny (isolates every pod), and a policy allowing the workload's Service ports.
    const fixes: NewDocumentFix[] = [];
    const ns = namespaceOf(object);
    if (ns) fixes.push(defaultDenyFix(ns, file));
    const allow = allowServicePortsFix(index, object);
    if (allow) fixes.push(allow);
    return fixes;
  },
});
