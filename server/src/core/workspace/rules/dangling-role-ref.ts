import { describeObject } from '../../model/objects';
import { isBuiltinClusterRole, isBuiltinRole } from '../permissions';
import { defineWorkspaceRule } from '../types';
import { namespaceOf } from '../workspaceIndex';

/**
 * A RoleBinding or ClusterRoleBinding whose roleRef names a Role (in the binding's
 * namespace) or ClusterRole the workspace does not define. The built-in ClusterRoles
 * (cluster-admin, admin, edit, view, system:*) and kube-system Roles are known.
 */
export default defineWorkspaceRule({
  id: 'dangling-role-ref',
  title: 'Binding refers to a role not found in the workspace',
  severity: 'info',
  category: 'rbac',
  description:
    'A binding to a role that does not exist grants nothing today, but whoever later creates a role with that name silently grants its permissions to the binding subjects.',
  remediation: 'Define the referenced Role or ClusterRole beside the binding, or fix roleRef.name.',
  checkWorkspace(ctx) {
    for (const b of ctx.index.byKind('RoleBinding', 'ClusterRoleBinding')) {
      const ref = b.binding?.roleRef;
      if (!ref) continue;
      if (ref.kind === 'ClusterRole') {
        if (isBuiltinClusterRole(ref.name) || ctx.index.find('ClusterRole', undefined, ref.name).length > 0) continue;
        ctx.report({
          object: b,
          at: ref.loc,
          message: `${describeObject(b)} refers to ClusterRole "${ref.name}", which is not defined in this workspace.`,
        });
      } else if (ref.kind === 'Role') {
        const ns = namespaceOf(b);
        if (b.kind === 'ClusterRoleBinding' || !ns) continue; // invalid: the API server rejects it
        if (isBuiltinRole(ns, ref.name) || ctx.index.find('Role', ns, ref.name).length > 0) continue;
        const elsewhere = ctx.index.findInAnyNamespace('Role', ref.name);
        ctx.report({
          object: b,
          at: ref.loc,
          message: `${describeObject(b)} refers to Role "${ref.name}", which is not defined in namespace "${ns}" in this workspace.`,
          related: elsewhere.slice(0, 5).map((r) => ({
            at: r.anchor,
            message: `A Role "${ref.name}" exists in namespace "${namespaceOf(r)}": a RoleBinding can only use a Role of its own namespace.`,
          })),
        });
      }
    }
  },
});
