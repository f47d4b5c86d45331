import { defineWorkspaceRule } from '../types';
import { checkIsolation } from './_lib/isolation';

export default defineWorkspaceRule({
  id: 'netpol-egress-isolation',
  title: 'Workload not isolated for egress by any NetworkPolicy',
  severity: 'info',
  category: 'network',
  description:
    'Pods that no egress NetworkPolicy selects can open connections anywhere: to other workloads, the cloud metadata endpoint, the Kubernetes API and the internet, which is how a compromise spreads or data leaves.',
  remediation:
    'Add a NetworkPolicy with policyTypes Egress that selects these pods and allows only the destinations they need (DNS included).',
  equivalents: { polaris: ['missingNetworkPolicy'], kubescape: ['C-0260'] },
  checkWorkspace(ctx) {
    checkIsolation(ctx, 'Egress');
  },
});
