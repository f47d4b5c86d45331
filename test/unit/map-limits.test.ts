import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { buildSecurityMap } from '../../server/src/core/map/buildMap';
import { layoutMap } from '../../server/src/core/map/layout';
import type { SecurityMap } from '../../server/src/core/map/model';
import { renderMapSvg } from '../../server/src/core/map/svg';
import { WorkspaceIndex } from '../../server/src/core/workspace/workspaceIndex';

/** 700 pods labelled `tier: a` in namespace a, and a policy admitting `from` into all of them. */
function sevenHundred(from: string): WorkspaceIndex {
  const docs: string[] = [];
  for (let i = 0; i < 700; i++) {
    docs.push(
      `apiVersion: v1\nkind: Pod\nmetadata:\n  name: p${i}\n  namespace: a\n  labels:\n    tier: a\nspec:\n  containers:\n    - name: c\n      image: x`,
    );
  }
  docs.push(
    `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: all\n  namespace: a\nspec:\n  podSelector: {}\n  ingress:\n    - from:\n        - ${from}`,
  );
  const index = new WorkspaceIndex();
  index.setFileText('big.yaml', docs.join('\n---\n'));
  return index;
}

/**
 * Hostile sizes: a policy whose label selector happens to name every one of a large
 * namespace's pods would name hundreds of thousands of pairs; it is drawn as one selector
 * group instead (model.ts). Distinct groups past the limit stop the map, which says so (fail
 * closed) instead of running for minutes; the test timeout is the "does not hang" bound.
 */
test('a label selector naming all 700 pods: one selector group with 700 members, one edge per pod, complete', { timeout: 120_000 }, () => {
  const map = buildSecurityMap(sevenHundred('podSelector:\n            matchLabels:\n              tier: a'));
  assert.equal(map.workloads.length, 700);
  assert.deepEqual(map.notAnalysed, []);
  assert.equal(map.edges.length, 700);
  assert.deepEqual(
    [...new Set(map.edges.map((e) => `${e.from} [${e.ports.length}] ${e.reasons.map((r) => r.description).join(' ; ')}`))],
    ['pods:a{tier=a} [0] NetworkPolicy a/all, ingress rule 1'],
  );
  assert.deepEqual(
    map.groups.map((g) => [g.id, g.label, g.namespaces, g.members.length]),
    [['pods:a{tier=a}', 'pods tier=a in namespace a', ['a'], 700]],
  );
  assert.deepEqual(new Set(map.groups[0]!.members), new Set(map.workloads.map((w) => w.id)));
});

test('80 distinct namespace selectors over 700 pods: past 50,000 one-sided edges the map stops and says so', { timeout: 120_000 }, () => {
  const peers = Array.from({ length: 80 }, (_, i) => `namespaceSelector:\n            matchLabels:\n              n: "${i}"`);
  const map = buildSecurityMap(sevenHundred(peers.join('\n        - ')));
  assert.deepEqual(map.notAnalysed, [
    { file: 'big.yaml', reason: 'analysis-limit: more than 50000 connections and pod group members; the map is missing the rest' },
  ]);
  assert.equal(map.edges.length, 50_000);
  // None of the 80 selectors matches a namespace of the workspace: drawn, with no members.
  assert.equal(map.groups.length, 80);
  assert.ok(map.groups.every((g) => g.members.length === 0 && g.namespaces.length === 0));
});

test('`podSelector: {}` over the same 700 pods: one edge from the namespace pod group per pod, complete', { timeout: 120_000 }, () => {
  const map = buildSecurityMap(sevenHundred('podSelector: {}'));
  assert.deepEqual(map.notAnalysed, []);
  assert.equal(map.edges.length, 700);
  assert.deepEqual(
    [...new Set(map.edges.map((e) => `${e.from} [${e.ports.length}] ${e.reasons.map((r) => r.description).join(' ; ')}`))],
    ['pods:a [0] NetworkPolicy a/all, ingress rule 1'],
  );
  assert.deepEqual(new Set(map.edges.map((e) => e.to)), new Set(map.workloads.map((w) => w.id)));
});

test('layout draws at most 1,500 edges and the SVG says how many it left out', { timeout: 120_000 }, () => {
  const loc = { file: 'f.yaml', range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } } };
  const map: SecurityMap = {
    namespaces: [{ name: 'a', podSecurity: {}, workloads: ['workload:a/Pod/p'] }],
    workloads: [
      {
        id: 'workload:a/Pod/p',
        kind: 'Pod',
        name: 'p',
        namespace: 'a',
        loc,
        serviceAccount: 'default',
        grants: [],
        isolated: { ingress: true, egress: false },
        podSecurity: { meets: 'restricted', violations: [] },
        exposed: false,
      },
    ],
    entries: [],
    groups: [],
    edges: Array.from({ length: 1510 }, (_, i) => ({
      from: `cidr:10.0.${i >> 8}.${i & 255}/32`,
      to: 'workload:a/Pod/p',
      ports: [],
      reasons: [],
    })),
    rbac: { subjects: [], bindings: [], roles: [] },
    notAnalysed: [],
  };
  const layout = layoutMap(map, 'network');
  assert.equal(layout.edges.length, 1500);
  assert.equal(layout.omittedEdges, 10);
  assert.match(renderMapSvg(map, layout, 'network'), />10 more connections not drawn \(too many to read\); the tables list them\.<\/text>/);
});
