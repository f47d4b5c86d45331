import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { CodeLensRequest } from 'vscode-languageserver/node';
import { PssEvaluator } from '../../server/src/core/workspace/admission';
import type { IndexedObject } from '../../server/src/core/workspace/types';
import type { SecurityMap } from '../../server/src/core/map/model';
import {
  REACHABILITY_REQUEST,
  SECURITY_MAP_CHANGED,
  SECURITY_MAP_REQUEST,
  type ReachabilityResult,
  type SecurityMapResult,
} from '../../server/src/lsp/securityMapProtocol';
import { pathToUri } from '../../server/src/lsp/uris';
import { REPO_ROOT } from '../helpers';
import { TestClient } from '../lsp/harness';

/** The e2e fixture (two namespaces, a LoadBalancer front end allowed to reach a database) plus a document too deep to index. */
const FIXTURE = path.join(REPO_ROOT, 'test', 'e2e', 'workspace', 'map');
const DEEP = `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: deep, namespace: map-web}\nspec: ${'['.repeat(300)}${']'.repeat(300)}\n`;
const FRONTEND = 'workload:map-web/Deployment/frontend';
const DB = 'workload:map-data/StatefulSet/db';

function workspace(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kg-map-'));
  for (const f of fs.readdirSync(FIXTURE)) fs.copyFileSync(path.join(FIXTURE, f), path.join(dir, f));
  fs.writeFileSync(path.join(dir, 'deep.yaml'), DEEP);
  return dir;
}

async function started(root: string, initializationOptions?: unknown): Promise<TestClient> {
  const c = new TestClient();
  await c.initialize({ folders: [{ uri: pathToUri(root), name: 'ws' }], ...(initializationOptions ? { initializationOptions } : {}) });
  await c.settled();
  return c;
}

