import { describeObject } from '../../model/objects';
import { defineWorkspaceRule } from '../types';
import { namespaceOf } from '../workspaceIndex';

/**
 * `serviceAccountName` naming a ServiceAccount the workspace does not define in the
 * workload's namespace. `default` always exists and is never reported.
 */
export default defineWorkspaceRule({
  id: 'dangling-service-account',
  title: 'ServiceAccount not defined in the workspace',
  severity: 'info',
  category: 'service-account',
  description:
    'Pods that name a ServiceAccount which does not exist are not created (the ReplicaSet reports an error), or silently pick up whatever account with that name someone else created.',
  remediation: 'Define the ServiceAccount beside the workload, or fix the serviceAccountName.',
  equivalents: { 'kube-linter': ['non-existent-service-account'], kubescape: ['C-0307'] },
  checkWorkspace(ctx) {
    for (const w of ctx.index.workloads()) {
      const sa = w.workload!.serviceAccountName;
      if (!sa || sa === 'default') continue;
      const ns = namespaceOf(w)!;
      if (ctx.index.find('ServiceAccount', ns, sa).length > 0) continue;
      ctx.report({
        object: w,
        at: w.workload!.serviceAccountLoc ?? w.anchor,
        message: `ServiceAccount "${sa}" used by ${describeObject(w)} is not defined in namespace "${ns}" in this workspace.`,
      });
    }
  },
});
