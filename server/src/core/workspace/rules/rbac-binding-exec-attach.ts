import { describeObject } from '../../model/objects';
import { bindingGrants } from '../permissions';
import { defineWorkspaceRule } from '../types';

/** How many subjects a message names before it says "and N more". */
const SHOWN_SUBJECTS = 3;

/**
 * A RoleBinding or ClusterRoleBinding that hands exec/attach into pods to its subjects,
 * through a role of the workspace or a built-in ClusterRole (`edit`, `admin`). The role's
 * grant is `rbac-exec-attach`'s finding; this one says who receives it and where, on the
 * binding's roleRef, with related locations on the role's grants. A `*` on `*` role
 * (cluster-admin) is `rbac-cluster-admin-binding`'s concern and is left out, as are grants
 * limited by resourceNames.
 */
export default defineWorkspaceRule({
  id: 'rbac-binding-exec-attach',
  title: 'Binding grants exec/attach into pods',
  severity: 'warning',
  category: 'rbac',
  description:
    "A binding to a role with pods/exec or pods/attach lets its subjects run commands in every pod in the binding's scope, with those pods' ServiceAccount tokens, Secrets and host mounts.",
  remediation:
    'Bind pods/exec and pods/attach only to a break-glass group, for the namespaces that need it, and bind others to a role without them.',
  equivalents: { polaris: ['clusterrolebindingPodExecAttach', 'rolebindingClusterRolePodExecAttach', 'rolebindingRolePodExecAttach'] },
  checkWorkspace(ctx) {
    for (const b of ctx.index.byKind('RoleBinding', 'ClusterRoleBinding')) {
      const subjects = b.binding?.subjects ?? [];
      const resolved = bindingGrants(ctx.index, b);
      if (!resolved || subjects.length === 0) continue;
      const exec = resolved.dangerous.filter((d) => d.grant.kind === 'rbac-exec-attach' && !d.grant.scoped && !d.grant.fullWildcard);
      if (exec.length === 0) continue;
      const names = subjects.slice(0, SHOWN_SUBJECTS).map((s) => `${s.kind} "${s.namespace ? `${s.namespace}/` : ''}${s.name}"`);
      const more = subjects.length > SHOWN_SUBJECTS ? ` and ${subjects.length - SHOWN_SUBJECTS} more` : '';
      const role = `${resolved.roleKind} "${resolved.roleName}"${resolved.builtin ? ' (built-in)' : ''}`;
      ctx.report({
        object: b,
        at: resolved.roleRef.loc,
        message: `${describeObject(b)} lets ${names.join(', ')}${more} exec/attach into pods (${resolved.scope}) through ${role}.`,
        related: exec.flatMap((d) => (d.ruleLoc ? [{ at: d.ruleLoc, message: `${d.grant.text}.` }] : [])),
      });
    }
  },
});