const edgesOf = (m: SecurityMap) => m.edges.map((e) => `${e.from} -> ${e.to} ${e.ports.map((p) => `${p.port}/${p.protocol}`).join(',')}`);
const svgIds = (svg: string) => [...svg.matchAll(/<g class="kg-node[^"]*" data-id="([^"]+)"/g)].map((m) => m[1]).sort();
const svgEdges = (svg: string) =>
  [...svg.matchAll(/<g class="kg-edge[^"]*" data-from="([^"]+)" data-to="([^"]+)"/g)].map((m) => `${m[1]} -> ${m[2]}`).sort();

test('kubeGuardrails/securityMap answers from the workspace index: workloads, edges, drawing per tab and namespace, not-analysed files', async () => {
  const root = workspace();
  const c = await started(root, { securityMapView: true });
  const ask = (params: unknown) => c.conn.sendRequest<SecurityMapResult>(SECURITY_MAP_REQUEST, params);
  try {
    const all = await ask({ view: 'network' });
    assert.equal(all.status, 'ready');
    assert.deepEqual(
      all.map.workloads.map(
        (w) =>
          `${w.id} ${w.loc.file === path.join(root, path.basename(w.loc.file)) ? path.basename(w.loc.file) : w.loc.file}:${w.loc.range.start.line}`,
      ),
      [`${DB} data.yaml:3`, `${FRONTEND} web.yaml:3`],
    );
    assert.deepEqual(edgesOf(all.map), [
      `entry:Service/map-web/frontend -> ${FRONTEND} 8080/TCP`,
      `anywhere -> ${FRONTEND} 8080/TCP`,
      `${FRONTEND} -> ${DB} 5432/TCP`,
    ]);
    assert.deepEqual(all.map.notAnalysed, [
      { file: path.join(root, 'deep.yaml'), reason: 'document 1 not indexed: not indexed: nested more than 256 levels deep' },
    ]);
    assert.deepEqual(svgIds(all.svg), ['anywhere', 'entry:Service/map-web/frontend', DB, FRONTEND].sort());
    assert.deepEqual(
      svgEdges(all.svg),
      [`entry:Service/map-web/frontend -> ${FRONTEND}`, `anywhere -> ${FRONTEND}`, `${FRONTEND} -> ${DB}`].sort(),
    );

    // One namespace: its workloads and what has an edge to them.
    const data = await ask({ view: 'network', namespace: 'map-data' });
    // frontend (another namespace) comes with its one-sided edges, so the view reads as the whole map does.
    assert.deepEqual(svgIds(data.svg), ['anywhere', DB, FRONTEND].sort());
    assert.deepEqual(svgEdges(data.svg), [`anywhere -> ${FRONTEND}`, `${FRONTEND} -> ${DB}`].sort());
    assert.deepEqual(data.map, all.map, 'the map itself is always the whole workspace (the picker lists every namespace)');

    const rbac = await ask({ view: 'rbac' });
    assert.deepEqual(svgIds(rbac.svg), [
      'binding:RoleBinding/map-data/db-read-secrets',
      'grant:rbac-secrets:read Secrets',
      'role:Role/map-data/read-secrets',
      'subject:ServiceAccount/map-data/db',
    ]);

    // Malformed parameters (the webview is a page: never trusted) fall back to the network view of every namespace.
    for (const bad of [null, 42, { view: 7, namespace: ['x'] }, { view: 'network', namespace: 'no-such-namespace' }])
      assert.equal((await ask(bad)).svg, all.svg, JSON.stringify(bad));
  } finally {
    c.dispose();
    fs.rmSync(root, { recursive: true, force: true });
  }
});

test('kubeGuardrails/reachability: the verdict with its rules, and errors for unknown or missing workloads', async () => {
  const root = workspace();
  const c = await started(root, { securityMapView: true });
  const ask = (params: unknown) => c.conn.sendRequest<ReachabilityResult>(REACHABILITY_REQUEST, params);
  try {
    const on5432 = await ask({ from: FRONTEND, to: DB, port: '5432' });
    assert.ok('answer' in on5432);
    assert.equal(on5432.answer.allowed, true);
    assert.deepEqual(on5432.answer.ports, [{ protocol: 'TCP', port: '5432' }]);
    assert.deepEqual(
      on5432.answer.egress.reasons.map((r) => r.description),
      ['NetworkPolicy map-web/frontend, egress rule 1'],
    );
    assert.deepEqual(
      on5432.answer.ingress.reasons.map((r) => r.description),
      ['NetworkPolicy map-data/db-from-frontend, ingress rule 1'],
    );
    const on80 = await ask({ from: FRONTEND, to: DB, port: 80 });
    assert.ok('answer' in on80);
    assert.equal(on80.answer.allowed, false);
    assert.equal(on80.answer.port, '80');
    const back = await ask({ from: DB, to: FRONTEND, port: '' });
    assert.ok('answer' in back);
    assert.equal(back.answer.allowed, false, 'the database may send nothing (default deny egress)');
    assert.equal(back.answer.port, undefined, 'an empty port box means any port');
    assert.deepEqual(await ask({ from: FRONTEND, to: 'workload:map-data/Deployment/nope' }), {
      error: 'no workload "workload:map-data/Deployment/nope" in the files read',
    });
    for (const bad of [null, {}, { from: FRONTEND }, { from: FRONTEND, to: 7 }, { from: 'x'.repeat(2000), to: DB }])
      assert.deepEqual(await ask(bad), { error: 'Choose two workloads (and optionally a port).' }, JSON.stringify(bad));
  } finally {
    c.dispose();
    fs.rmSync(root, { recursive: true, force: true });
  }
});

test('a client that shows the map gets a "Show in security map" lens per workload and a change notification after each publish; others get neither', async () => {
  const root = workspace();
  const c = await started(root, { securityMapView: true });
  const plain = await started(root);
  const webUri = pathToUri(path.join(root, 'web.yaml'));
  try {
    const lenses = await c.conn.sendRequest(CodeLensRequest.type, { textDocument: { uri: webUri } });
    assert.deepEqual(
      lenses?.map((l) => [
        l.range.start.line,
        l.command?.title.startsWith('PSS: ') ? 'PSS' : l.command?.title,
        l.command?.command,
        l.command?.arguments,
      ]),
      [
        [3, 'PSS', '', undefined],
        [3, 'Show in security map', 'kubeGuardrails.showSecurityMap', [{ namespace: 'map-web', focus: FRONTEND }]],
      ],
    );
    const plainLenses = await plain.conn.sendRequest(CodeLensRequest.type, { textDocument: { uri: webUri } });
    assert.deepEqual(
      plainLenses?.map((l) => l.command?.title.slice(0, 4)),
      ['PSS:'],
    );

    let changed = 0;
    c.conn.onNotification(SECURITY_MAP_CHANGED, () => void changed++);
    let plainChanged = 0;
    plain.conn.onNotification(SECURITY_MAP_CHANGED, () => void plainChanged++);
    // Editing the policies (unsaved) drops the front end's egress rule: the map follows the buffer.
    const policies = pathToUri(path.join(root, 'policies.yaml'));
    const text = fs.readFileSync(path.join(root, 'policies.yaml'), 'utf8');
    await c.open(policies, text);
    await c.settled();
    changed = 0;
    await c.change(
      policies,
      text
        .replace('["Ingress", "Egress"]\n  ingress:\n    - ports:', '["Ingress"]\n  ingress:\n    - ports:')
        .replace(/ {2}egress:[\s\S]*$/, ''),
    );
    await c.settled();
    assert.ok(changed >= 1, 'the server said the map may have changed');
    assert.equal(plainChanged, 0);
    const after = await c.conn.sendRequest<SecurityMapResult>(SECURITY_MAP_REQUEST, { view: 'network' });
    const reach = await c.conn.sendRequest<ReachabilityResult>(REACHABILITY_REQUEST, { from: FRONTEND, to: DB });
    assert.deepEqual(
      after.map.edges.filter((e) => e.to === DB).map((e) => e.reasons.map((r) => r.description)),
      [['Deployment frontend: no policy isolates its egress', 'NetworkPolicy map-data/db-from-frontend, ingress rule 1']],
      'the front end is no longer egress-isolated',
    );
    assert.ok('answer' in reach && reach.answer.allowed && reach.answer.egress.reasons[0]?.kind === 'not-isolated');
  } finally {
    c.dispose();
    plain.dispose();
    fs.rmSync(root, { recursive: true, force: true });
  }
});

test('objects of a Kustomize build are located in the file that wrote them, not in the built text', async () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'kg-map-'));
  fs.mkdirSync(path.join(root, 'app'));
  fs.writeFileSync(path.join(root, 'app', 'kustomization.yaml'), 'namespace: shop\nresources:\n  - deploy.yaml\n');
  const deploy = fs.readFileSync(path.join(FIXTURE, 'web.yaml'), 'utf8').split('\n---\n')[0]!.replace('  namespace: map-web\n', '');
  fs.writeFileSync(path.join(root, 'app', 'deploy.yaml'), `# the web front end\n${deploy}\n`);
  const c = await started(root, { securityMapView: true });
  try {
    const r = await c.conn.sendRequest<SecurityMapResult>(SECURITY_MAP_REQUEST, { view: 'network' });
    assert.deepEqual(
      r.map.workloads.map((w) => [w.id, w.loc]),
      [
        [
          'workload:shop/Deployment/frontend',
          { file: path.join(root, 'app', 'deploy.yaml'), range: { start: { line: 4, character: 2 }, end: { line: 4, character: 16 } } },
        ],
      ],
    );
    assert.deepEqual(r.map.notAnalysed, []);
  } finally {
    c.dispose();
    fs.rmSync(root, { recursive: true, force: true });
  }
});

