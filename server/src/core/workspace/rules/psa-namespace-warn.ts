import { defineWorkspaceRule } from '../types';
import { checkNamespaceMode } from './_lib/psa-namespace';

export default defineWorkspaceRule({
  id: 'psa-namespace-warn',
  title: 'Pods would trigger the namespace Pod Security warnings',
  severity: 'warning',
  category: 'pod-security',
  description:
    'The Namespace carries a `pod-security.kubernetes.io/warn` label: every apply of this workload prints Pod Security warnings for that level and version, usually the level the namespace is about to enforce.',
  remediation: 'Fix the listed Pod Security violations in the pod template before the namespace enforces that level.',
  checkWorkspace(ctx) {
    checkNamespaceMode(ctx, 'warn');
  },
});
