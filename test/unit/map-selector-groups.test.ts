import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { buildSecurityMap } from '../../server/src/core/map/buildMap';
import type { SecurityMap } from '../../server/src/core/map/model';
import { namespaceEdges } from '../../server/src/core/map/namespaceView';
import { reachability } from '../../server/src/core/map/reachability';
import { WorkspaceIndex } from '../../server/src/core/workspace/workspaceIndex';
import { assertMapAgreesWithReachability, brief, edgesOf, readFromMap, samplePairs } from './map-reading';

/**
 * Selector groups (issue #20, scale; model.ts `MapPodGroup`): a labelled namespaceSelector is
 * one node however many namespaces it matches, and a by-label peer naming many workloads is
 * one node, not a pair edge per workload; the reading rule with group members still gives
 * exactly what `reachability()` answers.
 */

function namespace(name: string, labels: Record<string, string> = {}): string {
  const l = Object.entries(labels).map(([k, v]) => `\n    ${k}: "${v}"`);
  return `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${name}${l.length ? `\n  labels:${l.join('')}` : ''}`;
}

function deployment(ns: string, name: string, labels: Record<string, string>, port?: { name: string; number: number }): string {
  const l = Object.entries(labels).map(([k, v]) => `\n        ${k}: ${v}`);
  const ports = port ? `\n          ports:\n            - name: ${port.name}\n              containerPort: ${port.number}` : '';
  return `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ${name}\n  namespace: ${ns}\nspec:\n  template:\n    metadata:\n      labels:${l.join('')}\n    spec:\n      containers:\n        - name: c\n          image: x${ports}`;
}

function policy(ns: string, name: string, body: string): string {
  return `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: ${name}\n  namespace: ${ns}\nspec:\n${body}`;
}

function indexOf(docs: string[]): WorkspaceIndex {
  const index = new WorkspaceIndex();
  index.setFileText('ws.yaml', docs.join('\n---\n'));
  return index;
}

test(
  '100 tenant namespaces admitting each other by a labelled namespaceSelector: one group node, two edges per workload',
  { timeout: 120_000 },
  () => {
    const docs: string[] = [];
    for (let n = 0; n < 100; n++) {
      docs.push(namespace(`t${n}`, { tenant: 'yes' }));
      for (let i = 0; i < 5; i++) docs.push(deployment(`t${n}`, `app${i}`, { app: `app${i}` }));
      docs.push(
        policy(
          `t${n}`,
          'tenants',
          '  podSelector: {}\n  policyTypes: [Ingress, Egress]\n  ingress:\n    - from:\n        - namespaceSelector:\n            matchLabels:\n              tenant: "yes"\n  egress:\n    - to:\n        - namespaceSelector:\n            matchLabels:\n              tenant: "yes"',
        ),
      );
    }
    const index = indexOf(docs);
    const map = buildSecurityMap(index);
    assert.equal(map.workloads.length, 500);
    assert.deepEqual(map.notAnalysed, []);
    // Before: one edge per workload per matching namespace, 100,000 in all.
    assert.equal(map.edges.length, 1000);
    assert.deepEqual(
      map.groups.map((g) => [g.id, g.label, g.namespaces.length, g.members.length]),
      [['pods:{tenant=yes}', 'pods in namespaces tenant=yes', 100, 500]],
    );
    assert.deepEqual(edgesOf(map, 'workload:t42/Deployment/app3'), [
      'pods:{tenant=yes} -> workload:t42/Deployment/app3 [] | ingress-rule: NetworkPolicy t42/tenants, ingress rule 1 @ws.yaml:4333:6-4333:11',
      'workload:t42/Deployment/app3 -> pods:{tenant=yes} [] | egress-rule: NetworkPolicy t42/tenants, egress rule 1 @ws.yaml:4338:6-4338:9',
    ]);
    const pairs = samplePairs(map, [0, 37], [3, 43]);
    assertMapAgreesWithReachability(index, map, pairs, ['80']);
    assert.ok(pairs.every(([s, d]) => readFromMap(map, s, d, '80')));
  },
);

/** `namespaces` × `perNamespace` Deployments labelled part-of=shop; each namespace admits the label from `from`. */
function sharedLabel(namespaces: number, perNamespace: number, from: string): WorkspaceIndex {
  const docs: string[] = [];
  for (let n = 0; n < namespaces; n++) {
    for (let i = 0; i < perNamespace; i++)
      docs.push(deployment(`ns${n}`, `app${i}`, { app: `app${i}`, 'app.kubernetes.io/part-of': 'shop' }));
    docs.push(policy(`ns${n}`, 'shop', `  podSelector: {}\n  ingress:\n    - from:\n        - ${from}`));
  }
  return indexOf(docs);
}

