import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { buildSecurityMap } from '../../server/src/core/map/buildMap';
import { layoutMap } from '../../server/src/core/map/layout';
import type { SecurityMap } from '../../server/src/core/map/model';
import { renderMapSvg } from '../../server/src/core/map/svg';
import { WorkspaceIndex } from '../../server/src/core/workspace/workspaceIndex';

/**
 * Hostile sizes: a policy that lets every pod of a large namespace talk to every other
 * names hundreds of thousands of pairs. The map stops at its limits and says so (fail
 * closed) instead of running for minutes; the test timeout is the "does not hang" bound.
 */
test('a policy naming every pair of 700 pods: the map stops at its limit and lists it as not analysed', { timeout: 120_000 }, () => {
  const docs: string[] = [];
  for (let i = 0; i < 700; i++) {
    docs.push(`apiVersion: v1\nkind: Pod\nmetadata:\n  name: p${i}\n  namespace: a\nspec:\n  containers:\n    - name: c\n      image: x`);
  }
  docs.push(
    'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: all\n  namespace: a\nspec:\n  podSelector: {}\n  ingress:\n    - from:\n        - podSelector: {}',
  );
  const index = new WorkspaceIndex();
  index.setFileText('big.yaml', docs.join('\n---\n'));
  const map = buildSecurityMap(index);
  assert.equal(map.workloads.length, 700);
  assert.deepEqual(map.notAnalysed, [
    {
      file: 'big.yaml',
      reason: 'analysis-limit: the policies name more than 200000 pairs of workloads; the map is missing the connections past them',
    },
  ]);
  assert.equal(map.edges.length, 20_000);
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
