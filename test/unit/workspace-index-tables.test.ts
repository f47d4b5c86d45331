import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { lookupKind } from '../../server/src/core/model/apiGroups';
import { WorkspaceIndex, namespaceOf } from '../../server/src/core/workspace/workspaceIndex';
import type { IndexedObject } from '../../server/src/core/workspace/types';
import { yaml } from '../helpers';
import { WORKSPACE_FIXTURES, indexDir } from './workspace-helpers';

/**
 * The lookup tables must answer exactly what filtering `all()` answers (same objects, same
 * order): the rules' findings depend on that order.
 */

function deployment(name: string, ns?: string): string {
  return yaml(
    'apiVersion: apps/v1',
    'kind: Deployment',
    ns ? `metadata: {name: ${name}, namespace: ${ns}}` : `metadata: {name: ${name}}`,
    'spec:',
    '  template:',
    '    metadata: {labels: {app: web}}',
    '    spec: {containers: [{name: c, image: nginx:1.27}]}',
  );
}

function role(kind: 'Role' | 'ClusterRole', name: string, ns?: string): string {
  return yaml(
    'apiVersion: rbac.authorization.k8s.io/v1',
    `kind: ${kind}`,
    ns ? `metadata: {name: ${name}, namespace: ${ns}}` : `metadata: {name: ${name}}`,
    'rules: []',
  );
}

function binding(kind: 'RoleBinding' | 'ClusterRoleBinding', name: string, ns: string | undefined, ...subjects: string[]): string {
  return yaml(
    'apiVersion: rbac.authorization.k8s.io/v1',
    `kind: ${kind}`,
    ns ? `metadata: {name: ${name}, namespace: ${ns}}` : `metadata: {name: ${name}}`,
    'roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: view}',
    'subjects:',
    ...subjects.map((s) => `  - ${s}`),
  );
}

function names(objects: readonly IndexedObject[]): string[] {
  return objects.map((o) => `${o.kind}/${o.name ?? ''}`);
}

/** Every fixture workspace in one index: many kinds, namespaces and files. */
function fixturesIndex(): WorkspaceIndex {
  const index = new WorkspaceIndex();
  for (const dir of fs.readdirSync(WORKSPACE_FIXTURES)) {
    for (const variant of ['firing', 'passing', '.']) {
      const full = path.join(WORKSPACE_FIXTURES, dir, variant);
      if (!fs.existsSync(full) || !fs.statSync(full).isDirectory()) continue;
      const part = indexDir(full);
      for (const f of part.files()) index.setFileObjects(`${dir}/${variant}/${f}`, [...part.objectsInFile(f)]);
    }
  }
  return index;
}

test('byKindInNamespace and workloadsIn equal filtering all() by effective namespace', () => {
  const index = fixturesIndex();
  const all = index.all();
  assert.ok(all.length > 50);
  // Lookups are by API group and kind (a Calico NetworkPolicy is `projectcalico.org/NetworkPolicy`).
  const kinds = [...new Set(all.map(lookupKind))];
  const namespaces = [...new Set(all.map((o) => namespaceOf(o))), 'nowhere'];
  for (const ns of namespaces) {
    for (const kind of kinds)
      assert.deepEqual(
        index.byKindInNamespace(kind, ns),
        all.filter((o) => lookupKind(o) === kind && namespaceOf(o) === ns),
        `${kind} in ${String(ns)}`,
      );
    assert.deepEqual(
      index.workloadsIn(ns),
      all.filter((o) => o.workload && namespaceOf(o) === ns),
      `workloads in ${String(ns)}`,
    );
  }
  assert.deepEqual(
    index.workloads(),
    all.filter((o) => o.workload),
  );
});

test('objects without namespace are in default; cluster-scoped ones under undefined', () => {
  const index = new WorkspaceIndex();
  index.setFileText('a.yaml', deployment('a') + '---\n' + deployment('b', 'default') + '---\n' + role('ClusterRole', 'c'));
  assert.deepEqual(names(index.byKindInNamespace('Deployment', 'default')), ['Deployment/a', 'Deployment/b']);
  assert.deepEqual(names(index.workloadsIn('default')), ['Deployment/a', 'Deployment/b']);
  assert.deepEqual(names(index.byKindInNamespace('ClusterRole', undefined)), ['ClusterRole/c']);
  assert.deepEqual(index.byKindInNamespace('ClusterRole', ''), []);
  assert.deepEqual(index.byKindInNamespace('Deployment', undefined), []);
});

