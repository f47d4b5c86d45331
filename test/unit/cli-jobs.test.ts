import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { runCli } from '../../server/src/cli/main';
import { jobCount, runInThreads } from '../../server/src/cli/parallel/pool';
import { scanFile } from '../../server/src/cli/parallel/scanFile';
import { parseArgs, type ScanArgs } from '../../server/src/cli/args';
import { CliConfigs } from '../../server/src/cli/config';
import { scopeFactory } from '../../server/src/cli/scope';
import { REPO_ROOT, SHARED } from '../helpers';
import { cli, tree } from './cli-helpers';

const REALWORLD = path.join(SHARED, 'corpus', 'realworld');
const EXAMPLES = path.join(REPO_ROOT, 'examples');
const CLI_JS = path.join(REPO_ROOT, 'dist', 'cli.js');

/**
 * A preload (`--require`, which worker threads run too) that counts the scan workers started:
 * each leaves a file in started/, and the main thread prints how many at exit.
 */
const COUNT_WORKERS = `
const fs = require('fs'), path = require('path'), wt = require('worker_threads');
const dir = path.join(__dirname, 'started');
if (wt.isMainThread) process.on('exit', () => process.stderr.write('scan workers started: ' + (fs.readdirSync(dir).length - 1) + '\\n'));
else if (wt.workerData && wt.workerData.kind === 'kube-guardrails-scan') fs.writeFileSync(path.join(dir, String(wt.threadId)), '');
`;

/**
 * A scan in-process with real worker threads (from out/) on any machine: `--jobs` capped at
 * `cores` instead of this machine's (a 1-CPU runner would scan in-process and compare that
 * with itself). `workers`: how many outcomes the workers gave.
 */
function scanWithThreads(argv: string[], threads: { cores: number; mainTakesTasks?: boolean }) {
  let stdout = '';
  let stderr = '';
  let workers: number | undefined;
  const code = runCli(argv, {
    stdout: (s) => (stdout += s),
    stderr: (s) => (stderr += s),
    threadsForTest: { ...threads, fromWorkers: (n) => (workers = n) },
  });
  return { code, stdout, stderr, workers };
}

const REALWORLD_FILES = (fs.readdirSync(REALWORLD, { recursive: true }) as string[]).filter((n) => /\.ya?ml$/.test(n)).length;

test(
  '--jobs 1 and --jobs 2 give byte-identical JSON, SARIF and stderr on the realworld corpus (in-process, workers from out/)',
  { timeout: 300_000 },
  () => {
    assert.equal(REALWORLD_FILES, 102);
    for (const format of ['json', 'sarif']) {
      const one = cli('scan', '--format', format, '--jobs', '1', REALWORLD);
      assert.equal(one.code, 1);
      assert.ok(one.stdout.length > 100_000, 'the corpus has findings');
      // The worker alone (every outcome crossed threads), then the main thread and two workers sharing the files.
      const alone = scanWithThreads(['scan', '--format', format, '--jobs', '2', REALWORLD], { cores: 2, mainTakesTasks: false });
      const shared = scanWithThreads(['scan', '--format', format, '--jobs', '3', REALWORLD], { cores: 3 });
      assert.equal(alone.workers, REALWORLD_FILES);
      assert.ok(shared.workers !== undefined && shared.workers <= REALWORLD_FILES, String(shared.workers));
      for (const two of [alone, shared]) {
        assert.equal(two.code, one.code);
        assert.equal(two.stdout, one.stdout);
        assert.equal(two.stderr, one.stderr);
      }
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
  '--jobs 3 (real workers whatever the cores) with Kustomize, Helm, a config file, an unreadable file and a binary file: same report as --jobs 1',
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
        const three = scanWithThreads(['scan', '--format', format, '--jobs', '3', t.root, path.join(t.root, 'missing.yaml')], { cores: 3 });
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
      // Each kind of outcome is there: a chart's finding on the values key it came from, a base file's, a plain file's, errors.
      assert.ok(report.findings.some((f) => f.ruleId === 'pss-privileged' && rel(f.file) === 'chart/values.yaml'));
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

test('jobCount: the default uses every core from 200 files, in-process below; an explicit --jobs N up to the cores and the file count', () => {
  const cores = os.availableParallelism();
  assert.equal(jobCount(undefined, 199), 1);
  assert.equal(jobCount(undefined, 200), Math.min(cores, 200));
  assert.equal(jobCount(1, 10_000), 1);
  assert.equal(jobCount(2, 10_000), Math.min(2, cores));
  assert.equal(jobCount(200, 10_000), cores);
  assert.equal(jobCount(9999, 10_000), cores);
  assert.equal(jobCount(200, 1), 1);
  assert.equal(jobCount(4, 1), 1);
  assert.equal(jobCount(4, 0), 1);
  // The cores given (tests: real workers on a 1-CPU runner).
  assert.equal(jobCount(3, 10_000, 3), 3);
  assert.equal(jobCount(3, 10_000, 1), 1);
  assert.equal(jobCount(undefined, 200, 4), 4);
});

test('--jobs 200 starts one thread per core, not 199 (the workers are counted as the process sees them)', { timeout: 120_000 }, () => {
  const t = tree({ 'count.js': COUNT_WORKERS, 'started/.keep': '' });
  try {
    const r = spawnSync(
      process.execPath,
      ['--require', path.join(t.root, 'count.js'), CLI_JS, 'scan', '--format', 'json', '--jobs', '200', REALWORLD],
      {
        encoding: 'utf8',
        maxBuffer: 1 << 28,
      },
    );
    assert.equal(r.status, 1, r.stderr);
    // The main thread is one of the jobs.
    assert.ok(r.stderr.endsWith(`scan workers started: ${os.availableParallelism() - 1}\n`), r.stderr.slice(-300));
  } finally {
    t.cleanup();
  }
});

test(
  'worker threads alone (the main thread taking no task) give every outcome, equal to the in-process one but for fix proposals',
  { timeout: 120_000 },
  () => {
    const args = parseArgs(['scan', REALWORLD]) as ScanArgs;
    const scopeOf = scopeFactory(args, new CliConfigs(args), '2026-12-04');
    const files = (fs.readdirSync(REALWORLD, { recursive: true }) as string[])
      .filter((n) => n.endsWith('.yaml'))
      .sort()
      .slice(0, 40)
      .map((n) => path.join(REALWORLD, n));
    const tasks = files.map((file, i) => ({ file, lint: i % 5 !== 0 }));
    const ticks: number[] = [];
    const entry = path.join(REPO_ROOT, 'out', 'server', 'src', 'cli', 'main.js');
    const outcomes = runInThreads(
      entry,
      2,
      { args, today: '2026-12-04', tasks },
      {
        runHere: () => assert.fail('the main thread takes no task'),
        tick: (done) => ticks.push(done),
        stopped: (s) => assert.fail(`worker ${s.worker} stopped`),
        mainTakesTasks: false,
      },
    );
    assert.equal(ticks.at(-1), tasks.length);
    assert.equal(outcomes.length, tasks.length);
    tasks.forEach((t, i) => {
      const here = scanFile(t.file, scopeOf(t.file), t.lint);
      if (here.analysed?.findings) here.analysed.findings = here.analysed.findings.map(({ fix: _fix, ...f }) => f);
      assert.deepEqual(outcomes[i], here, t.file);
    });
    assert.ok(
      outcomes.some((o) => o?.analysed?.findings?.length),
      'findings came back',
    );
    assert.ok(
      outcomes.some((o) => o?.analysed && o.analysed.findings === undefined),
      'index-only outcomes came back',
    );
  },
);

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
