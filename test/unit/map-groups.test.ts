import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as path from 'path';
import { buildSecurityMap } from '../../server/src/core/map/buildMap';
import type { MapEdge } from '../../server/src/core/map/model';
import { reachability } from '../../server/src/core/map/reachability';
import { WorkspaceIndex } from '../../server/src/core/workspace/workspaceIndex';
import { REPO_ROOT } from '../helpers';
import { assertMapAgreesWithReachability, brief, edgesOf, readFromMap, samplePairs } from './map-reading';
import { indexDir } from './workspace-helpers';

/**
 * Peers naming whole namespaces (issue #20, scale): one-sided edges from or to the pod groups
 * `pods:*` / `pods:<namespace>` instead of one edge per pair, and the reading rule of
 * model.ts (`MapEdge`) giving, pair by pair and port by port, exactly what `reachability()`
 * answers from the policies.
 */

/** An edge with its port count and the descriptions of its reasons (no locations). */
const byDescription = (e: MapEdge) => `${e.from} -> ${e.to} [${e.ports.length}] ${e.reasons.map((r) => r.description).join(' ; ')}`;

test('pod groups: every pod of the cluster, of a namespace, of labelled namespaces; by-label peers stay pairs', () => {
  const index = indexDir(path.join(REPO_ROOT, 'test', 'fixtures', 'map', 'groups'));
  const map = buildSecurityMap(index);
  assert.deepEqual(map.notAnalysed, []);
  assert.deepEqual(
    map.edges.map(brief).sort(),
    [
      "entry:Deployment/c/agent#hostNetwork -> workload:c/Deployment/agent [] | entry: Deployment agent runs on the node's network @workloads.yaml:98:2-98:13",
      // web-in rule 1: `namespaceSelector: {}`, no podSelector.
      'pods:* -> workload:a/Deployment/web [8080/TCP] | ingress-rule: NetworkPolicy a/web-in, ingress rule 1 @policies.yaml:21:6-21:11',
      // web-in rule 2: `podSelector: {}` alone, the policy's namespace.
      'pods:a -> workload:a/Deployment/web [9090/TCP] | ingress-rule: NetworkPolicy a/web-in, ingress rule 2 @policies.yaml:25:6-25:11',
      // job-out: a labelled namespaceSelector without podSelector: each namespace it matches (b).
      'workload:a/Deployment/job -> pods:b [9000/TCP] | egress-rule: NetworkPolicy a/job-out, egress rule 1 @policies.yaml:59:6-59:9',
      // api-in rule 1: team=x namespaces with `podSelector: {}`.
      'pods:a -> workload:b/Deployment/api [9000/TCP] | ingress-rule: NetworkPolicy b/api-in, ingress rule 1 @policies.yaml:77:6-77:11',
      // web's egress names api by label: the pair, judged on both sides (api admits a's pods on 9000).
      'workload:a/Deployment/web -> workload:b/Deployment/api [9000/TCP] | egress-rule: NetworkPolicy a/out, egress rule 1 @policies.yaml:42:6-42:9 ; ingress-rule: NetworkPolicy b/api-in, ingress rule 1 @policies.yaml:77:6-77:11',
      // api-in rule 2 names client by label: a pair (client's egress is not isolated).
      'workload:c/Deployment/client -> workload:b/Deployment/api [9000/TCP] | not-isolated: Deployment client: no policy isolates its egress ; ingress-rule: NetworkPolicy b/api-in, ingress rule 2 @policies.yaml:84:6-84:11',
    ].sort(),
  );
  assert.deepEqual(
    map.workloads.filter((w) => w.hostNetwork).map((w) => w.id),
    ['workload:c/Deployment/agent'],
  );
  const ids = map.workloads.map((w) => w.id);
  const pairs = ids.flatMap((s) => ids.filter((d) => d !== s).map((d) => [s, d] as [string, string]));
  assertMapAgreesWithReachability(index, map, pairs, ['8080', '9000', '9090', '53/UDP', '1234']);
  // Spot checks of what the reading rule gives, so the agreement above is not vacuous.
  const allowed = (s: string, d: string, port: string) => reachability(index, s, d, port).allowed;
  assert.equal(allowed('workload:c/Deployment/client', 'workload:a/Deployment/web', '8080'), true);
  assert.equal(allowed('workload:c/Deployment/client', 'workload:a/Deployment/web', '9090'), false);
  // job: every pod of b on 9000, and api admits a's pods: allowed without a pair edge.
  assert.equal(allowed('workload:a/Deployment/job', 'workload:b/Deployment/api', '9000'), true);
  // job's egress is isolated and allows nothing toward a, whatever web's ingress admits.
  assert.equal(allowed('workload:a/Deployment/job', 'workload:a/Deployment/web', '8080'), false);
  // A host-network pod is in no group: web's "every pod" does not admit it.
  assert.equal(allowed('workload:c/Deployment/agent', 'workload:a/Deployment/web', '8080'), false);
});

