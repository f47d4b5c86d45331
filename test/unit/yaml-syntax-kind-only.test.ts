import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { analyzeText } from '../../server/src/core/engine/analyze';
import { DEFAULT_OPTIONS } from '../../server/src/core/engine/options';
import { yaml } from '../helpers';
import { TestClient } from '../lsp/harness';
import { cli, tree } from './cli-helpers';

/**
 * Fail closed on broken manifests that name their kind but no apiVersion (a Kustomization may
 * omit it; an error can swallow the line): `yaml-syntax` reports them in the editor and the
 * CLI, while broken YAML that names no Kubernetes kind (CI workflows, `kind: library`) stays silent.
 */

const KIND_ONLY_POD = yaml(
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

const MESSAGE = 'YAML syntax error (the document is not analysed until it is fixed): Nested mappings are not allowed in compact mappings';

test('a broken document with kind: Pod and no apiVersion is a yaml-syntax error at the parser position', () => {
  const r = analyzeText(KIND_ONLY_POD, DEFAULT_OPTIONS);
  assert.deepEqual(
    r.findings.map((f) => ({ ruleId: f.ruleId, severity: f.severity, message: f.message, range: f.range, object: f.object })),
    [
      {
        ruleId: 'yaml-syntax',
        severity: 'error',
        message: MESSAGE,
        range: { start: 60, end: 61 },
        object: { apiVersion: '', kind: 'Pod' },
      },
    ],
  );
  assert.equal(KIND_ONLY_POD.slice(60, 61), 'a');
});

test('a broken Kustomization without apiVersion is reported; broken YAML naming no Kubernetes kind is not', () => {
  const kustomization = yaml('kind: Kustomization', 'resources: [deploy.yaml', 'patches: []');
  assert.deepEqual(
    analyzeText(kustomization, DEFAULT_OPTIONS).findings.map((f) => [f.ruleId, f.object.kind]),
    [['yaml-syntax', 'Kustomization']],
  );
  const notKubernetes = [
    yaml('kind: library', 'name: x', 'deps: [a'),
    yaml('name: CI', 'on: [push', 'jobs:', '  build:', '    runs-on: ubuntu-latest'),
    // `kind:` only nested, never at the top level.
    yaml('spec:', '  kind: Pod', '  x: [a'),
  ];
  for (const text of notKubernetes) {
    const r = analyzeText(text, DEFAULT_OPTIONS);
    assert.ok(
      r.parsed.documents.some((d) => d.error),
      'the text does have a YAML error',
    );
    assert.deepEqual(r.findings, [], text);
  }
});

/** Broken non-Kubernetes YAML with a top-level Kubernetes-style `kind:` and no `apiVersion:`. */
const OTHER_TOOLS_KIND_ONLY: Record<string, string> = {
  'kind cluster config': yaml('kind: Cluster', 'nodes:', '- role: control-plane', '  extraPortMappings: [{containerPort: 80'),
  'Garden module': yaml('kind: Module', 'name: web', 'type: container', 'services: [web'),
  'Zarf package with a duplicate key': yaml('kind: ZarfPackageConfig', 'metadata:', '  name: a', 'metadata:', '  name: b'),
};

test('broken non-Kubernetes YAML with kind: and no apiVersion (kind, Garden, Zarf) is silent, as it is with apiVersion', () => {
  for (const [name, text] of Object.entries(OTHER_TOOLS_KIND_ONLY)) {
    const r = analyzeText(text, DEFAULT_OPTIONS);
    assert.ok(
      r.parsed.documents.some((d) => d.error),
      `${name}: the text does have a YAML error`,
    );
    assert.deepEqual(r.findings, [], name);
    const withApiVersion = analyzeText(`apiVersion: tool.example.com/v1\n${text}`, DEFAULT_OPTIONS);
    assert.deepEqual(withApiVersion.findings, [], `${name} with apiVersion`);
  }
  // A Kubernetes kind in the same shapes is still reported: the filter is the kinds the rules inspect.
  const duplicatePod = yaml('kind: Pod', 'metadata:', '  name: a', 'metadata:', '  name: b');
  assert.deepEqual(
    analyzeText(duplicatePod, DEFAULT_OPTIONS).findings.map((f) => [f.ruleId, f.message, f.range]),
    [
      [
        'yaml-syntax',
        'YAML syntax error (the document is not analysed until it is fixed): Map keys must be unique',
        { start: 30, end: 31 },
      ],
    ],
  );
  // On the second `metadata:` key.
  assert.equal(duplicatePod.indexOf('metadata', 11), 30);
});

test('a broken values file outside any chart with a top-level kind: DaemonSet is reported: it reads as a DaemonSet manifest', () => {
  // Nothing tells it from a DaemonSet whose apiVersion is missing or swallowed: fail closed
  // (inside a chart its build reports it; `exclude` in the config silences a stray one).
  const values = yaml('kind: DaemonSet', 'image:', '  tag: [1.0', 'replicas: 2');
  assert.deepEqual(
    analyzeText(values, DEFAULT_OPTIONS).findings.map((f) => [f.ruleId, f.object.kind, f.range]),
    [['yaml-syntax', 'DaemonSet', { start: 35, end: 36 }]],
  );
  // The parser stops at the line after the unclosed flow sequence.
  assert.equal(values.indexOf('replicas'), 35);
});

test('CLI: the broken kind-only Pod exits 1 with the yaml-syntax error in stylish and JSON, never "No problems"', () => {
  const t = tree({ 'pod.yaml': KIND_ONLY_POD, 'workflow.yaml': yaml('name: CI', 'on: [push', 'jobs: {}') });
  try {
    const stylish = cli('scan', '--no-config', t.root);
    assert.equal(stylish.code, 1);
    assert.equal(
      stylish.stdout,
      `${t.p('pod.yaml')}\n  ${t.p('pod.yaml')}:6:11  error  ${MESSAGE}  yaml-syntax\n\n1 problem (1 error, 0 warnings, 0 info) in 2 files.\n`,
    );
    const json = cli('scan', '--no-config', '-f', 'json', t.root);
    assert.equal(json.code, 1);
    const report = JSON.parse(json.stdout) as { findings: Array<Record<string, unknown>>; errors: unknown[] };
    assert.deepEqual(report.errors, []);
    assert.deepEqual(
      report.findings.map((f) => [f.ruleId, f.severity, f.file, f.message, f.range]),
      [['yaml-syntax', 'error', t.p('pod.yaml'), MESSAGE, { start: { line: 5, character: 10 }, end: { line: 5, character: 11 } }]],
    );
  } finally {
    t.cleanup();
  }
});

test('editor: the broken kind-only Pod gets the yaml-syntax error diagnostic', async () => {
  const c = new TestClient();
  try {
    await c.initialize();
    const ds = await c.openOwn('file:///ws/pod.yaml', KIND_ONLY_POD);
    assert.deepEqual(
      ds.map((d) => [d.code, d.severity, d.range, d.message]),
      [['yaml-syntax', 1, { start: { line: 5, character: 10 }, end: { line: 5, character: 11 } }, MESSAGE]],
    );
  } finally {
    c.dispose();
  }
});

test('CLI: a broken file a kustomization or chart reads is reported by its build whatever it looks like (exit 2)', () => {
  const t = tree({
    'k/kustomization.yaml': 'resources: [deploy.yaml]\npatches:\n  - path: patch.yaml\n',
    'k/deploy.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n',
    'k/patch.yaml': 'metadata:\n  name: web\nspec: [\n',
    'c/Chart.yaml': 'apiVersion: v2\nname: c\nversion: 0.1.0\n',
    'c/values.yaml': 'a: [\n',
  });
  try {
    const run = cli('scan', '--no-config', '-f', 'json', t.root);
    assert.equal(run.code, 2);
    const report = JSON.parse(run.stdout) as { findings: unknown[]; errors: Array<{ file: string; reason: string; message: string }> };
    assert.deepEqual(report.findings, []);
    assert.deepEqual(
      report.errors.map((e) => [e.file, e.reason]),
      [
        [t.p('k/kustomization.yaml'), 'build-incomplete'],
        [t.p('c/values.yaml'), 'build-incomplete'],
      ],
    );
    assert.ok(
      report.errors.some((e) => e.message.includes(`${t.p('k/patch.yaml')}: Flow sequence in block collection`)),
      run.stdout,
    );
    assert.ok(
      // helm's wording (helm-load-errors.test.ts), reported on values.yaml.
      report.errors.some((e) =>
        e.message.includes(
          'cannot load values.yaml: cannot unmarshal yaml document: error converting YAML to JSON: yaml: line 2: Flow sequence',
        ),
      ),
      run.stdout,
    );
  } finally {
    t.cleanup();
  }
});
