import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { analyzeText } from '../../server/src/core/engine/analyze';
import { DEFAULT_OPTIONS } from '../../server/src/core/engine/options';
import { isTemplated } from '../../server/src/core/yaml/templates';
import { MAX_NESTING_DEPTH } from '../../server/src/core/yaml/nesting';
import { yaml } from '../helpers';

/** A pod that every profile flags, to prove a document was (or was not) analysed. */
const PRIVILEGED_POD = yaml(
  'apiVersion: v1',
  'kind: Pod',
  'metadata: {name: p}',
  'spec:',
  '  containers:',
  '  - name: a',
  '    image: nginx:1.27',
  '    securityContext: {privileged: true}',
);

function ids(text: string, options = DEFAULT_OPTIONS): string[] {
  return analyzeText(text, options)
    .findings.map((f) => f.ruleId)
    .filter((id) => id === 'pss-privileged');
}

test('a YAML syntax error skips only its own document, which gets only its yaml-syntax finding', () => {
  const text = 'apiVersion: v1\nkind: Pod\nmetadata: {name: broken\n---\n' + PRIVILEGED_POD;
  const r = analyzeText(text, DEFAULT_OPTIONS);
  assert.ok(r.parsed.documents[0]!.error, 'first document has an error');
  assert.deepEqual(ids(text), ['pss-privileged']);
  assert.deepEqual(
    r.findings.filter((f) => f.documentIndex === 0).map((f) => f.ruleId),
    ['yaml-syntax'],
  );
});

test('nesting thousands deep is not parsed: the document is recorded as not analysed, not a stack overflow', () => {
  for (const text of ['['.repeat(20000) + ']'.repeat(20000), Array.from({ length: 4000 }, (_, i) => ' '.repeat(i) + 'a:').join('\n')]) {
    const r = analyzeText(text, DEFAULT_OPTIONS);
    assert.equal(r.findings.length, 0);
    assert.deepEqual(
      r.ruleFailures.map((f) => [f.ruleId, f.documentIndex]),
      [['analysis-limit', 0]],
    );
    assert.ok(r.parsed.documents.every((d) => d.refused === `nested more than ${MAX_NESTING_DEPTH} levels deep` && d.error !== undefined));
  }
});

test('an alias bomb in a pod spec does not expand', () => {
  let bomb = 'a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n';
  for (let i = 1; i < 10; i++)
    bomb += `a${i}: &a${i} [${Array(9)
      .fill('*a' + (i - 1))
      .join(',')}]\n`;
  const text = 'apiVersion: v1\nkind: Pod\nmetadata: {name: x}\n' + bomb + 'spec:\n  containers: *a9\n';
  // 9^10 nodes if expanded; the rules walk the AST, which holds aliases as single nodes.
  const r = analyzeText(text, DEFAULT_OPTIONS);
  assert.equal(r.ruleFailures.length, 0);
  assert.equal(r.findings.filter((f) => f.ruleId === 'pss-privileged').length, 0);
});

test('binary content (NUL bytes) skips the file with one message', () => {
  const r = analyzeText(PRIVILEGED_POD.replace('kind: Pod', 'kind: Pod\u0000'), DEFAULT_OPTIONS);
  assert.equal(r.skipped?.reason, 'binary');
  assert.equal(r.findings.length, 0);
});

test('a file over the size limit is skipped with a message naming the setting', () => {
  const r = analyzeText(PRIVILEGED_POD, { ...DEFAULT_OPTIONS, maxFileSize: 100 });
  assert.equal(r.skipped?.reason, 'too-large');
  assert.match(r.skipped!.message, /kubeGuardrails\.maxFileSize/);
  assert.equal(r.findings.length, 0);
  assert.deepEqual(ids(PRIVILEGED_POD), ['pss-privileged'], 'under the default limit the same file is analysed');
});