test("the map reuses the session's Pod Security evaluator: nothing the cross-file findings evaluated is evaluated again", async () => {
  // Every evaluation goes through PssEvaluator#all (private): record which evaluator ran it and whether its cache missed.
  type Evaluate = (this: PssEvaluator, o: IndexedObject, version: number) => unknown;
  const proto = PssEvaluator.prototype as unknown as { all: Evaluate };
  const original = proto.all;
  const calls: Array<{ evaluator: PssEvaluator; miss: boolean }> = [];
  proto.all = function (this: PssEvaluator, o: IndexedObject, version: number) {
    const cache = (this as unknown as { cache: WeakMap<IndexedObject, Map<number, unknown>> }).cache;
    calls.push({ evaluator: this, miss: !cache.get(o)?.has(version) });
    return original.call(this, o, version);
  };
  const root = workspace();
  let c: TestClient | undefined;
  try {
    c = await started(root, { securityMapView: true });
    const session = calls.map((x) => x.evaluator);
    assert.ok(session.length > 0, 'the cross-file findings evaluated Pod Security');
    assert.equal(new Set(session).size, 1, 'one evaluator per session');
    calls.length = 0;
    const map = (await c.conn.sendRequest<SecurityMapResult>(SECURITY_MAP_REQUEST, { view: 'network' })).map;
    assert.deepEqual(
      map.workloads.map((w) => [w.id, w.podSecurity.meets]),
      [
        [DB, 'restricted'],
        [FRONTEND, 'restricted'],
      ],
    );
    assert.ok(calls.length > 0, 'the map asked for Pod Security verdicts');
    assert.ok(
      calls.every((x) => x.evaluator === session[0]),
      'the map asked the session evaluator',
    );
    assert.deepEqual(calls.filter((x) => x.miss).length, 0, 'every verdict the map needed was already cached');
  } finally {
    proto.all = original;
    c?.dispose();
    fs.rmSync(root, { recursive: true, force: true });
  }
});

