import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as path from 'path';
import { buildSecurityMap } from '../../server/src/core/map/buildMap';
import { layoutMap, type MapLayout } from '../../server/src/core/map/layout';
import { renderMapSvg } from '../../server/src/core/map/svg';
import { WorkspaceIndex } from '../../server/src/core/workspace/workspaceIndex';
import { REPO_ROOT } from '../helpers';
import { indexDir } from './workspace-helpers';

const MAP_FIXTURES = path.join(REPO_ROOT, 'test', 'fixtures', 'map');

function inside(inner: { x: number; y: number; width: number; height: number }, outer: typeof inner): boolean {
  return (
    inner.x >= outer.x &&
    inner.y >= outer.y &&
    inner.x + inner.width <= outer.x + outer.width &&
    inner.y + inner.height <= outer.y + outer.height
  );
}

function overlap(a: MapLayout['nodes'][number], b: MapLayout['nodes'][number]): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

test('layout: every node of the view placed, inside its namespace box, none overlapping; edges routed', () => {
  const map = buildSecurityMap(indexDir(path.join(MAP_FIXTURES, 'selectors')));
  const layout = layoutMap(map, 'network');
  assert.deepEqual(
    layout.nodes.map((n) => n.id).sort(),
    [...map.workloads.map((w) => w.id), 'cidr:10.0.0.0/8 except 10.1.0.0/16', 'pods:monitoring'].sort(),
  );
  assert.deepEqual(layout.groups.map((g) => g.namespace).sort(), ['dev', 'monitoring', 'shop']);
  for (const n of layout.nodes) {
    // A namespace's pod group is drawn in its box, as its workloads.
    const ns = map.workloads.find((x) => x.id === n.id)?.namespace ?? (n.id === 'pods:monitoring' ? 'monitoring' : undefined);
    if (ns === undefined) continue;
    const box = layout.groups.find((g) => g.namespace === ns)!;
    assert.ok(inside(n, box), `${n.id} inside its namespace box`);
    assert.ok(inside(n, { x: 0, y: 0, width: layout.width, height: layout.height }), `${n.id} inside the drawing`);
  }
  for (const a of layout.nodes) for (const b of layout.nodes) if (a !== b) assert.ok(!overlap(a, b), `${a.id} / ${b.id}`);
  assert.equal(layout.edges.length, map.edges.length);
  for (const e of layout.edges) assert.ok(e.points.length >= 2, `${e.from} -> ${e.to} routed`);
  // One namespace: its workloads and what has an edge to them.
  const shop = layoutMap(map, 'network', 'dev');
  assert.deepEqual(shop.nodes.map((n) => n.id).sort(), ['workload:dev/Deployment/prometheus', 'workload:dev/Deployment/tool']);
});

