import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { buildSecurityMap } from '../../server/src/core/map/buildMap';
import { rbacInNamespace } from '../../server/src/core/map/rbacView';
import { WorkspaceIndex } from '../../server/src/core/workspace/workspaceIndex';

/**
 * The RBAC graph of one namespace (report --namespace, the editor's namespace view) shows
 * every binding that gives its ServiceAccounts power, by the same subject rules as the
 * workload badges (permissions.ts): by name, the service-account groups, `system:authenticated`,
 * and the `system:serviceaccount:<ns>:<name>` user.
 */
test('rbacInNamespace: bindings reaching the namespace accounts through groups and users, as the badges count them', () => {
  const crb = (name: string, kind: string, subject: string) =>
    `apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\nmetadata:\n  name: ${name}\nroleRef:\n  apiGroup: rbac.authorization.k8s.io\n  kind: ClusterRole\n  name: cluster-admin\nsubjects:\n  - kind: ${kind}\n    name: ${subject}\n    apiGroup: rbac.authorization.k8s.io`;
  const index = new WorkspaceIndex();
  index.setFileText(
    'ws.yaml',
    [
      'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: s\n  namespace: a\nspec:\n  template:\n    spec:\n      serviceAccountName: s\n      containers:\n        - name: c\n          image: x',
      crb('sa-group-a', 'Group', 'system:serviceaccounts:a'),
      crb('sa-group-b', 'Group', 'system:serviceaccounts:b'),
      crb('all-sa', 'Group', 'system:serviceaccounts'),
      crb('authenticated', 'Group', 'system:authenticated'),
      crb('devs', 'Group', 'devs'),
      crb('user-a-s', 'User', 'system:serviceaccount:a:s'),
      crb('user-b-s', 'User', 'system:serviceaccount:b:s'),
      crb('user-a-empty', 'User', 'system:serviceaccount:a:'),
    ].join('\n---\n'),
  );
  const map = buildSecurityMap(index);
  const s = map.workloads.find((w) => w.id === 'workload:a/Deployment/s')!;
  const badgeBindings = s.grants.map((g) => g.binding.range.start.line).sort((x, y) => x - y);
  const view = rbacInNamespace(map.rbac, 'a');
  assert.deepEqual(
    view.bindings.map((b) => b.name),
    ['sa-group-a', 'all-sa', 'authenticated', 'user-a-s'],
  );
  // The same bindings the workload's badges point at.
  assert.deepEqual(
    view.bindings.map((b) => b.loc.range.start.line).sort((x, y) => x - y),
    badgeBindings,
  );
  assert.deepEqual(
    rbacInNamespace(map.rbac, 'b').bindings.map((b) => b.name),
    ['sa-group-b', 'all-sa', 'authenticated', 'user-b-s'],
  );
});
