import { defineWorkspaceRule } from '../types';
import { checkNamespaceMode } from './_lib/psa-namespace';

export default defineWorkspaceRule({
  id: 'psa-namespace-enforce',
  title: 'Pods would be rejected by the namespace Pod Security level',
  severity: 'error',
  category: 'pod-security',
  description:
    'The Namespace carries a `pod-security.kubernetes.io/enforce` label: Pod Security admission rejects every pod that violates that level and version, so this workload would never start (for a controller, its pods are refused while the controller itself is accepted).',
  remediation:
    'Fix the listed Pod Security violations in the pod template, or deploy the workload to a namespace whose enforce level allows it.',
  checkWorkspace(ctx) {
    checkNamespaceMode(ctx, 'enforce');
  },
});
