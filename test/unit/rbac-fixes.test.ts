import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { analyzeText } from '../../server/src/core/engine/analyze';
import { DEFAULT_OPTIONS } from '../../server/src/core/engine/options';
import { applyEdits, computeFix } from '../../server/src/core/fix';
import { yaml } from '../helpers';

/** The RBAC rules' quick fixes, applied through the real renderer and verifier. */
function fix(text: string, ruleId: string, index = 0): string | undefined {
  const analysis = analyzeText(text, DEFAULT_OPTIONS);
  const finding = analysis.findings.filter((f) => f.ruleId === ruleId)[index];
  assert.ok(finding, `no finding #${index} of ${ruleId}`);
  if (!finding.fix) return undefined;
  const edits = computeFix(analysis, finding, (t) => analyzeText(t, DEFAULT_OPTIONS));
  return edits ? applyEdits(text, edits) : undefined;
}

const HEAD = ['apiVersion: rbac.authorization.k8s.io/v1', 'kind: Role', 'metadata: {name: r, namespace: shop}', 'rules:'];

test('wildcard verbs become get, list, watch in the same block list, other verbs and comments kept', () => {
  const text = yaml(...HEAD, '- apiGroups: [""]', '  resources: [configmaps]', '  verbs:', '  - list', '  - "*"   # too much', '  - get');
  assert.equal(
    fix(text, 'rbac-wildcard'),
    yaml(...HEAD, '- apiGroups: [""]', '  resources: [configmaps]', '  verbs:', '  - list', '  - get', '  - watch'),
  );
});

test('wildcard verbs in a flow list stay a flow list', () => {
  const text = yaml(...HEAD, '- apiGroups: [""]', '  resources: [configmaps]', '  verbs: [get, "*"]');
  assert.equal(fix(text, 'rbac-wildcard'), yaml(...HEAD, '- apiGroups: [""]', '  resources: [configmaps]', '  verbs: [get, list, watch]'));
});

test('no wildcard fix where read-only would still read every Secret, nor for resources or apiGroups', () => {
  const onAll = yaml(...HEAD, '- apiGroups: [""]', '  resources: ["*"]', '  verbs: ["*"]');
  const findings = analyzeText(onAll, DEFAULT_OPTIONS).findings.filter((f) => f.ruleId === 'rbac-wildcard');
  assert.equal(findings.length, 2);
  assert.ok(findings.every((f) => f.fix === undefined));
  const onSecrets = yaml(...HEAD, '- apiGroups: [""]', '  resources: [secrets]', '  verbs: ["*"]');
  assert.equal(analyzeText(onSecrets, DEFAULT_OPTIONS).findings.find((f) => f.ruleId === 'rbac-wildcard')?.fix, undefined);
});

test('an anonymous subject is removed, the others stay', () => {
  const text = yaml(
    'apiVersion: rbac.authorization.k8s.io/v1',
    'kind: ClusterRoleBinding',
    'metadata: {name: b}',
    'roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: view}',
    'subjects:',
    '- kind: ServiceAccount   # the reader',
    '  name: reader',
    '  namespace: default',
    '- kind: User',
    '  name: system:anonymous',
    '  apiGroup: rbac.authorization.k8s.io',
  );
  assert.equal(
    fix(text, 'rbac-anonymous'),
    yaml(
      'apiVersion: rbac.authorization.k8s.io/v1',
      'kind: ClusterRoleBinding',
      'metadata: {name: b}',
      'roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: view}',
      'subjects:',
      '- kind: ServiceAccount   # the reader',
      '  name: reader',
      '  namespace: default',
    ),
  );
});