const PART_OF = 'podSelector:\n            matchLabels:\n              app.kubernetes.io/part-of: shop';

test('500 workloads sharing a label that every namespace admits from any namespace: one group, complete', { timeout: 120_000 }, () => {
  // Before: 250,000 candidate pairs, "analysis-limit: … more than 200000 pairs".
  const index = sharedLabel(25, 20, `namespaceSelector: {}\n          ${PART_OF}`);
  const map = buildSecurityMap(index);
  assert.deepEqual(map.notAnalysed, []);
  assert.equal(map.edges.length, 500);
  assert.deepEqual(
    map.groups.map((g) => [g.id, g.label, g.namespaces.length, g.members.length]),
    [['pods:*{app.kubernetes.io/part-of=shop}', 'pods app.kubernetes.io/part-of=shop in every namespace', 25, 500]],
  );
  assert.deepEqual(
    edgesOf(map, 'workload:ns7/Deployment/app3').map((e) => e.replace(/ @.*/, '')),
    ['pods:*{app.kubernetes.io/part-of=shop} -> workload:ns7/Deployment/app3 [] | ingress-rule: NetworkPolicy ns7/shop, ingress rule 1'],
  );
  const pairs = samplePairs(map, [0, 41], [3, 47]);
  assertMapAgreesWithReachability(index, map, pairs, ['80']);
  assert.ok(pairs.every(([s, d]) => readFromMap(map, s, d, '80')));
});

test('150 workloads of one namespace naming each other by a shared label: one group inside it, complete', { timeout: 120_000 }, () => {
  // Before: 22,350 pair edges, "more than 20000 connections".
  const index = sharedLabel(1, 150, PART_OF);
  const map = buildSecurityMap(index);
  assert.deepEqual(map.notAnalysed, []);
  assert.equal(map.edges.length, 150);
  assert.deepEqual(
    map.groups.map((g) => [g.id, g.label, g.namespaces, g.members.length]),
    [['pods:ns0{app.kubernetes.io/part-of=shop}', 'pods app.kubernetes.io/part-of=shop in namespace ns0', ['ns0'], 150]],
  );
  assert.ok(map.edges.every((e) => e.from === 'pods:ns0{app.kubernetes.io/part-of=shop}'));
  assertMapAgreesWithReachability(index, map, samplePairs(map, [0, 13], [3, 19]), ['80']);
});

test('a named port on an egress group edge, a selector matching no namespace, small by-label peers as pairs: the map agrees with reachability', () => {
  const index = indexOf([
    namespace('t1', { tenant: 'yes' }),
    namespace('t2', { tenant: 'yes' }),
    namespace('o'),
    deployment('t1', 'api', { app: 'api' }, { name: 'http', number: 8080 }),
    deployment('t1', 'web', { app: 'web' }),
    deployment('t2', 'api', { app: 'api' }, { name: 'http', number: 9090 }),
    deployment('t2', 'cli', { app: 'cli' }),
    deployment('o', 'x', { app: 'x' }),
    // x may reach the tenants' pods on their port named http, and DNS in kube-system (not in the files).
    policy(
      'o',
      'x-out',
      '  podSelector:\n    matchLabels:\n      app: x\n  policyTypes: [Egress]\n  egress:\n    - to:\n        - namespaceSelector:\n            matchLabels:\n              tenant: "yes"\n      ports:\n        - port: http\n    - to:\n        - namespaceSelector:\n            matchLabels:\n              kubernetes.io/metadata.name: kube-system\n      ports:\n        - port: 53\n          protocol: UDP',
    ),
    // t1 admits x by label (one workload: pairs, judged on both sides).
    policy(
      't1',
      'in',
      '  podSelector: {}\n  ingress:\n    - from:\n        - namespaceSelector: {}\n          podSelector:\n            matchLabels:\n              app: x',
    ),
  ]);
  const map = buildSecurityMap(index);
  assert.deepEqual(map.notAnalysed, []);
  assert.deepEqual(map.edges.map((e) => brief(e).replace(/ @\S*/g, '')).sort(), [
    'workload:o/Deployment/x -> pods:{kubernetes.io/metadata.name=kube-system} [53/UDP] | egress-rule: NetworkPolicy o/x-out, egress rule 2',
    'workload:o/Deployment/x -> pods:{tenant=yes} [http/TCP] | egress-rule: NetworkPolicy o/x-out, egress rule 1',
    'workload:o/Deployment/x -> workload:t1/Deployment/api [8080/TCP] | egress-rule: NetworkPolicy o/x-out, egress rule 1 ; ingress-rule: NetworkPolicy t1/in, ingress rule 1',
  ]);
  assert.deepEqual(
    map.groups.map((g) => [g.id, g.namespaces, g.members]),
    [
      [
        'pods:{tenant=yes}',
        ['t1', 't2'],
        ['workload:t1/Deployment/api', 'workload:t1/Deployment/web', 'workload:t2/Deployment/api', 'workload:t2/Deployment/cli'],
      ],
      ['pods:{kubernetes.io/metadata.name=kube-system}', [], []],
    ],
  );
  const ids = map.workloads.map((w) => w.id);
  const pairs = ids.flatMap((s) => ids.filter((d) => d !== s).map((d) => [s, d] as [string, string]));
  const named = new Map([
    ['workload:t1/Deployment/api', new Map([['http', 8080]])],
    ['workload:t2/Deployment/api', new Map([['http', 9090]])],
  ]);
  assertMapAgreesWithReachability(index, map, pairs, ['8080', '9090', '53/UDP', '1234'], named);
  // Not vacuous: x reaches t2's api on 9090 by the group edge's port name, and nothing of t2 on 8080.
  assert.equal(
    readFromMap(map, 'workload:o/Deployment/x', 'workload:t2/Deployment/api', '9090', named.get('workload:t2/Deployment/api')),
    true,
  );
  assert.equal(reachability(index, 'workload:o/Deployment/x', 'workload:t2/Deployment/api', '8080').allowed, false);
  assert.equal(reachability(index, 'workload:o/Deployment/x', 'workload:t2/Deployment/cli', '9090').allowed, false);
});

