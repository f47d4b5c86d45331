import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { parseAllDocuments } from 'yaml';
import { allowServicePortsFix, appendDocument, defaultDenyFix, strictMtlsFix } from '../../server/src/core/workspace/fixes';
import { analyzeWorkspace } from '../../server/src/core/workspace/analyzeWorkspace';
import { WorkspaceIndex } from '../../server/src/core/workspace/workspaceIndex';
import { PssEvaluator } from '../../server/src/core/workspace/admission';
import { lensTitle, workloadLensData } from '../../server/src/core/workspace/codeLens';
import { policyTypesOf } from '../../server/src/core/workspace/netpol';
import { WORKSPACE_RULES, WORKSPACE_RULES_BY_ID } from '../../server/src/core/workspace/rules';
import { yaml } from '../helpers';

const WEB = yaml(
  'apiVersion: apps/v1',
  'kind: Deployment',
  'metadata: {name: web, namespace: shop}',
  'spec:',
  '  template:',
  '    metadata:',
  '      labels: {app: web, version: v2}',
  '    spec:',
  '      containers:',
  '        - name: web',
  '          image: nginx:1.27',
  '          ports: [{name: http, containerPort: 8080}]',
);
const SVC = yaml(
  'apiVersion: v1',
  'kind: Service',
  'metadata: {name: web, namespace: shop}',
  'spec:',
  '  selector: {app: web}',
  '  ports:',
  '    - {port: 80, targetPort: http}',
  '    - {port: 9090, protocol: UDP}',
);

test('default-deny fix: the exact document, appended after --- in the file own line endings', () => {
  const fix = defaultDenyFix('shop', 'app.yaml');
  assert.equal(fix.title, 'Create a default-deny NetworkPolicy for namespace "shop"');
  assert.equal(
    fix.yaml,
    yaml(
      'apiVersion: networking.k8s.io/v1',
      'kind: NetworkPolicy',
      'metadata:',
      '  name: default-deny-ingress',
      '  namespace: shop',
      'spec:',
      '  podSelector: {}',
      '  policyTypes:',
      '    - Ingress',
    ),
  );
  assert.equal(fix.newFileName, 'networkpolicy-default-deny-shop.yaml');
  assert.deepEqual(appendDocument('a: 1\n', fix.yaml), { offset: 5, newText: '---\n' + fix.yaml });
  assert.deepEqual(appendDocument('a: 1', 'b: 2\n'), { offset: 4, newText: '\n---\nb: 2\n' });
  assert.deepEqual(appendDocument('a: 1\r\n', 'b: 2\nc: 3\n'), { offset: 6, newText: '---\r\nb: 2\r\nc: 3\r\n' });
  assert.deepEqual(appendDocument('a: 1\n---\n', 'b: 2\n'), { offset: 9, newText: 'b: 2\n' });
  assert.deepEqual(appendDocument('', 'b: 2\n'), { offset: 0, newText: 'b: 2\n' });
});

test('default-deny fix applied: the namespace finding disappears and the file still parses', () => {
  const index = new WorkspaceIndex();
  index.setFileText('app.yaml', WEB);
  const has = () => analyzeWorkspace(index, { rules: {} }).findings.some((f) => f.ruleId === 'netpol-default-deny');
  assert.ok(has());
  const edit = appendDocument(WEB, defaultDenyFix('shop', 'app.yaml').yaml);
  const fixed = WEB.slice(0, edit.offset) + edit.newText + WEB.slice(edit.offset);
  assert.deepEqual(
    parseAllDocuments(fixed).flatMap((d) => (Array.isArray(d) ? [] : d.errors)),
    [],
  );
  index.setFileText('app.yaml', fixed);
  assert.equal(has(), false);
  assert.equal(
    analyzeWorkspace(index, { rules: {} }).findings.some((f) => f.ruleId === 'netpol-ingress-isolation'),
    false,
  );
});

