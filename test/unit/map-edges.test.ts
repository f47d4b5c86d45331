import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as path from 'path';
import { buildSecurityMap } from '../../server/src/core/map/buildMap';
import type { MapEdge, SecurityMap } from '../../server/src/core/map/model';
import { REPO_ROOT } from '../helpers';
import { WorkspaceIndex } from '../../server/src/core/workspace/workspaceIndex';
import { indexDir, rangeText } from './workspace-helpers';

/** Fixture workspaces of the security map: `test/fixtures/map/<name>/`. */
const MAP_FIXTURES = path.join(REPO_ROOT, 'test', 'fixtures', 'map');

function mapOf(name: string): SecurityMap {
  return buildSecurityMap(indexDir(path.join(MAP_FIXTURES, name)));
}

/** An edge as one line: `from -> to [ports] | kind: description @file:range ; …`. */
function brief(e: MapEdge): string {
  const ports = e.ports.map((p) => `${p.port}/${p.protocol}`).join(',');
  const reasons = e.reasons.map((r) => `${r.kind}: ${r.description}${r.loc ? ` @${r.loc.file}:${rangeText(r.loc.range)}` : ''}`);
  return `${e.from} -> ${e.to} [${ports}] | ${reasons.join(' ; ')}`;
}

function edgesOf(map: SecurityMap): string[] {
  return map.edges.map(brief).sort();
}

test('default deny: a policy with no ingress rule isolates every pod of its namespace and allows nothing', () => {
  const map = mapOf('default-deny');
  assert.deepEqual(edgesOf(map), []);
  assert.deepEqual(
    map.workloads.map((w) => [w.id, w.isolated]),
    [
      ['workload:prod/Deployment/web', { ingress: true, egress: false }],
      ['workload:prod/Deployment/api', { ingress: true, egress: false }],
    ],
  );
});

test('podSelector, namespaceSelector (labels and kubernetes.io/metadata.name), combined selectors, ipBlock and named ports', () => {
  const map = mapOf('selectors');
  assert.deepEqual(
    edgesOf(map),
    [
      'cidr:10.0.0.0/8 except 10.1.0.0/16 -> workload:shop/Deployment/web [443/TCP] | ingress-rule: NetworkPolicy shop/web, ingress rule 2 @policies.yaml:62:6-62:11',
      // kubernetes.io/metadata.name is set on every namespace: selects monitoring, all of its pods (no podSelector):
      // one edge from the namespace's pod group, not one per pod; `metrics` resolves to web's 9090.
      'pods:monitoring -> workload:shop/Deployment/web [9090/TCP] | ingress-rule: NetworkPolicy shop/web, ingress rule 1 @policies.yaml:56:6-56:11',
      // namespaceSelector team=ops AND podSelector app=prometheus: monitoring's prometheus only (dev's has the label, not the namespace).
      'workload:monitoring/Deployment/prometheus -> workload:shop/Deployment/db [5432/TCP] | not-isolated: Deployment prometheus: no policy isolates its egress ; ingress-rule: NetworkPolicy shop/db, ingress rule 1 @policies.yaml:27:6-27:11',
      'workload:shop/Deployment/api -> workload:shop/Deployment/db [5432/TCP] | not-isolated: Deployment api: no policy isolates its egress ; ingress-rule: NetworkPolicy shop/db, ingress rule 1 @policies.yaml:27:6-27:11',
      // The named port `http` resolves against api's container port.
      'workload:shop/Deployment/web -> workload:shop/Deployment/api [8080/TCP] | not-isolated: Deployment web: no policy isolates its egress ; ingress-rule: NetworkPolicy shop/api-from-web, ingress rule 1 @policies.yaml:10:6-10:11',
    ].sort(),
  );
  // db's rule 2 allows dev's pods on the port named `metrics`, which db does not define: no edge from dev.
  assert.ok(!map.edges.some((e) => e.from.startsWith('workload:dev/')));
  assert.deepEqual(
    map.workloads.filter((w) => !w.isolated.ingress).map((w) => w.id),
    ['workload:monitoring/Deployment/prometheus', 'workload:dev/Deployment/prometheus', 'workload:dev/Deployment/tool'],
  );
});

