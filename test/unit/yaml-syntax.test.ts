import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { analyzeText } from '../../server/src/core/engine/analyze';
import { DEFAULT_OPTIONS } from '../../server/src/core/engine/options';
import { parseConfig } from '../../server/src/core/config';
import { describeFinding } from '../../server/src/lsp/hover';
import { yaml } from '../helpers';
import { cli, tree } from './cli-helpers';

/**
 * A YAML syntax error in a manifest is a `yaml-syntax` error finding at the parser's
 * position: the document cannot be analysed, so saying nothing would report it clean.
 */
const MISINDENTED_PRIVILEGED_POD = yaml(
  'apiVersion: v1',
  'kind: Pod',
  'metadata:',
  '  name: p',
  'spec:',
  '  containers:',
  '  - name: a',
  '     image: nginx:1.27',
  '    securityContext:',
  '      privileged: true',
);

const PREFIX = 'YAML syntax error (the document is not analysed until it is fixed): ';

test('a privileged Pod with one misindented line yields exactly one yaml-syntax error at the parser position', () => {
  // The parser places this error on the value of the compact mapping that `image:` would nest into.
  const r = analyzeText(MISINDENTED_PRIVILEGED_POD, DEFAULT_OPTIONS);
  assert.deepEqual(r.ruleFailures, []);
  assert.deepEqual(
    r.findings.map((f) => ({
      ruleId: f.ruleId,
      severity: f.severity,
      message: f.message,
      at: MISINDENTED_PRIVILEGED_POD.slice(f.range.start, f.range.end),
      object: f.object,
      documentIndex: f.documentIndex,
    })),
    [
      {
        ruleId: 'yaml-syntax',
        severity: 'error',
        message: PREFIX + 'Nested mappings are not allowed in compact mappings',
        at: 'a',
        object: { apiVersion: 'v1', kind: 'Pod' },
        documentIndex: 0,
      },
    ],
  );
  const err = r.parsed.documents[0]!.doc.errors[0];
  assert.deepEqual([r.findings[0]!.range.start, r.findings[0]!.range.end], err!.pos, 'the exact range the parser reports');
});

test('a duplicate key in a manifest is reported on the second key, only in its own document', () => {
  const dup = yaml('apiVersion: apps/v1', 'kind: Deployment', 'metadata: {name: d}', 'spec:', '  replicas: 1', '  replicas: 2');
  const text =
    dup +
    '---\n' +
    yaml(
      'apiVersion: v1',
      'kind: Pod',
      'metadata: {name: q}',
      'spec: {containers: [{name: a, image: "nginx:1.27", securityContext: {privileged: true}}]}',
    );
  const r = analyzeText(text, DEFAULT_OPTIONS);
  const syntax = r.findings.filter((f) => f.ruleId === 'yaml-syntax');
  assert.equal(syntax.length, 1);
  assert.equal(syntax[0]!.message, PREFIX + 'Map keys must be unique');
  assert.equal(syntax[0]!.range.start, dup.lastIndexOf('replicas'));
  assert.equal(syntax[0]!.range.end, dup.lastIndexOf('replicas') + 1);
  assert.deepEqual(
    r.findings.filter((f) => f.ruleId === 'pss-privileged').map((f) => f.documentIndex),
    [1],
  );
});

test('YAML that is not a manifest stays silent, and so do Helm templates', () => {
  const workflow = yaml('name: CI', 'on: [push', 'jobs:', '  build:', '    runs-on: ubuntu-latest');
  const compose = yaml('services:', '  web:', '    image: nginx', '     privileged: true');
  const helm = yaml(
    'apiVersion: v1',
    'kind: Pod',
    'metadata:',
    '  name: {{ .Values.name }}',
    '  labels: {{- include "x" . | nindent 4 }}',
    'spec: [',
  );
  for (const t of [workflow, compose, helm]) {
    const r = analyzeText(t, DEFAULT_OPTIONS);
    assert.ok(
      r.parsed.documents.some((d) => d.error),
      'the text does have a YAML error',
    );
    assert.deepEqual(r.findings, []);
  }
});

test('yaml-syntax can be re-levelled or switched off like a rule, and a config may name it', () => {
  const warn = analyzeText(MISINDENTED_PRIVILEGED_POD, { ...DEFAULT_OPTIONS, rules: { 'yaml-syntax': 'warning' } });
  assert.deepEqual(
    warn.findings.map((f) => [f.ruleId, f.severity]),
    [['yaml-syntax', 'warning']],
  );
  assert.deepEqual(analyzeText(MISINDENTED_PRIVILEGED_POD, { ...DEFAULT_OPTIONS, rules: { 'yaml-syntax': 'off' } }).findings, []);
  const config = parseConfig('rules:\n  yaml-syntax: warning\n');
  assert.deepEqual(config.problems, []);
  assert.equal(config.config.rules?.['yaml-syntax'], 'warning');
});

test('the hover explains yaml-syntax like a rule', () => {
  const f = analyzeText(MISINDENTED_PRIVILEGED_POD, DEFAULT_OPTIONS).findings[0];
  const md = describeFinding(f!);
  assert.ok(md.startsWith('**YAML syntax error in a manifest** — `yaml-syntax` (error)'), md);
  assert.match(md, /\*\*Remediation:\*\* Fix the YAML at the reported position/);
});

test('CLI: the misindented privileged Pod exits 1 with the yaml-syntax error, never "No problems"; SARIF resolves its rule', () => {
  const t = tree({ 'pod.yaml': MISINDENTED_PRIVILEGED_POD });
  try {
    const run = cli('scan', t.p('pod.yaml'), '--no-config');
    assert.equal(run.code, 1);
    assert.match(
      run.stdout,
      /pod\.yaml:7:11 +error +YAML syntax error \(the document is not analysed until it is fixed\): Nested mappings are not allowed in compact mappings +yaml-syntax/,
    );
    const sarif = JSON.parse(cli('scan', t.p('pod.yaml'), '--no-config', '--format', 'sarif').stdout);
    const run0 = sarif.runs[0];
    assert.equal(run0.results.length, 1);
    assert.equal(run0.tool.driver.rules[run0.results[0].ruleIndex].id, 'yaml-syntax');
    assert.deepEqual(run0.results[0].locations[0].physicalLocation.region, { startLine: 7, startColumn: 11, endLine: 7, endColumn: 12 });
  } finally {
    t.cleanup();
  }
});
