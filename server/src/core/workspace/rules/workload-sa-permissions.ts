import { describeObject } from '../../model/objects';
import { dangerousGrants, effectivePermissions, grantLabel } from '../permissions';
import { defineWorkspaceRule, type Loc } from '../types';
import { namespaceOf, type WorkspaceIndex } from '../workspaceIndex';

/**
 * A workload whose ServiceAccount (explicit, or `default`) holds dangerous RBAC grants
 * through the bindings of the workspace, and whose pods mount its token (neither the pod
 * nor the ServiceAccount sets `automountServiceAccountToken: false`). The Role itself is
 * judged by the single-object rbac-* rules; this finding is about the path from the
 * workload to those grants: code execution in the pod yields them.
 */
export default defineWorkspaceRule({
  id: 'workload-sa-permissions',
  title: 'Workload runs with a ServiceAccount that holds dangerous permissions',
  severity: 'warning',
  category: 'rbac',
  description:
    'Every pod of the workload mounts the token of its ServiceAccount: whoever gets code execution in one container gets the dangerous RBAC permissions bound to that account.',
  remediation:
    'Give the workload its own ServiceAccount bound to only what it needs, or set automountServiceAccountToken: false when it does not call the API.',
  equivalents: { kubescape: ['C-0267', 'C-0272'] },
  checkWorkspace(ctx) {
    // Workloads sharing a ServiceAccount share its grants: work them out once per account.
    const byAccount = new Map<string, AccountGrants | undefined>();
    for (const w of ctx.index.workloads()) {
      if (w.kind === 'PodTemplate') continue;
      const f = w.workload!;
      const ns = namespaceOf(w)!;
      const saName = f.serviceAccountName ?? 'default';
      const sa = ctx.index.find('ServiceAccount', ns, saName)[0];
      const automount = f.automountToken ?? sa?.automountToken ?? true;
      if (!automount) continue;
      const key = `${ns}\u0000${saName}`;
      if (!byAccount.has(key)) byAccount.set(key, accountGrants(ctx.index, ns, saName));
      const account = byAccount.get(key);
      if (!account) continue;
      ctx.report({
        object: w,
        at: f.serviceAccountLoc ?? w.anchor,
        message: `${describeObject(w)} runs as ServiceAccount "${saName}", whose RBAC grants let it ${account.summary} (via ${account.bindings}).`,
        related: account.related,
      });
    }
  },
});

/** What a finding says about one ServiceAccount's dangerous grants. */
interface AccountGrants {
  summary: string;
  bindings: string;
  related: Array<{ at: Loc; message: string }>;
}

/** The account's dangerous grants as a finding words them, or undefined when it has none. */
function accountGrants(index: WorkspaceIndex, ns: string, saName: string): AccountGrants | undefined {
  // Grants limited by resourceNames (one named Secret) are least privilege, not a finding.
  const grants = dangerousGrants(effectivePermissions(index, ns, saName)).filter((g) => !g.scoped);
  if (grants.length === 0) return undefined;
  // `*` on `*` implies every other grant: listing them all would bury the point.
  const full = grants.find((g) => g.fullWildcard);
  return {
    summary: full
      ? `do anything (${full.scope === 'cluster-wide' ? 'cluster-admin' : `full access in ${full.scope}`})`
      : [...new Set(grants.map((g) => grantLabel(g.kind)))].join(', '),
    bindings: [...new Set(grants.map((g) => describeObject(g.binding)))].join(', '),
    related: grants
      .slice(0, 10)
      .map((g) => ({ at: g.ruleLoc ?? g.subjectLoc, message: `${g.text}: ${g.scope}, via ${describeObject(g.binding)} → ${g.role}.` })),
  };
}