test('egress: an edge needs the source egress and the destination ingress; ports are intersected (endPort ranges)', () => {
  const map = mapOf('egress');
  assert.deepEqual(
    edgesOf(map),
    [
      'workload:app/Deployment/frontend -> cidr:0.0.0.0/0 [443/TCP] | egress-rule: NetworkPolicy app/fe-egress, egress rule 2 @workspace.yaml:18:6-18:9',
      // backend's ingress admits every pod of app (`podSelector: {}`): one-sided, its own rule only.
      'pods:app -> workload:app/Deployment/backend [8000-8100/TCP,9090/TCP] | ingress-rule: NetworkPolicy app/be-ingress, ingress rule 1 @workspace.yaml:38:6-38:11',
      // frontend's egress names backend by label: the pair, judged on both sides; egress allows 8080, ingress 8000-8100 and 9090: 8080.
      'workload:app/Deployment/frontend -> workload:app/Deployment/backend [8080/TCP] | egress-rule: NetworkPolicy app/fe-egress, egress rule 1 @workspace.yaml:12:6-12:9 ; ingress-rule: NetworkPolicy app/be-ingress, ingress rule 1 @workspace.yaml:38:6-38:11',
      // Egress to every pod of ext: a group edge; other is not isolated (marked), so frontend reaches it.
      'workload:app/Deployment/frontend -> pods:ext [] | egress-rule: NetworkPolicy app/fe-egress, egress rule 3 @workspace.yaml:23:6-23:9',
    ].sort(),
  );
  assert.deepEqual(map.workloads.find((w) => w.name === 'other')?.isolated, { ingress: false, egress: false });
});

test('entries: LoadBalancer and NodePort Services, Ingress hosts with and without TLS, hostPort and hostNetwork', () => {
  const map = mapOf('entries');
  assert.deepEqual(
    map.entries.map((e) => `${e.id} ${e.kind} ${e.label} tls=${e.tls} @${rangeText(e.loc.range)}`),
    [
      'entry:Service/web/site LoadBalancer site tls=false @65:2-65:12',
      'entry:Service/web/agent NodePort agent tls=false @89:2-89:13',
      'entry:Ingress/web/site#shop.example.com Ingress shop.example.com tls=true @102:2-102:12',
      'entry:Ingress/web/site#plain.example.org Ingress plain.example.org tls=false @102:2-102:12',
      'entry:Deployment/web/agent#9100 HostPort hostPort 9100 tls=false @24:2-24:13',
      'entry:Deployment/web/node-exporter#hostNetwork HostNetwork host network tls=false @45:2-45:21',
    ],
  );
  assert.deepEqual(edgesOf(map), [
    'entry:Deployment/web/agent#9100 -> workload:web/Deployment/agent [9100/TCP] | entry: hostPort 9100 → container port 9100 @workspace.yaml:24:2-24:13',
    "entry:Deployment/web/node-exporter#hostNetwork -> workload:web/Deployment/node-exporter [] | entry: Deployment node-exporter runs on the node's network @workspace.yaml:45:2-45:21",
    'entry:Ingress/web/site#plain.example.org -> workload:web/Deployment/site [8080/TCP] | entry: Ingress web/site (plain.example.org, no TLS) → Service site-internal @workspace.yaml:102:2-102:12',
    'entry:Ingress/web/site#shop.example.com -> workload:web/Deployment/site [8080/TCP] | entry: Ingress web/site (shop.example.com, TLS) → Service site-internal @workspace.yaml:102:2-102:12',
    // targetPort `http` resolves to the container port 8080.
    'entry:Service/web/agent -> workload:web/Deployment/agent [9100/TCP] | entry: NodePort Service web/agent @workspace.yaml:89:2-89:13',
    'entry:Service/web/site -> workload:web/Deployment/site [8080/TCP] | entry: LoadBalancer Service web/site @workspace.yaml:65:2-65:12',
  ]);
  assert.deepEqual(
    map.workloads.map((w) => [w.name, w.exposed]),
    [
      ['site', true],
      ['agent', true],
      ['node-exporter', true],
    ],
  );
});

test('Cilium: isolation counts, an allow-all rule is an edge from anywhere, other Cilium rules are not drawn', () => {
  const index = new WorkspaceIndex();
  const pod = (name: string) =>
    `apiVersion: v1\nkind: Pod\nmetadata:\n  name: ${name}\n  namespace: c\n  labels:\n    app: ${name}\nspec:\n  containers:\n    - name: main\n      image: x`;
  index.setFileText(
    'c.yaml',
    [
      pod('web'),
      pod('db'),
      'apiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\nmetadata:\n  name: web-open\n  namespace: c\nspec:\n  endpointSelector:\n    matchLabels:\n      app: web\n  ingress:\n    - fromEntities:\n        - world',
      'apiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\nmetadata:\n  name: db-from-web\n  namespace: c\nspec:\n  endpointSelector:\n    matchLabels:\n      app: db\n  ingress:\n    - fromEndpoints:\n        - matchLabels:\n            app: web',
    ].join('\n---\n'),
  );
  const map = buildSecurityMap(index);
  assert.deepEqual(edgesOf(map), [
    'anywhere -> workload:c/Pod/web [] | ingress-rule: CiliumNetworkPolicy c/web-open, ingress rule 1 (from every address outside the cluster (world)) @c.yaml:34:6-34:19',
  ]);
  assert.deepEqual(
    map.workloads.map((w) => [w.name, w.isolated.ingress]),
    [
      ['web', true],
      ['db', true],
    ],
  );
});