test('a one-namespace view keeps the one-sided edges of workloads it brings in from other namespaces', () => {
  const index = indexOf([
    deployment('a', 's', { app: 's' }),
    deployment('b', 'd1', { app: 'd1' }),
    deployment('b', 'd2', { app: 'd2' }),
    policy('a', 's-out', '  podSelector: {}\n  policyTypes: [Egress]\n  egress:\n    - to:\n        - namespaceSelector: {}'),
    policy(
      'b',
      'd1-in',
      '  podSelector:\n    matchLabels:\n      app: d1\n  ingress:\n    - from:\n        - namespaceSelector: {}\n          podSelector:\n            matchLabels:\n              app: s',
    ),
  ]);
  const map = buildSecurityMap(index);
  const view: SecurityMap = { ...map, edges: namespaceEdges(map, 'b') };
  assert.deepEqual(view.edges.map((e) => `${e.from} -> ${e.to}`).sort(), [
    'workload:a/Deployment/s -> pods:*',
    'workload:a/Deployment/s -> workload:b/Deployment/d1',
  ]);
  const s = 'workload:a/Deployment/s';
  const d2 = 'workload:b/Deployment/d2';
  assert.equal(reachability(index, s, d2, '80').allowed, true);
  assert.equal(readFromMap(view, s, d2, '80'), true);
  // Namespace a's view has s's own edges, and d1 comes with none (its ingress names s by label: the pair).
  assert.deepEqual(
    namespaceEdges(map, 'a')
      .map((e) => `${e.from} -> ${e.to}`)
      .sort(),
    ['workload:a/Deployment/s -> pods:*', 'workload:a/Deployment/s -> workload:b/Deployment/d1'],
  );
});

test('a namespace named `*` (no DNS label) gets a quoted selector group, never `pods:*`', () => {
  const index = indexOf([
    deployment('"*"', 'x', { app: 'x' }),
    deployment('b', 'y', { app: 'y' }),
    policy('"*"', 'own', '  podSelector: {}\n  ingress:\n    - from:\n        - podSelector: {}'),
  ]);
  const map = buildSecurityMap(index);
  assert.deepEqual(
    map.edges.map((e) => `${e.from} -> ${e.to}`),
    ['pods:{namespace "*"} -> workload:*/Deployment/x'],
  );
  assert.deepEqual(
    map.groups.map((g) => [g.id, g.label, g.members]),
    [['pods:{namespace "*"}', 'every pod in namespace *', ['workload:*/Deployment/x']]],
  );
  const ids = map.workloads.map((w) => w.id);
  const pairs = ids.flatMap((s) => ids.filter((d) => d !== s).map((d) => [s, d] as [string, string]));
  assertMapAgreesWithReachability(index, map, pairs, ['80']);
  assert.equal(reachability(index, 'workload:b/Deployment/y', 'workload:*/Deployment/x', '80').allowed, false);
});
