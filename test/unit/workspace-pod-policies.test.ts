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

test('malformed Calico, Cilium and admin policies neither break indexing nor isolate or open anything', () => {
  const index = new WorkspaceIndex();
  index.setFileText(
    'odd.yaml',
    [
      // A map where Calico wants a selector expression: the API rejects it; it selects nothing.
      'apiVersion: projectcalico.org/v3\nkind: GlobalNetworkPolicy\nmetadata: {name: map-selector}\nspec: {selector: {app: web}, ingress: [{action: Allow}]}',
      // A null spec is `selector: all()`, types [Ingress]: a default deny, but in namespace "b".
      'apiVersion: projectcalico.org/v3\nkind: NetworkPolicy\nmetadata: {name: null-spec, namespace: b}\nspec:',
      'apiVersion: projectcalico.org/v3\nkind: GlobalNetworkPolicy\nmetadata: {name: odd-rules}\nspec: {selector: "app == \'db\'", types: [Egress], egress: [null, 1, {action: Allow, source: 7}]}',
      'apiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\nmetadata: {name: odd, namespace: a}\nspec: {endpointSelector: [1], ingress: {a: b}}\nspecs: 5',
      'apiVersion: cilium.io/v2\nkind: CiliumClusterwideNetworkPolicy\nmetadata: {name: reserved}\nspec: {endpointSelector: {matchLabels: {"reserved:host": ""}}, ingress: [{}]}',
      'apiVersion: policy.networking.k8s.io/v1alpha1\nkind: AdminNetworkPolicy\nmetadata: {name: no-subject}\nspec: {ingress: [{action: Deny, from: [{namespaces: {}}]}]}',
      'apiVersion: policy.networking.k8s.io/v1alpha1\nkind: BaselineAdminNetworkPolicy\nmetadata: {name: default}\nspec: {subject: {namespaces: {matchExpressions: [{key: x, operator: Bogus}]}}, ingress: [{action: Deny, from: [{namespaces: {}}]}]}',
      'apiVersion: v1\nkind: Pod\nmetadata: {name: web, namespace: a, labels: {app: web}}\nspec: {containers: [{name: c, image: i}]}',
      'apiVersion: v1\nkind: Pod\nmetadata: {name: db, namespace: a, labels: {app: db}}\nspec: {containers: [{name: c, image: i}]}',
    ].join('\n---\n'),
  );
  assert.deepEqual(index.failures(), []);
  assert.equal(index.byKind('GlobalNetworkPolicy')[0]!.podPolicy!.parts[0]!.subject.language, 'calico');
  const result = analyzeWorkspace(index, { rules: {} });
  assert.deepEqual(result.ruleFailures, []);
  const brief = result.findings
    .filter((f) => f.ruleId.startsWith('netpol-') && f.ruleId !== 'netpol-default-deny')
    .map((f) => [f.ruleId, f.object.name]);
  // Only "db" is isolated, for egress, by odd-rules (whose egress items open nothing); the
  // allow-all rule of a policy whose selector is invalid is not reported (it never exists).
  assert.deepEqual(brief, [
    ['netpol-egress-isolation', 'web'],
    ['netpol-ingress-isolation', 'web'],
    ['netpol-ingress-isolation', 'db'],
  ]);
});
