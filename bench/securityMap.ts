import * as fs from 'fs';
import * as path from 'path';
import { buildSecurityMap } from '../server/src/core/map/buildMap';
import { layoutMap } from '../server/src/core/map/layout';
import { renderMapSvg } from '../server/src/core/map/svg';
import { WorkspaceIndex } from '../server/src/core/workspace/workspaceIndex';
import { fmt, median, table, timeMs } from './stats';

/**
 * (h) The security map (issue #20) at the size the issue names: 500 workloads in 25
 * namespaces, each namespace default-deny with rules between tiers and across namespaces,
 * and a LoadBalancer each; the same 500 with every namespace default-deny but allowing all
 * in-cluster traffic both ways (`namespaceSelector: {}` peers: pod-group edges, see
 * docs/security-map.md, where the map once gave up past 200,000 pairs); 100 tenant
 * namespaces admitting each other by a labelled namespaceSelector (once 100,000 edges) and
 * 500 workloads admitting a shared label from every namespace (once over the pair limit):
 * selector groups; plus Argo CD's install manifest. Build (index → SecurityMap),
 * network layout, SVG, each the median of `runs`.
 */
export function benchSecurityMap(realworld: string, runs: number): string {
  const rows: string[][] = [];
  const argo = fs.readFileSync(path.join(realworld, 'argo-cd', 'install.yaml'), 'utf8');
  for (const [label, text] of [
    ['generated: 500 workloads, 25 namespaces', generated()],
    ['generated: 500 workloads, in-cluster traffic allowed', inCluster()],
    ['generated: 100 tenant namespaces x 5, labelled namespaceSelector', tenants()],
    ['generated: 500 workloads sharing a label admitted from any namespace', sharedLabel()],
    ['argo-cd/install.yaml', argo],
  ] as const) {
    const build: number[] = [];
    const layout: number[] = [];
    const svg: number[] = [];
    let edges = 0;
    let complete = true;
    for (let i = 0; i < runs; i++) {
      // A fresh index each run: the map's caches (Pod Security, grants) must not carry over.
      const fresh = new WorkspaceIndex();
      fresh.setFileText('workspace.yaml', text);
      let map!: ReturnType<typeof buildSecurityMap>;
      build.push(timeMs(() => (map = buildSecurityMap(fresh))));
      let laid!: ReturnType<typeof layoutMap>;
      layout.push(timeMs(() => (laid = layoutMap(map, 'network'))));
      svg.push(timeMs(() => renderMapSvg(map, laid, 'network')));
      edges = map.edges.length;
      // A map over its limits lists them as not analysed: the row must say so, not look fast.
      complete = map.notAnalysed.length === 0;
    }
    rows.push([label, String(edges), complete ? 'yes' : 'NO (over a limit)', fmt(median(build)), fmt(median(layout)), fmt(median(svg))]);
  }
  return table(['workspace', 'edges', 'complete', 'build ms', 'layout ms', 'svg ms'], rows);
}

function generated(): string {
  const out: string[] = [];
  for (let n = 0; n < 25; n++) {
    const ns = `ns${n}`;
    out.push(`apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${ns}\n  labels:\n    team: t${n % 5}`);
    for (let i = 0; i < 20; i++) {
      out.push(
        `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: app${i}\n  namespace: ${ns}\nspec:\n  selector:\n    matchLabels:\n      app: app${i}\n  template:\n    metadata:\n      labels:\n        app: app${i}\n        tier: t${i % 4}\n    spec:\n      containers:\n        - name: c\n          image: x\n          ports:\n            - name: http\n              containerPort: 8080`,
      );
    }
    out.push(
      `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: deny\n  namespace: ${ns}\nspec:\n  podSelector: {}\n  policyTypes: [Ingress, Egress]`,
    );
    out.push(
      `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: tiers\n  namespace: ${ns}\nspec:\n  podSelector:\n    matchLabels:\n      tier: t1\n  ingress:\n    - from:\n        - podSelector:\n            matchLabels:\n              tier: t0\n        - namespaceSelector:\n            matchLabels:\n              team: t${n % 5}\n          podSelector:\n            matchLabels:\n              tier: t0\n      ports:\n        - port: http\n  egress:\n    - to:\n        - podSelector: {}`,
    );
    out.push(
      `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: egress\n  namespace: ${ns}\nspec:\n  podSelector:\n    matchLabels:\n      tier: t0\n  policyTypes: [Egress]\n  egress:\n    - to:\n        - namespaceSelector: {}`,
    );
    out.push(
      `apiVersion: v1\nkind: Service\nmetadata:\n  name: lb\n  namespace: ${ns}\nspec:\n  type: LoadBalancer\n  selector:\n    app: app3\n  ports:\n    - port: 80\n      targetPort: http`,
    );
  }
  return out.join('\n---\n');
}

/** 500 Deployments in 25 namespaces, each namespace isolated both ways but open to every pod of the cluster. */
function inCluster(): string {
  const out: string[] = [];
  for (let n = 0; n < 25; n++) {
    const ns = `ns${n}`;
    for (let i = 0; i < 20; i++) {
      out.push(
        `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: app${i}\n  namespace: ${ns}\nspec:\n  selector:\n    matchLabels:\n      app: app${i}\n  template:\n    metadata:\n      labels:\n        app: app${i}\n    spec:\n      containers:\n        - name: c\n          image: x`,
      );
    }
    out.push(
      `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: in-cluster\n  namespace: ${ns}\nspec:\n  podSelector: {}\n  policyTypes: [Ingress, Egress]\n  ingress:\n    - from:\n        - namespaceSelector: {}\n  egress:\n    - to:\n        - namespaceSelector: {}\n          podSelector: {}`,
    );
  }
  return out.join('\n---\n');
}

const DEPLOYMENT = (ns: string, name: string, labels: string) =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ${name}\n  namespace: ${ns}\nspec:\n  template:\n    metadata:\n      labels:\n        app: ${name}${labels}\n    spec:\n      containers:\n        - name: c\n          image: x`;

/** 100 namespaces labelled tenant=yes of 5 Deployments, each admitting and reaching the tenants' pods (the reviewer's case). */
function tenants(): string {
  const out: string[] = [];
  const tenantsSel = 'namespaceSelector:\n            matchLabels:\n              tenant: "yes"';
  for (let n = 0; n < 100; n++) {
    out.push(`apiVersion: v1\nkind: Namespace\nmetadata:\n  name: t${n}\n  labels:\n    tenant: "yes"`);
    for (let i = 0; i < 5; i++) out.push(DEPLOYMENT(`t${n}`, `app${i}`, ''));
    out.push(
      `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: tenants\n  namespace: t${n}\nspec:\n  podSelector: {}\n  policyTypes: [Ingress, Egress]\n  ingress:\n    - from:\n        - ${tenantsSel}\n  egress:\n    - to:\n        - ${tenantsSel}`,
    );
  }
  return out.join('\n---\n');
}

/** 25 namespaces of 20 Deployments labelled part-of=shop, each namespace admitting that label from every namespace. */
function sharedLabel(): string {
  const out: string[] = [];
  for (let n = 0; n < 25; n++) {
    for (let i = 0; i < 20; i++) out.push(DEPLOYMENT(`ns${n}`, `app${i}`, '\n        app.kubernetes.io/part-of: shop'));
    out.push(
      `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: shop\n  namespace: ns${n}\nspec:\n  podSelector: {}\n  ingress:\n    - from:\n        - namespaceSelector: {}\n          podSelector:\n            matchLabels:\n              app.kubernetes.io/part-of: shop`,
    );
  }
  return out.join('\n---\n');
}
