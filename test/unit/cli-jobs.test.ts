import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawnSync } from 'child_process';
import * as os from 'os';
import * as path from 'path';
import { runCli } from '../../server/src/cli/main';
import { workerCount } from '../../server/src/cli/parallel/pool';
import { REPO_ROOT, SHARED } from '../helpers';
import { cli, tree } from './cli-helpers';

const REALWORLD = path.join(SHARED, 'corpus', 'realworld');
const EXAMPLES = path.join(REPO_ROOT, 'examples');
const CLI_JS = path.join(REPO_ROOT, 'dist', 'cli.js');

test(
  '--jobs 1 and --jobs 2 give byte-identical JSON, SARIF and stderr on the realworld corpus (in-process, workers from out/)',
  { timeout: 300_000 },
  () => {
    for (const format of ['json', 'sarif']) {
      const one = cli('scan', '--format', format, '--jobs', '1', REALWORLD);
      const two = cli('scan', '--format', format, '--jobs', '2', REALWORLD);
      assert.equal(one.code, 1);
      assert.ok(one.stdout.length > 100_000, 'the corpus has findings');
      assert.equal(two.code, one.code);
      assert.equal(two.stdout, one.stdout);
      assert.equal(two.stderr, one.stderr);
    }
  },
);

test('dist/cli.js starts its own workers: --jobs 2 on realworld and examples/ is byte-identical to --jobs 1', { timeout: 300_000 }, () => {
  for (const dir of [REALWORLD, EXAMPLES]) {
    const one = cli('scan', '--format', 'json', '--jobs', '1', dir);
    const two = spawnSync(process.execPath, [CLI_JS, 'scan', '--format', 'json', '--jobs', '2', dir], {
      encoding: 'utf8',
      maxBuffer: 1 << 28,
    });
    assert.equal(two.status, one.code, two.stderr);
    assert.equal(two.stdout, one.stdout);
    assert.equal(two.stderr, one.stderr);
  }
});

test(
  '--jobs 3 with Kustomize, Helm, a config file, an unreadable file and a binary file: same report as --jobs 1',
  { timeout: 120_000 },
  () => {
    const deployment = (name: string) =>
      `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ${name}\nspec:\n  selector:\n    matchLabels: {app: ${name}}\n  template:\n    metadata:\n      labels: {app: ${name}}\n    spec:\n      containers:\n        - name: app\n          image: nginx:1.27\n`;
    const t = tree({
      '.kube-guardrails.yaml': 'rules:\n  latest-tag: off\n',
      'base/kustomization.yaml': 'resources: [deploy.yaml]\n',
      'base/deploy.yaml': deployment('web'),
      'overlay/kustomization.yaml': 'resources: [../base]\nnamePrefix: prod-\n',
      'chart/Chart.yaml': 'apiVersion: v2\nname: demo\nversion: 0.1.0\n',
      'chart/values.yaml': 'privileged: true\n',
      'chart/templates/pod.yaml':
        'apiVersion: v1\nkind: Pod\nmetadata:\n  name: demo\nspec:\n  containers:\n    - name: c\n      image: nginx:1.27\n      securityContext:\n        privileged: {{ .Values.privileged }}\n',
      'plain/a.yaml': deployment('a'),
      'plain/b.yaml': 'apiVersion: v1\nkind: Service\nmetadata:\n  name: a\nspec:\n  selector: {app: a}\n  ports: [{port: 80}]\n',
      'plain/binary.yaml': 'kind: Pod\n\u0000\u0001',
      'plain/bad.yaml': 'apiVersion: v1\nkind: Pod\nmetadata: {name: x\n',
    });
    try {
      for (const format of ['json', 'stylish']) {
        const one = cli('scan', '--format', format, '--jobs', '1', t.root, path.join(t.root, 'missing.yaml'));
        const three = cli('scan', '--format', format, '--jobs', '3', t.root, path.join(t.root, 'missing.yaml'));
        assert.equal(one.code, 2);
        assert.equal(three.code, 2);
        assert.equal(three.stdout, one.stdout);
        assert.equal(three.stderr, one.stderr);
      }
      const report = JSON.parse(cli('scan', '--format', 'json', '--jobs', '3', t.root).stdout) as {
        findings: Array<{ ruleId: string; file: string }>;
        errors: Array<{ file: string; reason: string }>;
      };
      const rel = (f: string) => path.relative(t.root, f);
      // Each kind of outcome is there: a chart's finding on its template line, a base file's, a plain file's, errors.
      assert.ok(report.findings.some((f) => f.ruleId === 'pss-privileged' && rel(f.file) === 'chart/templates/pod.yaml'));
      assert.ok(report.findings.some((f) => f.ruleId === 'yaml-syntax' && rel(f.file) === 'plain/bad.yaml'));
      assert.ok(report.findings.some((f) => rel(f.file) === 'base/deploy.yaml'));
      assert.ok(report.findings.some((f) => rel(f.file) === 'plain/a.yaml'));
      assert.ok(!report.findings.some((f) => f.ruleId === 'latest-tag'));
      assert.deepEqual(
        report.errors.map((e) => `${rel(e.file)} ${e.reason}`),
        ['plain/binary.yaml binary'],
      );
    } finally {
      t.cleanup();
    }
  },
);

test('workerCount: the default uses every core from 200 files, in-process below; an explicit --jobs N is honoured from 2 files', () => {
  const cores = os.availableParallelism();
  assert.equal(workerCount(undefined, 199), 0);
  assert.equal(workerCount(undefined, 200), Math.min(cores, 200));
  assert.equal(workerCount(1, 10_000), 0);
  assert.equal(workerCount(2, 10_000), 2);
  assert.equal(workerCount(8, 3), 3);
  assert.equal(workerCount(4, 1), 0);
  assert.equal(workerCount(4, 0), 0);
});

test('--jobs needs a whole number from 1', () => {
  for (const [value, shown] of [
    ['0', '0'],
    ['two', 'two'],
    ['-1', '-1'],
    ['1.5', '1.5'],
  ]) {
    let stderr = '';
    const code = runCli(['scan', `--jobs=${value}`, EXAMPLES], { stdout: () => undefined, stderr: (s) => (stderr += s) });
    assert.equal(code, 2);
    assert.ok(stderr.startsWith(`kube-guardrails: --jobs must be a whole number from 1, not "${shown}"\n`), stderr);
  }
  const r = cli('scan', '--jobs');
  assert.equal(r.code, 2);
  assert.ok(r.stderr.startsWith('kube-guardrails: --jobs needs a value\n'));
});
