import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { WorkspaceIndex, namespaceOf } from '../../server/src/core/workspace/workspaceIndex';
import { analyzeWorkspace } from '../../server/src/core/workspace/analyzeWorkspace';
import { yaml } from '../helpers';

const DEPLOY = yaml(
  'apiVersion: apps/v1',
  'kind: Deployment',
  'metadata:',
  '  name: web',
  '  namespace: shop',
  '  labels: {app: web}',
  'spec:',
  '  template:',
  '    metadata:',
  '      labels: {app: web, tier: front}',
  '    spec:',
  '      serviceAccountName: web-sa',
  '      containers:',
  '        - name: web',
  '          image: nginx:1.27',
  '          ports: [{name: http, containerPort: 8080}]',
);
const POLICY = yaml(
  'apiVersion: networking.k8s.io/v1',
  'kind: NetworkPolicy',
  'metadata: {name: web, namespace: shop}',
  'spec:',
  '  podSelector: {matchLabels: {app: web}}',
);

test('objects carry file, document index, anchor location and pod facts', () => {
  const index = new WorkspaceIndex();
  index.setFileText('a.yaml', 'kind: NotAnObject\n---\n' + DEPLOY);
  const [o] = index.all();
  assert.equal(o!.file, 'a.yaml');
  assert.equal(o!.documentIndex, 1);
  assert.equal(o!.key, 'a.yaml#1');
  assert.deepEqual(o!.anchor.range, { start: { line: 5, character: 2 }, end: { line: 5, character: 11 } });
  assert.deepEqual(
    [...o!.workload!.podLabels],
    [
      ['app', 'web'],
      ['tier', 'front'],
    ],
  );
  assert.equal(o!.workload!.serviceAccountName, 'web-sa');
  assert.deepEqual(o!.workload!.serviceAccountLoc!.range, { start: { line: 13, character: 6 }, end: { line: 13, character: 32 } });
  assert.deepEqual(o!.workload!.ports, [{ name: 'http', containerPort: 8080, protocol: 'TCP' }]);
});

test('the index keeps no YAML AST: indexed objects are plain data', () => {
  const index = new WorkspaceIndex();
  index.setFileText('a.yaml', DEPLOY + '---\n' + POLICY);
  const seen = new Set<unknown>();
  const walk = (v: unknown, path: string): void => {
    if (v === null || typeof v !== 'object' || seen.has(v)) return;
    seen.add(v);
    const proto = Object.getPrototypeOf(v);
    assert.ok(proto === Object.prototype || proto === Array.prototype || v instanceof Map, `${path} is a ${proto?.constructor?.name}`);
    const values = v instanceof Map ? [...v.values()] : Object.values(v);
    values.forEach((x, i) => walk(x, `${path}.${i}`));
  };
  for (const o of index.all()) walk(o, o.key);
});

test('files are replaced and removed incrementally; lookups follow', () => {
  const index = new WorkspaceIndex();
  index.setFileText('app.yaml', DEPLOY);
  const v1 = index.version;
  assert.equal(index.byKind('NetworkPolicy').length, 0);
  index.setFileText('policy.yaml', POLICY);
  assert.ok(index.version > v1);
  assert.equal(index.find('NetworkPolicy', 'shop', 'web').length, 1);
  assert.deepEqual(index.files(), ['app.yaml', 'policy.yaml']);
  // Replacing a file's text replaces its objects.
  index.setFileText('policy.yaml', POLICY.replace('name: web,', 'name: web2,'));
  assert.equal(index.find('NetworkPolicy', 'shop', 'web').length, 0);
  assert.equal(index.find('NetworkPolicy', 'shop', 'web2').length, 1);
  assert.equal(index.removeFile('policy.yaml'), true);
  assert.equal(index.removeFile('policy.yaml'), false);
  assert.deepEqual(index.files(), ['app.yaml']);
  assert.equal(index.byKind('NetworkPolicy').length, 0);
});

test('the same file re-indexed changes findings in another file', () => {
  const index = new WorkspaceIndex();
  index.setFileText('app.yaml', DEPLOY);
  const ids = () =>
    analyzeWorkspace(index, { rules: {} })
      .findings.filter((f) => f.file === 'app.yaml')
      .map((f) => f.ruleId);
  assert.ok(ids().includes('netpol-ingress-isolation'));
  index.setFileText('policy.yaml', POLICY);
  assert.ok(!ids().includes('netpol-ingress-isolation'));
  index.removeFile('policy.yaml');
  assert.ok(ids().includes('netpol-ingress-isolation'));
});

test('namespaces: absent namespace is "default", cluster-scoped kinds have none', () => {
  assert.equal(namespaceOf({ kind: 'Deployment' }), 'default');
  assert.equal(namespaceOf({ kind: 'Deployment', namespace: '' }), 'default');
  assert.equal(namespaceOf({ kind: 'Deployment', namespace: 'x' }), 'x');
  assert.equal(namespaceOf({ kind: 'ClusterRole', namespace: 'x' }), undefined);
  assert.equal(namespaceOf({ kind: 'Namespace' }), undefined);
});

test('namespaceLabels adds the automatic kubernetes.io/metadata.name label', () => {
  const index = new WorkspaceIndex();
  index.setFileText('ns.yaml', yaml('apiVersion: v1', 'kind: Namespace', 'metadata:', '  name: shop', '  labels: {team: a}'));
  assert.deepEqual(
    [...index.namespaceLabels('shop')],
    [
      ['team', 'a'],
      ['kubernetes.io/metadata.name', 'shop'],
    ],
  );
  assert.deepEqual([...index.namespaceLabels('other')], [['kubernetes.io/metadata.name', 'other']]);
});

test('selectByLabels and selectPods honour namespace scoping', () => {
  const index = new WorkspaceIndex();
  index.setFileText('a.yaml', DEPLOY + '---\n' + DEPLOY.replace('namespace: shop', 'namespace: other'));
  const sel = { matchLabels: new Map([['app', 'web']]), matchExpressions: [] };
  assert.equal(index.selectPods('shop', sel).length, 1);
  assert.equal(index.selectByLabels(['Deployment'], 'other', sel).length, 1);
  assert.equal(index.selectPods('nowhere', sel).length, 0);
});

test('bad input never throws: YAML errors, alias bombs, non-objects', () => {
  const index = new WorkspaceIndex();
  index.setFileText('bad.yaml', 'a: [\n---\nkind: x\n---\n- 1\n---\n' + DEPLOY);
  assert.deepEqual(
    index.all().map((o) => o.kind),
    ['Deployment'],
  );
  index.setFileText('empty.yaml', '');
  assert.equal(index.hasFile('empty.yaml'), false);
  const bomb =
    'a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\napiVersion: v1\nkind: Secret\nmetadata: {name: x}\n';
  index.setFileText('bomb.yaml', bomb);
  assert.equal(index.find('Secret', 'default', 'x').length, 1);
  assert.deepEqual(analyzeWorkspace(index, { rules: {} }).ruleFailures, []);
});

test('CRDs and ConfigMaps are not parsed into the index; other documents keep their document index', () => {
  const index = new WorkspaceIndex();
  const crd = 'apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata:\n  name: big.example.com\n';
  const cm = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: dashboards\n';
  index.setFileText('all.yaml', crd + '---\n' + cm + '---\n' + DEPLOY);
  assert.deepEqual(
    index.all().map((o) => [o.kind, o.documentIndex]),
    [['Deployment', 2]],
  );
  assert.equal(index.all()[0]!.anchor.range.start.line, 13);
});
