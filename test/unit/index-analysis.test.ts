import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { analyzeText, MAX_DOCUMENTS_PER_FILE } from '../../server/src/core/engine/analyze';
import { DEFAULT_OPTIONS } from '../../server/src/core/engine/options';
import { indexAnalysis, indexText } from '../../server/src/core/workspace/indexText';
import { SHARED } from '../helpers';

/** indexAnalysis (the CLI's single parse) must index exactly what indexText's own parse does. */
function assertSameIndex(file: string, text: string): void {
  const analysis = analyzeText(text, DEFAULT_OPTIONS);
  const { objects, failures } = indexText(file, text, false);
  assert.deepEqual(indexAnalysis(file, analysis), { objects, failures }, file);
}

test('indexAnalysis = indexText on every file of the realworld corpus', { timeout: 120_000 }, () => {
  const root = path.join(SHARED, 'corpus', 'realworld');
  const files = (fs.readdirSync(root, { recursive: true }) as string[]).filter((n) => /\.ya?ml$/.test(n)).sort();
  assert.ok(files.length > 50);
  for (const n of files) assertSameIndex(n, fs.readFileSync(path.join(root, n), 'utf8'));
});

test('indexAnalysis = indexText: kinds no rule parses, skipped kinds, directives, YAML errors, line breaks, the document limit', () => {
  const service = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n  namespace: shop\nspec:\n  selector: {app: web}\n';
  const pod =
    'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  labels: {app: web}\n  annotations:\n    kube-guardrails.io/ignore: pss-privileged\nspec:\n  # kube-guardrails-disable-next-line host-network\n  hostNetwork: true\n  containers:\n    - name: c\n      image: nginx:1.27\n';
  const configMap = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm\ndata:\n  a: b\n';
  const crd = 'apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata:\n  name: x.example.com\n';
  const account = 'apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: app\n  namespace: shop\nautomountServiceAccountToken: false\n';
  const policy =
    'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: deny\n  namespace: shop\nspec:\n  podSelector: {}\n';
  const cases: Record<string, string> = {
    'mixed.yaml': [service, pod, configMap, crd, account, policy].join('---\n'),
    'leading-separator.yaml': `---\n${policy}---\n${service}`,
    'crlf.yaml': [service, pod].join('---\n').replace(/\n/g, '\r\n'),
    'lone-cr.yaml': [policy, service].join('---\n').replace(/\n/g, '\r'),
    'yaml-error.yaml': `${service}---\napiVersion: v1\nkind: Service\nmetadata: {name: x\n---\n${pod}`,
    'empty-documents.yaml': `---\n---\n${pod}---\n`,
    'binding.yaml':
      'apiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata:\n  name: b\n  namespace: shop\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: r}\nsubjects:\n  - {kind: ServiceAccount, name: app, namespace: shop}\n',
    'over-the-limit.yaml': Array.from({ length: MAX_DOCUMENTS_PER_FILE + 3 }, (_, i) =>
      service.replace('name: web', `name: web-${i}`),
    ).join('---\n'),
  };
  for (const [file, text] of Object.entries(cases)) assertSameIndex(file, text);
  // The cases do exercise the sections the analysis leaves unparsed.
  const mixed = analyzeText(cases['mixed.yaml']!, DEFAULT_OPTIONS);
  assert.deepEqual(
    mixed.unparsed.map((u) => u.kind),
    ['CustomResourceDefinition', 'ServiceAccount'],
  );
  assert.ok(mixed.parsed.documents.some((d) => d.index === 2)); // the ConfigMap: parsed by the analysis, skipped by the index
  assert.deepEqual(
    indexAnalysis('mixed.yaml', mixed).objects.map((o) => `${o.documentIndex} ${o.kind}`),
    ['0 Service', '1 Pod', '4 ServiceAccount', '5 NetworkPolicy'],
  );
});
