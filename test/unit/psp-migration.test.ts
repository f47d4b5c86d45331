import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { applyEdits } from '../../server/src/core/fix';
import { objectFindingFixes } from '../../server/src/core/workspace/objectFindingFixes';
import { isEditFix, pspMigrationFixes, pspNamespaces } from '../../server/src/core/workspace/pspMigration';
import { WorkspaceIndex } from '../../server/src/core/workspace/workspaceIndex';
import { yaml } from '../helpers';
import { indexDir, WORKSPACE_FIXTURES } from './workspace-helpers';

const DIR = path.join(WORKSPACE_FIXTURES, 'psp-migration');
const read = (name: string): string => fs.readFileSync(path.join(DIR, name), 'utf8');
const textOf = (file: string): string | undefined => (fs.existsSync(path.join(DIR, file)) ? read(file) : undefined);

function psp(index: WorkspaceIndex, name: string) {
  return index.byKind('PodSecurityPolicy').find((o) => o.name === name)!;
}

test('PSP migration: the namespaces are those of the bindings granting use on that policy', () => {
  const index = indexDir(DIR);
  assert.deepEqual(pspNamespaces(index, 'restricted'), ['billing', 'payments', 'shop']);
  assert.deepEqual(pspNamespaces(index, 'legacy'), ['other']);
  assert.equal(psp(index, 'restricted').podSecurityPolicyLevel, 'restricted');
});

test('PSP migration: labels an unlabelled Namespace in its file, creates a missing one, leaves a labelled one alone', () => {
  const index = indexDir(DIR);
  const fixes = pspMigrationFixes(psp(index, 'restricted'), index, textOf);
  assert.deepEqual(
    fixes.map((f) => f.title),
    [
      'Create Namespace "billing" labelled pod-security.kubernetes.io/enforce: restricted',
      'Label Namespace "shop" with pod-security.kubernetes.io/enforce: restricted',
    ],
  );
  const [billing, shop] = fixes;
  assert.ok(billing && !isEditFix(billing) && shop && isEditFix(shop));
  assert.equal(billing.yaml, read('expected/namespace-billing.yaml'));
  assert.equal(billing.suggestedFile, 'psp.yaml');
  assert.equal(billing.newFileName, 'namespace-billing.yaml');
  assert.equal(shop.file, 'namespaces.yaml');
  assert.equal(applyEdits(read('namespaces.yaml'), shop.edits), read('expected/namespaces.yaml'));
});

test('PSP migration: offered for the removed-api-version finding of a PodSecurityPolicy only', () => {
  const index = indexDir(DIR);
  assert.equal(objectFindingFixes('removed-api-version', psp(index, 'restricted'), index, textOf).length, 2);
  const role = index.byKind('ClusterRole')[0]!;
  assert.deepEqual(objectFindingFixes('removed-api-version', role, index, textOf), []);
  assert.deepEqual(objectFindingFixes('pss-privileged', psp(index, 'restricted'), index, textOf), []);
});

test('PSP migration: a cluster-wide subject reaches every Namespace object; a hostile namespace name makes a safe file name', () => {
  const index = new WorkspaceIndex();
  index.setFileText(
    'psp.yaml',
    yaml(
      'apiVersion: extensions/v1beta1',
      'kind: PodSecurityPolicy',
      'metadata: {name: open}',
      'spec: {privileged: true}',
      '---',
      'apiVersion: rbac.authorization.k8s.io/v1',
      'kind: ClusterRole',
      'metadata: {name: all-psps}',
      'rules: [{apiGroups: ["*"], resources: ["*"], verbs: ["*"]}]',
      '---',
      'apiVersion: rbac.authorization.k8s.io/v1',
      'kind: ClusterRoleBinding',
      'metadata: {name: everyone}',
      'roleRef: {kind: ClusterRole, name: all-psps}',
      'subjects: [{kind: Group, name: "system:authenticated"}, {kind: ServiceAccount, name: x, namespace: "../../etc"}]',
    ),
  );
  index.setFileText('ns.yaml', nsText);
  assert.deepEqual(pspNamespaces(index, 'open'), ['../../etc', 'a', 'b']);
  const fixes = pspMigrationFixes(psp(index, 'open'), index, (f) => (f === 'ns.yaml' ? nsText : undefined));
  assert.deepEqual(
    fixes.map((f) => (isEditFix(f) ? [f.title, applyEdits(nsText, f.edits)] : [f.title, f.newFileName])),
    [
      ['Create Namespace "../../etc" labelled pod-security.kubernetes.io/enforce: privileged', 'namespace-etc.yaml'],
      [
        'Label Namespace "a" with pod-security.kubernetes.io/enforce: privileged',
        nsText.replace(
          'metadata: {name: a}',
          'metadata: {name: a, labels: {pod-security.kubernetes.io/enforce: privileged, pod-security.kubernetes.io/enforce-version: latest}}',
        ),
      ],
      [
        'Label Namespace "b" with pod-security.kubernetes.io/enforce: privileged',
        nsText.replace(
          'metadata: {name: b}',
          'metadata: {name: b, labels: {pod-security.kubernetes.io/enforce: privileged, pod-security.kubernetes.io/enforce-version: latest}}',
        ),
      ],
    ],
  );
});

const nsText = yaml(
  'apiVersion: v1',
  'kind: Namespace',
  'metadata: {name: a}',
  '---',
  'apiVersion: v1',
  'kind: Namespace',
  'metadata: {name: b}',
);