test('a byte order mark, CRLF line endings and duplicate keys are handled', () => {
  const crlf = '\ufeff' + PRIVILEGED_POD.replace(/\n/g, '\r\n');
  assert.deepEqual(ids(crlf), ['pss-privileged']);
  const f = analyzeText(crlf, DEFAULT_OPTIONS).findings.find((x) => x.ruleId === 'pss-privileged')!;
  assert.equal(crlf.slice(f.range.start, f.range.end), 'privileged: true');
  const dup = PRIVILEGED_POD.replace('kind: Pod', 'kind: Pod\nkind: Pod');
  assert.deepEqual(ids(dup), [], 'duplicate keys are a YAML error: the document is skipped');
});

test('tabs used as indentation are a document error', () => {
  assert.deepEqual(ids(PRIVILEGED_POD.replace('  containers:', '\tcontainers:')), []);
});

test('very long lines are analysed', () => {
  const text = PRIVILEGED_POD.replace('metadata: {name: p}', `metadata: {name: p, annotations: {a: "${'x'.repeat(2_000_000)}"}}`);
  assert.deepEqual(ids(text), ['pss-privileged']);
});

test('Helm templates get no findings; Go-template text inside data does not hide a manifest', () => {
  const helm = PRIVILEGED_POD.replace('metadata: {name: p}', 'metadata:\n  name: {{ .Values.name }}');
  assert.deepEqual(ids(helm), []);
  const helmQuoted = PRIVILEGED_POD.replace('metadata: {name: p}', 'metadata:\n  name: "{{ .Release.Name }}"');
  assert.deepEqual(ids(helmQuoted), []);
  const helmBlock = PRIVILEGED_POD + '{{- if .Values.extra }}\n# extra\n{{- end }}\n';
  assert.deepEqual(ids(helmBlock), []);
  const alert = PRIVILEGED_POD.replace(
    'metadata: {name: p}',
    `metadata: {name: p, annotations: {summary: '{{ $labels.instance }} is down'}}`,
  );
  assert.deepEqual(ids(alert), ['pss-privileged']);
});

test('isTemplated is linear on adversarial input', () => {
  // Each pattern is literal-led without nested quantifiers; these inputs would explode a
  // backtracking pattern like /(\s*\{\{)+x/. The test asserts results, not time: a
  // catastrophic regex would not finish at all.
  assert.equal(isTemplated('a {{' + ' '.repeat(200_000) + 'x'), false);
  assert.equal(isTemplated(' '.repeat(200_000) + '-' + ' '.repeat(200_000) + 'x{{'), false);
  assert.equal(isTemplated(':' + ' \t'.repeat(100_000) + '{'), false);
  assert.equal(isTemplated('{{-' + ' '.repeat(100_000) + '.Values'), true);
});

test('non-Kubernetes YAML gets no findings', () => {
  const workflow = yaml(
    'name: CI',
    'on: [push]',
    'jobs:',
    '  build:',
    '    runs-on: ubuntu-latest',
    '    steps:',
    '      - uses: actions/checkout@v4',
  );
  const compose = yaml('services:', '  web:', '    image: nginx:latest', '    privileged: true', '    ports: ["80:80"]');
  const ansible = yaml('- hosts: all', '  become: true', '  tasks:', '    - name: install', '      apt: {name: nginx}');
  const openapi = yaml('openapi: 3.0.0', 'info: {title: t, version: "1"}', 'paths: {}');
  for (const t of [workflow, compose, ansible, openapi]) assert.deepEqual(analyzeText(t, DEFAULT_OPTIONS).findings, []);
});

test('JSON manifests are YAML: analysed with exact ranges when given to the core (the CLI names them explicitly)', () => {
  const json =
    '{\n  "apiVersion": "v1", "kind": "Pod", "metadata": {"name": "j"},\n  "spec": {"containers": [{"name": "a", "image": "nginx:1.27", "securityContext": {"privileged": true}}]}\n}\n';
  const f = analyzeText(json, DEFAULT_OPTIONS).findings.filter((x) => x.ruleId === 'pss-privileged');
  assert.equal(f.length, 1);
  assert.equal(json.slice(f[0]!.range.start, f[0]!.range.end), '"privileged": true');
});
