import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { WorkspaceIndex } from '../../server/src/core/workspace/workspaceIndex';
import {
  dangerousGrants,
  effectivePermissions,
  effectivePermissionsMarkdown,
  isBuiltinClusterRole,
  isBuiltinRole,
} from '../../server/src/core/workspace/permissions';
import { yaml } from '../helpers';

const ROLES = yaml(
  'apiVersion: rbac.authorization.k8s.io/v1',
  'kind: Role',
  'metadata: {name: secrets, namespace: shop}',
  'rules:',
  '  - apiGroups: [""]',
  '    resources: [secrets]',
  '    verbs: [list]',
  '---',
  'apiVersion: rbac.authorization.k8s.io/v1',
  'kind: ClusterRole',
  'metadata: {name: exec}',
  'rules:',
  '  - apiGroups: [""]',
  '    resources: [pods/exec]',
  '    verbs: [create]',
  '  - apiGroups: [""]',
  '    resources: [configmaps]',
  '    verbs: [get]',
);

function binding(
  kind: 'RoleBinding' | 'ClusterRoleBinding',
  name: string,
  ns: string | undefined,
  roleKind: string,
  role: string,
  subject: string,
): string {
  return yaml(
    'apiVersion: rbac.authorization.k8s.io/v1',
    `kind: ${kind}`,
    ns ? `metadata: {name: ${name}, namespace: ${ns}}` : `metadata: {name: ${name}}`,
    `roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ${roleKind}, name: ${role}}`,
    'subjects:',
    `  - ${subject}`,
  );
}

function indexOf(...docs: string[]): WorkspaceIndex {
  const index = new WorkspaceIndex();
  docs.forEach((d, i) => index.setFileText(`f${i}.yaml`, d));
  return index;
}

test('a RoleBinding subject without namespace means the binding namespace', () => {
  const index = indexOf(ROLES, binding('RoleBinding', 'b', 'shop', 'Role', 'secrets', '{kind: ServiceAccount, name: web}'));
  const p = effectivePermissions(index, 'shop', 'web');
  assert.equal(p.grants.length, 1);
  assert.equal(p.grants[0]!.scope, 'namespace "shop"');
  assert.equal(p.grants[0]!.via, 'ServiceAccount subject');
  assert.deepEqual(
    dangerousGrants(p).map((g) => [g.kind, g.role, g.ruleLoc?.range.start.line]),
    [['rbac-secrets', 'Role "secrets"', 4]],
  );
  assert.deepEqual(effectivePermissions(index, 'other', 'web').grants, []);
});

test('groups system:serviceaccounts[:ns] and system:authenticated, and the SA user name, reach the ServiceAccount', () => {
  for (const subject of [
    '{kind: Group, name: system:serviceaccounts}',
    '{kind: Group, name: "system:serviceaccounts:shop"}',
    '{kind: Group, name: system:authenticated}',
    '{kind: User, name: "system:serviceaccount:shop:web"}',
  ]) {
    const index = indexOf(ROLES, binding('ClusterRoleBinding', 'b', undefined, 'ClusterRole', 'exec', subject));
    const p = effectivePermissions(index, 'shop', 'web');
    assert.equal(p.grants.length, 1, subject);
    assert.equal(p.grants[0]!.scope, 'cluster-wide');
    assert.deepEqual(
      dangerousGrants(p).map((g) => g.kind),
      ['rbac-exec-attach'],
      subject,
    );
  }
  const other = indexOf(
    ROLES,
    binding('ClusterRoleBinding', 'b', undefined, 'ClusterRole', 'exec', '{kind: Group, name: "system:serviceaccounts:other"}'),
  );
  assert.deepEqual(effectivePermissions(other, 'shop', 'web').grants, []);
});

test('a ClusterRoleBinding ServiceAccount subject needs its namespace', () => {
  const index = indexOf(ROLES, binding('ClusterRoleBinding', 'b', undefined, 'ClusterRole', 'exec', '{kind: ServiceAccount, name: web}'));
  assert.deepEqual(effectivePermissions(index, 'shop', 'web').grants, []);
  assert.deepEqual(effectivePermissions(index, 'default', 'web').grants, []);
});

test('a RoleBinding to a ClusterRole grants within the binding namespace; built-in roles are classified', () => {
  const index = indexOf(binding('RoleBinding', 'b', 'shop', 'ClusterRole', 'cluster-admin', '{kind: ServiceAccount, name: web}'));
  const p = effectivePermissions(index, 'shop', 'web');
  assert.equal(p.grants[0]!.builtin, true);
  assert.equal(p.grants[0]!.scope, 'namespace "shop"');
  assert.ok(dangerousGrants(p).some((g) => g.kind === 'rbac-wildcard'));
  assert.equal(isBuiltinClusterRole('system:auth-delegator'), true);
  assert.equal(isBuiltinClusterRole('ops'), false);
  assert.equal(isBuiltinRole('kube-system', 'extension-apiserver-authentication-reader'), true);
  assert.equal(isBuiltinRole('shop', 'extension-apiserver-authentication-reader'), false);
});

test('markdown names each dangerous grant with its binding and lists every binding', () => {
  const index = indexOf(
    ROLES,
    binding('RoleBinding', 'read-secrets', 'shop', 'Role', 'secrets', '{kind: ServiceAccount, name: web}'),
    binding('RoleBinding', 'missing', 'shop', 'Role', 'nope', '{kind: ServiceAccount, name: web}'),
  );
  const md = effectivePermissionsMarkdown(index, 'shop', 'web');
  assert.equal(
    md,
    [
      '**Effective permissions of ServiceAccount web** (namespace shop)',
      '',
      '_This ServiceAccount is not defined in the workspace._',
      '',
      '⚠ **1 dangerous grant:**',
      '',
      '- list secrets (list and watch return the content of every Secret in scope) — namespace "shop", via RoleBinding "read-secrets" → Role "secrets" (`rbac-secrets`)',
      '',
      '| binding | role | scope | via |',
      '|---|---|---|---|',
      '| RoleBinding "read-secrets" | Role secrets | namespace "shop" | ServiceAccount subject |',
      '| RoleBinding "missing" | Role nope (not in workspace) | namespace "shop" | ServiceAccount subject |',
    ].join('\n'),
  );
  assert.match(
    effectivePermissionsMarkdown(indexOf(ROLES), 'shop', 'default'),
    /No RoleBinding or ClusterRoleBinding in the workspace grants it anything\.$/,
  );
});