test('findInAnyNamespace lists same-named objects of every namespace in file order', () => {
  const index = new WorkspaceIndex();
  index.setFileText('b.yaml', role('Role', 'reader', 'shop'));
  index.setFileText(
    'a.yaml',
    role('Role', 'reader', 'ops') + '---\n' + role('Role', 'writer', 'ops') + '---\n' + role('ClusterRole', 'reader'),
  );
  assert.deepEqual(index.findInAnyNamespace('Role', 'reader').map(namespaceOf), ['ops', 'shop']);
  assert.deepEqual(names(index.findInAnyNamespace('ClusterRole', 'reader')), ['ClusterRole/reader']);
  assert.deepEqual(index.findInAnyNamespace('Role', 'nothing'), []);
});

test('byKind over several kinds keeps kind order and follows changes', () => {
  const index = new WorkspaceIndex();
  index.setFileText(
    'a.yaml',
    binding('ClusterRoleBinding', 'crb', undefined, '{kind: Group, name: g}') +
      '---\n' +
      binding('RoleBinding', 'rb1', 'shop', '{kind: Group, name: g}'),
  );
  assert.deepEqual(names(index.byKind('RoleBinding', 'ClusterRoleBinding')), ['RoleBinding/rb1', 'ClusterRoleBinding/crb']);
  assert.deepEqual(names(index.byKind('ClusterRoleBinding', 'RoleBinding')), ['ClusterRoleBinding/crb', 'RoleBinding/rb1']);
  index.setFileText('b.yaml', binding('RoleBinding', 'rb2', 'shop', '{kind: Group, name: g}'));
  assert.deepEqual(names(index.byKind('RoleBinding', 'ClusterRoleBinding')), [
    'RoleBinding/rb1',
    'RoleBinding/rb2',
    'ClusterRoleBinding/crb',
  ]);
  index.removeFile('a.yaml');
  assert.deepEqual(names(index.byKind('RoleBinding', 'ClusterRoleBinding')), ['RoleBinding/rb2']);
  assert.equal(index.byKindInNamespace('RoleBinding', 'shop').length, 1);
});

test('bindingsWithSubject: RoleBindings then ClusterRoleBindings, each once, ServiceAccount namespaces resolved', () => {
  const index = new WorkspaceIndex();
  index.setFileText(
    'a.yaml',
    [
      binding('ClusterRoleBinding', 'crb-sa', undefined, '{kind: ServiceAccount, name: web, namespace: shop}'),
      // A ClusterRoleBinding's ServiceAccount subject without namespace names no account.
      binding('ClusterRoleBinding', 'crb-no-ns', undefined, '{kind: ServiceAccount, name: web}'),
      binding('RoleBinding', 'rb-implicit', 'shop', '{kind: ServiceAccount, name: web}', '{kind: Group, name: system:authenticated}'),
      binding('RoleBinding', 'rb-other-ns', 'ops', '{kind: ServiceAccount, name: web}'),
      binding('RoleBinding', 'rb-explicit', 'ops', '{kind: ServiceAccount, name: web, namespace: shop}'),
      binding('RoleBinding', 'rb-user', 'ops', '{kind: User, name: "system:serviceaccount:shop:web"}'),
    ].join('---\n'),
  );
  const sa = { kind: 'ServiceAccount', name: 'web', namespace: 'shop' };
  assert.deepEqual(names(index.bindingsWithSubject([sa])), [
    'RoleBinding/rb-implicit',
    'RoleBinding/rb-explicit',
    'ClusterRoleBinding/crb-sa',
  ]);
  assert.deepEqual(names(index.bindingsWithSubject([{ kind: 'ServiceAccount', name: 'web', namespace: 'ops' }])), [
    'RoleBinding/rb-other-ns',
  ]);
  assert.deepEqual(
    names(
      index.bindingsWithSubject([
        sa,
        { kind: 'Group', name: 'system:authenticated' },
        { kind: 'User', name: 'system:serviceaccount:shop:web' },
      ]),
    ),
    ['RoleBinding/rb-implicit', 'RoleBinding/rb-explicit', 'RoleBinding/rb-user', 'ClusterRoleBinding/crb-sa'],
  );
  assert.deepEqual(index.bindingsWithSubject([{ kind: 'ServiceAccount', name: 'web' }]), []);
  assert.deepEqual(index.bindingsWithSubject([{ kind: 'Group', name: 'nobody' }]), []);
});