test('allow-Services fix: ingress on the Services target ports (named kept), pods selected by the Service keys', () => {
  const index = new WorkspaceIndex();
  index.setFileText('app.yaml', WEB);
  const web = index.byKind('Deployment')[0]!;
  assert.equal(allowServicePortsFix(index, web!), undefined, 'no Service selects it yet');
  index.setFileText('svc.yaml', SVC);
  const fix = allowServicePortsFix(index, index.byKind('Deployment')[0]!)!;
  assert.equal(fix.title, 'Allow the traffic the Services of Deployment "web" expose');
  assert.equal(
    fix.yaml,
    yaml(
      'apiVersion: networking.k8s.io/v1',
      'kind: NetworkPolicy',
      'metadata:',
      '  name: web-allow-service-ports',
      '  namespace: shop',
      'spec:',
      '  podSelector:',
      '    matchLabels:',
      '      app: web',
      '  policyTypes:',
      '    - Ingress',
      '  ingress:',
      '    - from:',
      '        - podSelector: {}',
      '      ports:',
      '        - protocol: TCP',
      '          port: http',
      '        - protocol: UDP',
      '          port: 9090',
    ),
  );
  index.setFileText('policy.yaml', fix.yaml);
  const ids = analyzeWorkspace(index, { rules: {} }).findings.map((f) => f.ruleId);
  assert.ok(!ids.includes('netpol-ingress-isolation'));
  assert.ok(!ids.includes('netpol-allow-all'));
});

test('policyTypes defaults: Ingress always, Egress only with at least one egress rule', () => {
  const np = (spec: string[]) => {
    const index = new WorkspaceIndex();
    index.setFileText(
      'p.yaml',
      yaml('apiVersion: networking.k8s.io/v1', 'kind: NetworkPolicy', 'metadata: {name: p}', 'spec:', '  podSelector: {}', ...spec),
    );
    return policyTypesOf(index.byKind('NetworkPolicy')[0]!);
  };
  assert.deepEqual(np([]), ['Ingress']);
  assert.deepEqual(np(['  egress: []']), ['Ingress']);
  assert.deepEqual(np(['  egress: [{}]']), ['Ingress', 'Egress']);
  assert.deepEqual(np(['  policyTypes: []', '  egress: [{}]']), ['Ingress', 'Egress']);
  assert.deepEqual(np(['  policyTypes: [Egress]', '  ingress: [{}]']), ['Egress']);
});

test('CodeLens data: PSS level met at latest, isolating policies per direction, dangerous permissions', () => {
  const index = new WorkspaceIndex();
  index.setFileText('app.yaml', WEB);
  index.setFileText(
    'policy.yaml',
    yaml(
      'apiVersion: networking.k8s.io/v1',
      'kind: NetworkPolicy',
      'metadata: {name: web-in, namespace: shop}',
      'spec:',
      '  podSelector: {matchLabels: {app: web}}',
    ),
  );
  index.setFileText(
    'rbac.yaml',
    yaml(
      'apiVersion: rbac.authorization.k8s.io/v1',
      'kind: RoleBinding',
      'metadata: {name: b, namespace: shop}',
      'roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cluster-admin}',
      'subjects: [{kind: ServiceAccount, name: default}]',
    ),
  );
  const [lens] = workloadLensData(index, new PssEvaluator(), 'app.yaml');
  assert.equal(lens!.pssLevel, 'baseline');
  assert.deepEqual(lens!.ingressPolicies, ['web-in']);
  assert.deepEqual(lens!.egressPolicies, []);
  assert.equal(lens!.serviceAccount, 'default');
  // cluster-admin is `*` on `*`: every kind of dangerous grant, once each.
  assert.deepEqual(lens!.dangerous, [
    'use wildcard (*) permissions',
    'read Secrets',
    'write Secrets',
    'exec/attach into pods',
    'port-forward to pods',
    'create pods',
    'escalate or bind roles',
    'write RBAC roles or bindings',
    'impersonate',
    'use nodes/proxy',
    'manage admission webhooks',
    'approve certificate requests',
    'mint ServiceAccount tokens',
  ]);
  assert.equal(lensTitle(lens!), 'PSS: baseline · Ingress: web-in · Egress: not isolated · SA "default": 13 dangerous permissions');
  const privileged = new WorkspaceIndex();
  privileged.setFileText(
    'p.yaml',
    yaml('apiVersion: v1', 'kind: Pod', 'metadata: {name: p}', 'spec:', '  hostNetwork: true', '  containers: [{name: c, image: i}]'),
  );
  assert.equal(workloadLensData(privileged, new PssEvaluator(), 'p.yaml')[0]!.pssLevel, 'none');
});

