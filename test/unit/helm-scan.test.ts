import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { cli, tree } from './cli-helpers';
import { runCli } from '../../server/src/cli/main';
import { SHARED } from '../helpers';

/**
 * `scan` on charts: a folder with Chart.yaml is rendered like `helm template` and the rendered
 * objects are analysed, findings placed in the chart's files; the config's `helm.charts`
 * and --values/--set choose the values; templates are never judged as plain YAML.
 */

interface JsonFinding {
  ruleId: string;
  file: string;
  message: string;
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
  valuesPath?: string;
}
interface JsonReport {
  findings: JsonFinding[];
  errors: Array<{ file?: string; reason: string; message: string }>;
}
const scanJson = (...argv: string[]) => {
  const run = cli('scan', '-f', 'json', ...argv);
  return { code: run.code, report: JSON.parse(run.stdout) as JsonReport, stderr: run.stderr };
};
const at = (root: string, f: JsonFinding) => `${f.ruleId} ${path.relative(root, f.file)}:${f.range.start.line + 1}`;

const SCAFFOLD = path.join(SHARED, 'corpus', 'helm', 'helm-create', 'chart');
function scaffoldTree(extra: Record<string, string> = {}) {
  const files: Record<string, string> = {};
  const walk = (dir: string, rel: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      if (e.isDirectory()) walk(path.join(dir, e.name), path.join(rel, e.name));
      else files[path.join(rel, e.name)] = fs.readFileSync(path.join(dir, e.name), 'utf8');
    }
  };
  walk(SCAFFOLD, 'demo');
  return tree({ ...files, ...extra });
}

test('the `helm create` scaffold: 25 problems placed in its templates (was "No problems found")', () => {
  const t = scaffoldTree();
  try {
    const { code, report } = scanJson('--no-config', t.root);
    assert.equal(code, 0); // warnings and info only
    assert.deepEqual(report.errors, []);
    assert.equal(report.findings.length, 25);
    const files = [...new Set(report.findings.map((f) => path.relative(t.root, f.file)))].sort();
    assert.deepEqual(files, ['demo/templates/deployment.yaml', 'demo/templates/tests/test-connection.yaml']);
    assert.ok(report.findings.some((f) => at(t.root, f) === 'image-tag-latest demo/templates/tests/test-connection.yaml:12'));
  } finally {
    t.cleanup();
  }
});

test('--helm off: templates are reported as not analysed, never as clean', () => {
  const t = scaffoldTree();
  try {
    const { code, report } = scanJson('--no-config', '--helm', 'off', t.root);
    assert.equal(code, 2);
    const templates = report.errors.filter((e) => e.reason === 'helm-template').map((e) => path.relative(t.root, e.file ?? ''));
    assert.ok(templates.includes('demo/templates/deployment.yaml'), templates.join(', '));
  } finally {
    t.cleanup();
  }
});

test('values from the config (helm.charts) and --set reach the render; the privileged value is reported in the values file', () => {
  const t = scaffoldTree({
    '.kube-guardrails.yaml': 'helm:\n  charts:\n    demo:\n      valuesFiles: [prod-values.yaml]\n',
    'prod-values.yaml': 'securityContext:\n  privileged: true\n',
  });
  try {
    const { report } = scanJson(t.root);
    const privileged = report.findings.filter((f) => f.ruleId === 'pss-privileged');
    assert.deepEqual(
      privileged.map((f) => at(t.root, f)),
      ['pss-privileged prod-values.yaml:2'],
    );
    // A `-f` file's key: its path from the values root, as `--set` takes it.
    assert.equal(privileged[0]!.valuesPath, 'securityContext.privileged');
    assert.match(privileged[0]!.message, /, from values securityContext\.privileged\)$/);
    // --set wins over the config's values file.
    const off = scanJson(t.root, '--set', 'securityContext.privileged=false');
    assert.deepEqual(
      off.report.findings.filter((f) => f.ruleId === 'pss-privileged'),
      [],
    );
  } finally {
    t.cleanup();
  }
});

test('--set-literal reaches the render after --set, its value the string as given', () => {
  const t = scaffoldTree({
    'demo/templates/literal.yaml': '{{ if ne (toString .Values.lit) "1,b=\\\\2" }}{{ fail (printf "lit is %v" .Values.lit) }}{{ end }}\n',
  });
  try {
    const given = scanJson('--no-config', t.root, '--set-literal', 'lit=1,b=\\2', '--set', 'lit=3');
    assert.deepEqual(given.report.errors, []);
    const typed = scanJson('--no-config', t.root, '--set', 'lit=3');
    assert.deepEqual(
      typed.report.errors.map((e) => [path.relative(t.root, e.file ?? ''), e.reason]),
      [['demo/templates/literal.yaml', 'build-incomplete']],
    );
    assert.match(typed.report.errors[0]!.message, /: lit is 3$/);
  } finally {
    t.cleanup();
  }
});

