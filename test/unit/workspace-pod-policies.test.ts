import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { PssEvaluator } from '../../server/src/core/workspace/admission';
import { analyzeWorkspace } from '../../server/src/core/workspace/analyzeWorkspace';
import { workloadLensData } from '../../server/src/core/workspace/codeLens';
import { WorkspaceIndex } from '../../server/src/core/workspace/workspaceIndex';
import { briefWorkspace, indexDir, WORKSPACE_FIXTURES, type ExpectedWorkspaceFinding } from './workspace-helpers';

/**
 * Calico, Cilium and admin network policies count toward isolation in the directions they
 * cover (test/fixtures/workspace/cni-policies: no Kubernetes NetworkPolicy at all).
 */
test('pods isolated only by Cilium, Calico or admin network policies are not reported as unisolated', () => {
  const dir = path.join(WORKSPACE_FIXTURES, 'cni-policies');
  const expected: ExpectedWorkspaceFinding[] = JSON.parse(fs.readFileSync(path.join(dir, 'expected.json'), 'utf8'));
  const rules = { 'netpol-ingress-isolation': 'warning', 'netpol-egress-isolation': 'info' } as const;
  const result = analyzeWorkspace(indexDir(dir), { rules });
  assert.deepEqual(result.ruleFailures, []);
  const got = result.findings.filter((f) => f.ruleId in rules).map((f) => ({ rule: f.ruleId, ...briefWorkspace(f) }));
  assert.deepEqual(got, expected);
});

test('the index looks a Kubernetes kind up in its own API group only', () => {
  const index = new WorkspaceIndex();
  index.setFileText(
    'p.yaml',
    [
      'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: k8s, namespace: a}\nspec: {podSelector: {}}',
      'apiVersion: projectcalico.org/v3\nkind: NetworkPolicy\nmetadata: {name: calico, namespace: a}\nspec: {selector: all()}',
      'apiVersion: extensions/v1beta1\nkind: NetworkPolicy\nmetadata: {name: old, namespace: a}\nspec: {podSelector: {}}',
      'apiVersion: example.com/v1\nkind: Deployment\nmetadata: {name: crd, namespace: a}\nspec: {template: {spec: {containers: [{name: c}]}}}',
    ].join('\n---\n'),
  );
  assert.deepEqual(
    index.byKind('NetworkPolicy').map((o) => o.name),
    ['k8s', 'old'],
  );
  assert.deepEqual(
    index.byKind('projectcalico.org/NetworkPolicy').map((o) => o.name),
    ['calico'],
  );
  assert.equal(index.byKind('projectcalico.org/NetworkPolicy')[0]!.networkPolicy, undefined);
  assert.equal(index.byKind('projectcalico.org/NetworkPolicy')[0]!.podPolicy?.parts.length, 1);
  assert.deepEqual(index.find('NetworkPolicy', 'a', 'calico'), []);
  assert.deepEqual(index.workloads(), [], 'an example.com Deployment has no pod template we know');
});

test('the CodeLens names the Calico, Cilium and admin policies that isolate a workload, as the isolation rules count them', () => {
  const index = indexDir(path.join(WORKSPACE_FIXTURES, 'cni-policies'));
  const lenses = workloadLensData(index, new PssEvaluator(), 'apps.yaml');
  assert.deepEqual(
    lenses.map((l) => [l.object.name, l.ingressPolicies, l.egressPolicies]),
    [
      ['api', ['CiliumNetworkPolicy "api"'], ['CiliumNetworkPolicy "api"']],
      ['batch', [], []],
      ['db', ['NetworkPolicy (projectcalico.org) "db"'], ['NetworkPolicy (projectcalico.org) "db"']],
      ['cache', ['GlobalNetworkPolicy "caches"'], []],
      ['legacy', ['BaselineAdminNetworkPolicy "default"'], []],
    ],
  );
});

test('a Calico selector nested past the cap selects nothing and indexing goes on', () => {
  const index = new WorkspaceIndex();
  const deep = '('.repeat(100_000) + "app == 'web'" + ')'.repeat(100_000);
  index.setFileText(
    'p.yaml',
    `apiVersion: projectcalico.org/v3\nkind: GlobalNetworkPolicy\nmetadata: {name: deep}\nspec:\n  selector: "${deep}"\n---\n` +
      'apiVersion: v1\nkind: Pod\nmetadata: {name: web, namespace: a, labels: {app: web}}\nspec: {containers: [{name: c, image: i}]}\n',
  );
  assert.deepEqual(index.failures(), []);
  const selector = index.byKind('GlobalNetworkPolicy')[0]!.podPolicy!.parts[0]!.subject;
  assert.equal(selector.language === 'calico' && selector.selector.invalid, 'longer than 4096 characters');
  const found = analyzeWorkspace(index, { rules: {} }).findings.filter((f) => f.ruleId === 'netpol-ingress-isolation');
  assert.deepEqual(
    found.map((f) => [f.ruleId, f.object.name]),
    [['netpol-ingress-isolation', 'web']],
  );
});