test('workspace rules declare their fixes: netpol-default-deny, netpol-ingress-isolation and istio-namespace-mtls-not-strict, asked by rule id', () => {
  assert.deepEqual(
    WORKSPACE_RULES.filter((r) => r.fixes).map((r) => r.id),
    ['istio-namespace-mtls-not-strict', 'netpol-default-deny', 'netpol-ingress-isolation'],
  );
  const index = new WorkspaceIndex();
  index.setFileText('app.yaml', WEB + '---\n' + SVC);
  const web = index.objectsInFile('app.yaml').filter((o) => o.kind === 'Deployment')[0]!;
  const titles = (id: string) =>
    WORKSPACE_RULES_BY_ID.get(id)!.fixes!({ object: web, file: 'app.yaml' }, index).map((f) => [f.title, f.suggestedFile]);
  // No Namespace object: the default-deny finding sits on the workload, whose namespace the fix takes.
  assert.deepEqual(titles('netpol-default-deny'), [['Create a default-deny NetworkPolicy for namespace "shop"', 'app.yaml']]);
  const isolation = WORKSPACE_RULES_BY_ID.get('netpol-ingress-isolation')!.fixes!({ object: web, file: 'app.yaml' }, index);
  assert.deepEqual(
    isolation.map((f) => f.yaml),
    [defaultDenyFix('shop', 'app.yaml').yaml, allowServicePortsFix(index, web)!.yaml],
  );
  const ns = new WorkspaceIndex();
  ns.setFileText('ns.yaml', yaml('apiVersion: v1', 'kind: Namespace', 'metadata: {name: payments}'));
  const [namespace] = ns.objectsInFile('ns.yaml');
  assert.deepEqual(
    WORKSPACE_RULES_BY_ID.get('netpol-default-deny')!.fixes!({ object: namespace!, file: 'ns.yaml' }, ns).map((f) => f.newFileName),
    ['networkpolicy-default-deny-payments.yaml'],
  );
});

test('STRICT mTLS fix: the exact PeerAuthentication; applied, the mesh namespace finding disappears', () => {
  const NS = yaml('apiVersion: v1', 'kind: Namespace', 'metadata:', '  name: shop', '  labels: {istio-injection: enabled}');
  const index = new WorkspaceIndex();
  index.setFileText('ns.yaml', NS);
  const findings = () => analyzeWorkspace(index, { rules: {} }).findings.filter((f) => f.ruleId === 'istio-namespace-mtls-not-strict');
  assert.equal(findings().length, 1);
  const [namespace] = index.objectsInFile('ns.yaml');
  const fixes = WORKSPACE_RULES_BY_ID.get('istio-namespace-mtls-not-strict')!.fixes!({ object: namespace!, file: 'ns.yaml' }, index);
  assert.deepEqual(fixes, [strictMtlsFix('shop', 'ns.yaml')]);
  assert.equal(fixes[0]!.title, 'Create a STRICT mTLS PeerAuthentication for namespace "shop"');
  assert.equal(fixes[0]!.newFileName, 'peerauthentication-strict-shop.yaml');
  assert.equal(
    fixes[0]!.yaml,
    yaml(
      'apiVersion: security.istio.io/v1',
      'kind: PeerAuthentication',
      'metadata:',
      '  name: default',
      '  namespace: shop',
      'spec:',
      '  mtls:',
      '    mode: STRICT',
    ),
  );
  const edit = appendDocument(NS, fixes[0]!.yaml);
  index.setFileText('ns.yaml', NS.slice(0, edit.offset) + edit.newText + NS.slice(edit.offset));
  assert.deepEqual(findings(), []);
});