test('a render that fails (required value missing) is an error at the template action, and the chart is not analysed', () => {
  const t = scaffoldTree({
    'demo/templates/extra.yaml':
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ required "configName is required" .Values.configName }}\n',
  });
  try {
    const { code, report } = scanJson('--no-config', t.root);
    assert.equal(code, 2);
    const errors = report.errors.map((e) => [path.relative(t.root, e.file ?? ''), e.reason]);
    assert.deepEqual(errors, [['demo/templates/extra.yaml', 'build-incomplete']]);
    assert.match(report.errors[0]!.message, /configName is required/);
    assert.deepEqual(report.findings, []);
  } finally {
    t.cleanup();
  }
});

test('one values key used by two templates: one finding on the key, naming both rendered objects', () => {
  const t = scaffoldTree({
    'demo/templates/debug-pod.yaml': [
      'apiVersion: v1',
      'kind: Pod',
      'metadata:',
      '  name: {{ include "chart.fullname" . }}-debug',
      'spec:',
      '  containers:',
      '    - name: debug',
      '      image: "busybox:1.36"',
      '      securityContext:',
      '        {{- toYaml .Values.securityContext | nindent 8 }}',
      '',
    ].join('\n'),
  });
  try {
    const values = t.p('demo/values.yaml');
    fs.writeFileSync(values, fs.readFileSync(values, 'utf8').replace('securityContext: {}', 'securityContext:\n  privileged: true'));
    const { report } = scanJson('--no-config', t.root);
    const privileged = report.findings.filter((f) => f.ruleId === 'pss-privileged');
    assert.deepEqual(
      privileged.map((f) => at(t.root, f)),
      ['pss-privileged demo/values.yaml:45'],
    );
    assert.equal(
      privileged[0]!.message,
      `Container "debug" of Pod "release-name-chart-debug" is privileged. (2 built objects from values securityContext.privileged: Pod "release-name-chart-debug" built by ${t.p('demo')}; Deployment "release-name-chart" built by ${t.p('demo')})`,
    );
  } finally {
    t.cleanup();
  }
});

test('scan - reads a stream (helm template | kube-guardrails scan -): the same findings as the file, named by --stdin-filename', () => {
  const rendered = path.join(SHARED, 'corpus', 'helm', 'helm-create', 'expected', 'default.yaml');
  const run = (argv: string[], stdin?: Buffer) => {
    let stdout = '';
    const code = runCli(argv, { stdout: (s) => (stdout += s), stderr: () => undefined, ...(stdin ? { stdin: () => stdin } : {}) });
    return { code, report: JSON.parse(stdout) as JsonReport };
  };
  const piped = run(['scan', '--no-config', '-f', 'json', '--stdin-filename', 'rendered/demo.yaml', '-'], fs.readFileSync(rendered));
  const onDisk = run(['scan', '--no-config', '-f', 'json', rendered]);
  assert.equal(piped.code, onDisk.code);
  assert.deepEqual(
    piped.report.findings.map((f) => [f.file, f.ruleId, f.range.start.line]),
    onDisk.report.findings.map((f) => ['rendered/demo.yaml', f.ruleId, f.range.start.line]),
  );
  assert.ok(piped.report.findings.some((f) => f.ruleId === 'pss-run-as-non-root'));
  const unnamed = run(
    ['scan', '--no-config', '-f', 'json', '-'],
    Buffer.from(
      'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: c\n      image: x:1\n      securityContext: {privileged: true}\n',
    ),
  );
  assert.equal(unnamed.code, 1);
  assert.ok(unnamed.report.findings.every((f) => f.file === '<stdin>'));
});

const span = (root: string, f: JsonFinding) =>
  `${f.ruleId} ${path.relative(root, f.file)} ${f.range.start.line + 1}:${f.range.start.character + 1}-${f.range.end.line + 1}:${f.range.end.character + 1}`;

test('placement in a chart, exact ranges: literal key through its action, a helper call, a values scalar, a toYaml map', () => {
  const t = scaffoldTree();
  try {
    const values = t.p('demo/values.yaml');
    fs.writeFileSync(
      values,
      fs
        .readFileSync(values, 'utf8')
        .replace('securityContext: {}', 'securityContext:\n  privileged: true\n  runAsNonRoot: true\n  capabilities:\n    drop: [ALL]'),
    );
    const lines = fs.readFileSync(values, 'utf8').split('\n');
    const sc = lines.indexOf('securityContext:') + 1;
    const { report } = scanJson('--no-config', t.root);
    const got = report.findings.map((f) => span(t.root, f));
    const want = [
      // A missing field of the container: on `name: {{ .Chart.Name }}`, the container's first line in the template.
      'cpu-request-missing demo/templates/deployment.yaml 36:11-36:34',
      // The object's name, printed by a helper: on `name: {{ include "chart.fullname" . }}`.
      'netpol-ingress-isolation demo/templates/deployment.yaml 4:3-4:41',
      // A value from values.yaml: on that key and value in values.yaml.
      `pss-privileged demo/values.yaml ${sc + 1}:3-${sc + 1}:19`,
      // A field missing from a map that is `toYaml .Values.securityContext`: on the values key.
      `read-only-root-filesystem demo/values.yaml ${sc}:1-${sc}:16`,
    ];
    for (const w of want) assert.ok(got.includes(w), `${w} not among:\n${got.join('\n')}`);
  } finally {
    t.cleanup();
  }
});
