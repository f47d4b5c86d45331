import { defineGrantRule } from './_lib/grantRule';

const RBAC_GROUP = 'rbac.authorization.k8s.io';

/**
 * Write access to RBAC objects. RBAC's escalation prevention limits a subject to granting
 * permissions it holds (`rbac-escalate-bind` reports the verbs that lift that limit), but a
 * subject that may write bindings can still hand everything it holds to anyone, including
 * `system:anonymous`, and one that may update or delete roles and bindings can take access
 * away from others or widen the roles bound to them.
 */
export default defineGrantRule({
  id: 'rbac-roles-write',
  label: 'write RBAC roles or bindings',
  matchers: [
    {
      template: 'any-resource',
      verbs: ['create', 'update', 'patch', 'delete'],
      resources: [
        { apiGroup: RBAC_GROUP, resource: 'roles' },
        { apiGroup: RBAC_GROUP, resource: 'clusterroles' },
        { apiGroup: RBAC_GROUP, resource: 'rolebindings' },
        { apiGroup: RBAC_GROUP, resource: 'clusterrolebindings' },
      ],
      wildcardMeans: 'roles and bindings',
      why: 'change who holds which permissions',
    },
  ],
  title: 'Write access to RBAC roles or bindings',
  severity: 'warning',
  description:
    'create, update, patch or delete on Roles, ClusterRoles, RoleBindings or ClusterRoleBindings lets the subject pass every permission it holds to any other subject (anonymous users included), widen roles others are bound to, or remove access controls; with escalate or bind it is full control of RBAC.',
  remediation:
    'Leave RBAC changes to the cluster administrators and the deployment pipeline, and remove write verbs on RBAC resources from other roles.',
});
