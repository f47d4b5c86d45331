import { describeObject } from '../../model/objects';
import { pairRange } from '../../yaml/nodes';
import { defineRule } from '../types';
import { describeSubjects, readBinding } from './_lib/bindings';
import { isRbacApiVersion } from './_lib/grantRule';

/** A RoleBinding to cluster-admin: full control of one namespace, its Secrets and RBAC included. */
export default defineRule({
  id: 'rbac-cluster-admin-rolebinding',
  title: 'RoleBinding to cluster-admin',
  severity: 'warning',
  category: 'rbac',
  description:
    'A RoleBinding to the cluster-admin ClusterRole gives its subjects every permission in the namespace: all its Secrets, exec into its pods, and its RBAC, so they can grant the same to anyone.',
  remediation: 'Bind the built-in admin or edit ClusterRole, or a Role listing only the permissions needed.',
  equivalents: {
    'kube-linter': ['cluster-admin-role-binding'],
    polaris: ['rolebindingClusterAdminClusterRole'],
    trivy: ['KSV-0111'],
    kubescape: ['C-0035'],
  },
  appliesTo: ['RoleBinding'],
  check(ctx) {
    if (!isRbacApiVersion(ctx.object.apiVersion)) return;
    const b = readBinding(ctx.object.root, ctx.object.doc);
    const ref = b.roleRef;
    if (!ref || ref.kind !== 'ClusterRole' || ref.name !== 'cluster-admin' || !ref.namePair) return;
    const ns = ctx.object.namespace ? `namespace "${ctx.object.namespace}"` : 'its namespace';
    ctx.report({
      range: pairRange(ref.namePair, ctx.text)!,
      message: `${describeObject(ctx.object)} grants cluster-admin over ${ns} to ${describeSubjects(b)}.`,
    });
  },
});