test('hover on a workload: a "Show in security map" command link with the lens\'s arguments, for a client that shows the map', async () => {
  const root = workspace();
  const c = await started(root, { securityMapView: true });
  const plain = await started(root);
  const webUri = pathToUri(path.join(root, 'web.yaml'));
  const value = (h: Awaited<ReturnType<TestClient['hover']>>) =>
    h && typeof h.contents === 'object' && 'value' in h.contents ? h.contents.value : undefined;
  try {
    // Line 3 is `  name: frontend`, where the lenses are.
    const hover = await c.hover(webUri, 3, 9);
    assert.equal(
      value(hover),
      '[Show in security map](command:kubeGuardrails.showSecurityMap?%5B%7B%22namespace%22%3A%22map-web%22%2C%22focus%22%3A%22workload%3Amap-web%2FDeployment%2Ffrontend%22%7D%5D)',
    );
    assert.deepEqual(hover?.range, { start: { line: 3, character: 2 }, end: { line: 3, character: 16 } });
    assert.deepEqual(
      JSON.parse(decodeURIComponent(value(hover)!.split('?')[1]!.slice(0, -1))),
      [{ namespace: 'map-web', focus: FRONTEND }],
      'the link carries what the lens does',
    );
    assert.equal(await c.hover(webUri, 6, 4), null, 'nothing off the workload name');
    assert.equal(await plain.hover(webUri, 3, 9), null, 'a client without the view gets no link');

    // A name that would end a Markdown link: its parentheses are encoded, the link stays one link.
    const evilUri = pathToUri(path.join(root, 'evil.yaml'));
    await c.open(
      evilUri,
      "apiVersion: v1\nkind: Pod\nmetadata:\n  name: 'a)[b](https://x.example'\n  namespace: map-web\nspec:\n  containers:\n    - name: c\n      image: x\n",
    );
    await c.settled();
    const evil = value(await c.hover(evilUri, 3, 4));
    assert.equal(
      evil,
      '[Show in security map](command:kubeGuardrails.showSecurityMap?%5B%7B%22namespace%22%3A%22map-web%22%2C%22focus%22%3A%22workload%3Amap-web%2FPod%2Fa%29%5Bb%5D%28https%3A%2F%2Fx.example%22%7D%5D)',
    );
  } finally {
    c.dispose();
    plain.dispose();
    fs.rmSync(root, { recursive: true, force: true });
  }
});
