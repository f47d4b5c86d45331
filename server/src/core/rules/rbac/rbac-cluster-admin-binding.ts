import { describeObject } from '../../model/objects';
import { pairRange } from '../../yaml/nodes';
import { defineRule } from '../types';
import { describeSubjects, readBinding } from './_lib/bindings';
import { isRbacApiVersion } from './_lib/grantRule';

/** CIS 5.1.1: cluster-admin is every permission on every resource in every namespace. */
export default defineRule({
  id: 'rbac-cluster-admin-binding',
  title: 'ClusterRoleBinding to cluster-admin',
  severity: 'error',
  category: 'rbac',
  description:
    'A ClusterRoleBinding to the cluster-admin ClusterRole gives its subjects every permission on every resource in every namespace; a compromise of any subject is a compromise of the cluster.',
  remediation: 'Bind a ClusterRole (or namespaced Roles) that lists only the permissions the subjects need.',
  equivalents: {
    'kube-linter': ['cluster-admin-role-binding'],
    polaris: ['clusterrolebindingClusterAdmin'],
    trivy: ['KSV-0111'],
    kubescape: ['C-0035', 'C-0185'],
  },
  appliesTo: ['ClusterRoleBinding'],
  check(ctx) {
    if (!isRbacApiVersion(ctx.object.apiVersion)) return;
    const b = readBinding(ctx.object.root, ctx.object.doc);
    const ref = b.roleRef;
    if (!ref || ref.kind !== 'ClusterRole' || ref.name !== 'cluster-admin' || !ref.namePair) return;
    ctx.report({
      range: pairRange(ref.namePair, ctx.text)!,
      message: `${describeObject(ctx.object)} grants cluster-admin in every namespace to ${describeSubjects(b)}.`,
    });
  },
});