/**
 * `namespaces` namespaces of `perNamespace` Deployments, each namespace default-deny with
 * in-cluster traffic allowed both ways: by one NetworkPolicy, or (`cilium`) ingress by a
 * CiliumNetworkPolicy's `fromEntities: [cluster]` and egress by a NetworkPolicy.
 */
function inClusterWorkspace(namespaces: number, perNamespace: number, cilium = false): string {
  const docs: string[] = [];
  for (let n = 0; n < namespaces; n++) {
    for (let i = 0; i < perNamespace; i++) {
      docs.push(
        `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: app${i}\n  namespace: ns${n}\nspec:\n  selector:\n    matchLabels:\n      app: app${i}\n  template:\n    metadata:\n      labels:\n        app: app${i}\n    spec:\n      containers:\n        - name: c\n          image: x`,
      );
    }
    if (cilium) {
      docs.push(
        `apiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\nmetadata:\n  name: from-cluster\n  namespace: ns${n}\nspec:\n  endpointSelector: {}\n  ingress:\n    - fromEntities:\n        - cluster`,
        `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: to-cluster\n  namespace: ns${n}\nspec:\n  podSelector: {}\n  policyTypes: [Egress]\n  egress:\n    - to:\n        - namespaceSelector: {}`,
      );
    } else {
      docs.push(
        `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: in-cluster\n  namespace: ns${n}\nspec:\n  podSelector: {}\n  policyTypes: [Ingress, Egress]\n  ingress:\n    - from:\n        - namespaceSelector: {}\n  egress:\n    - to:\n        - namespaceSelector: {}\n          podSelector: {}`,
      );
    }
  }
  return docs.join('\n---\n');
}

test(
  '500 workloads whose namespaces allow every in-cluster connection: a complete map, two edges per workload',
  { timeout: 120_000 },
  () => {
    const index = new WorkspaceIndex();
    index.setFileText('big.yaml', inClusterWorkspace(25, 20));
    const map = buildSecurityMap(index);
    assert.equal(map.workloads.length, 500);
    assert.deepEqual(map.notAnalysed, []);
    assert.equal(map.edges.length, 1000);
    assert.deepEqual(edgesOf(map, 'workload:ns7/Deployment/app3', byDescription), [
      'pods:* -> workload:ns7/Deployment/app3 [0] NetworkPolicy ns7/in-cluster, ingress rule 1',
      'workload:ns7/Deployment/app3 -> pods:* [0] NetworkPolicy ns7/in-cluster, egress rule 1',
    ]);
    assert.ok(map.edges.every((e) => (e.from === 'pods:*') !== (e.to === 'pods:*')));
    // A sample of pairs (every 37th workload against every 53rd): allowed both ways, as reachability says.
    const pairs = samplePairs(map, [0, 37], [5, 53]);
    assertMapAgreesWithReachability(index, map, pairs, ['80']);
    assert.ok(pairs.every(([s, d]) => readFromMap(map, s, d, '80')));
  },
);

test(
  '500 workloads open to the cluster by Cilium (fromEntities: cluster) with NetworkPolicy egress to every namespace: complete',
  { timeout: 120_000 },
  () => {
    // Before pod groups, every egress pair toward a pod whose Cilium ingress allows all was judged: 250,000 pairs, over the limit.
    const index = new WorkspaceIndex();
    index.setFileText('big.yaml', inClusterWorkspace(25, 20, true));
    const map = buildSecurityMap(index);
    assert.equal(map.workloads.length, 500);
    assert.deepEqual(map.notAnalysed, []);
    assert.equal(map.edges.length, 1000);
    assert.deepEqual(edgesOf(map, 'workload:ns3/Deployment/app9', byDescription), [
      'anywhere -> workload:ns3/Deployment/app9 [0] CiliumNetworkPolicy ns3/from-cluster, ingress rule 1 (from every endpoint of the cluster (cluster))',
      'workload:ns3/Deployment/app9 -> pods:* [0] NetworkPolicy ns3/to-cluster, egress rule 1',
    ]);
    const pairs = samplePairs(map, [3, 41], [11, 47]);
    assertMapAgreesWithReachability(index, map, pairs, ['80']);
    assert.ok(pairs.every(([s, d]) => readFromMap(map, s, d, '80')));
  },
);