test('svg: nodes, edges and namespaces carry their ids and markers; no script, no external reference', () => {
  const map = buildSecurityMap(indexDir(path.join(MAP_FIXTURES, 'entries')));
  const svg = renderMapSvg(map, layoutMap(map, 'network'), 'network');
  assert.match(svg, /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" class="kg-map kg-view-network"/);
  const nodes = [...svg.matchAll(/<g class="(kg-node [^"]*)" data-id="([^"]*)"/g)].map((m) => `${m[2]} ${m[1]}`).sort();
  assert.deepEqual(nodes, [
    'entry:Deployment/web/agent#9100 kg-node kg-entry',
    'entry:Deployment/web/node-exporter#hostNetwork kg-node kg-entry',
    'entry:Ingress/web/site#plain.example.org kg-node kg-entry',
    'entry:Ingress/web/site#shop.example.com kg-node kg-entry',
    'entry:Service/web/agent kg-node kg-entry',
    'entry:Service/web/site kg-node kg-entry',
    'workload:web/Deployment/agent kg-node kg-workload kg-unisolated kg-exposed',
    'workload:web/Deployment/node-exporter kg-node kg-workload kg-unisolated kg-exposed',
    'workload:web/Deployment/site kg-node kg-workload kg-unisolated kg-exposed',
  ]);
  const edges = [...svg.matchAll(/<g class="(kg-edge[^"]*)" data-from="([^"]*)" data-to="([^"]*)"/g)]
    .map((m) => `${m[2]} -> ${m[3]} ${m[1]}`)
    .sort();
  assert.ok(edges.includes('entry:Ingress/web/site#shop.example.com -> workload:web/Deployment/site kg-edge kg-entry-edge kg-tls'));
  assert.ok(edges.includes('entry:Ingress/web/site#plain.example.org -> workload:web/Deployment/site kg-edge kg-entry-edge kg-plain'));
  assert.equal(edges.length, 6);
  assert.match(svg, />8080\/TCP<\/text>/);
  assert.match(svg, /<g class="kg-ns" data-namespace="web">.*>web · no Pod Security labels<\/text>/);
  assert.doesNotMatch(svg, /<script|href=|xlink|@import|url\((?!#kg-arrow\))/i);
});

test('svg: workspace names cannot inject markup', () => {
  const index = new WorkspaceIndex();
  const evil = `x"><script>alert(1)</script><a href="javascript:1`;
  index.setFileText(
    'evil.yaml',
    [
      `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: '${evil}'\n  labels:\n    pod-security.kubernetes.io/enforce: baseline`,
      `apiVersion: v1\nkind: Pod\nmetadata:\n  name: '${evil}\u0001'\n  namespace: '${evil}'\nspec:\n  containers:\n    - name: c\n      image: x`,
    ].join('\n---\n'),
  );
  const map = buildSecurityMap(index);
  assert.equal(map.workloads.length, 1);
  assert.equal(map.workloads[0]!.name, `${evil}\u0001`);
  for (const view of ['network', 'rbac'] as const) {
    const svg = renderMapSvg(map, layoutMap(map, view), view);
    assert.doesNotMatch(svg, /<script|<a[\s>]|<a$/);
    assert.ok(!svg.includes('\u0001'), 'control characters replaced');
  }
  const svg = renderMapSvg(map, layoutMap(map, 'network'), 'network');
  assert.ok(svg.includes('data-namespace="x&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;&lt;a href=&quot;javascript:1"'));
  assert.ok(svg.includes('· enforce: baseline'));
});

test('svg: pod groups are dotted nodes (a namespace group in its box) whose tooltip says an edge at them is one-sided', () => {
  const map = buildSecurityMap(indexDir(path.join(MAP_FIXTURES, 'groups')));
  const layout = layoutMap(map, 'network');
  const a = layout.groups.find((g) => g.namespace === 'a')!;
  const podsA = layout.nodes.find((n) => n.id === 'pods:a')!;
  const all = layout.nodes.find((n) => n.id === 'pods:*')!;
  assert.deepEqual(
    [podsA.type, podsA.label, podsA.sublabel, all.type, all.label, all.sublabel],
    ['pods', 'every pod', 'of this namespace', 'pods', 'every pod', 'in the cluster'],
  );
  assert.ok(inside(podsA, a), 'pods:a inside the box of a');
  assert.ok(!layout.groups.some((g) => inside(all, g)), 'pods:* outside every box');
  const svg = renderMapSvg(map, layout, 'network');
  assert.ok(svg.includes('<g class="kg-node kg-pods" data-id="pods:*" transform="translate('));
  assert.ok(
    svg.includes(
      '<title>pods:a: every pod in namespace a (not on the host network). An edge from or to it is what the workload&#39;s own policy rule allows; each other pod&#39;s own policy must allow the traffic too.</title>',
    ),
  );
  const edges = [...svg.matchAll(/<g class="(kg-edge[^"]*)" data-from="([^"]*)" data-to="([^"]*)"/g)].map(
    (m) => `${m[2]} -> ${m[3]} ${m[1]}`,
  );
  assert.deepEqual(edges.filter((e) => e.includes('pods:')).sort(), [
    'pods:* -> workload:a/Deployment/web kg-edge kg-group-edge',
    'pods:a -> workload:a/Deployment/web kg-edge kg-group-edge',
    'pods:a -> workload:b/Deployment/api kg-edge kg-group-edge',
    'workload:a/Deployment/job -> pods:b kg-edge kg-group-edge',
  ]);
  assert.ok(edges.includes('workload:a/Deployment/web -> workload:b/Deployment/api kg-edge'));
});
