/**
 * The GitHub Action (action.yml): each step's `run` is executed as GitHub would, with bash,
 * the step's `env` (its `${{ inputs.* }}` filled from the given inputs or the defaults
 * action.yml declares), GITHUB_ACTION_PATH, GITHUB_WORKSPACE and GITHUB_OUTPUT. Needs
 * dist/cli.js (`npm run build`), as a built checkout of the action has.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { parse } from 'yaml';
import { pod, tree } from './cli-helpers';

const ROOT = path.resolve(__dirname, '..', '..', '..');

interface Step {
  name: string;
  run: string;
  'working-directory'?: string;
  env?: Record<string, string>;
}
interface Action {
  inputs: Record<string, { default: string }>;
  outputs: Record<string, { value: string }>;
  runs: { using: string; steps: Step[] };
}

const action = parse(fs.readFileSync(path.join(ROOT, 'action.yml'), 'utf8')) as Action;

/** `${{ inputs.x }}` and `${{ github.action_path }}` as the runner expands them. */
function expand(text: string, inputs: Record<string, string>): string {
  return text.replace(/\$\{\{\s*(inputs\.([\w-]+)|github\.action_path)\s*\}\}/g, (_m, _all: string, name: string | undefined) => {
    if (name === undefined) return ROOT;
    const declared = action.inputs[name];
    assert.ok(declared, `action.yml uses undeclared input ${name}`);
    return inputs[name] ?? declared.default;
  });
}

interface ActionRun {
  code: number;
  stdout: string;
  outputs: Record<string, string>;
}

/** Runs every step of the action in `workspace`; stops at the first that fails, as GitHub does. */
function runAction(workspace: string, inputs: Record<string, string> = {}): ActionRun {
  const outputFile = path.join(workspace, '..', 'github-output');
  fs.writeFileSync(outputFile, '');
  let last = { code: 0, stdout: '' };
  for (const step of action.runs.steps) {
    const env: NodeJS.ProcessEnv = { ...process.env, GITHUB_ACTION_PATH: ROOT, GITHUB_WORKSPACE: workspace, GITHUB_OUTPUT: outputFile };
    for (const [k, v] of Object.entries(step.env ?? {})) env[k] = expand(v, inputs);
    const cwd = step['working-directory'] ? expand(step['working-directory'], inputs) : workspace;
    const r = spawnSync('bash', ['-e', '-c', step.run], { cwd, env, encoding: 'utf8' });
    last = { code: r.status ?? -1, stdout: r.stdout };
    if (last.code !== 0) break;
  }
  const outputs = Object.fromEntries(
    fs
      .readFileSync(outputFile, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
  );
  return { ...last, outputs };
}

interface SarifResult {
  ruleId: string;
  level: string;
  locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }[];
}
function sarifOf(file: string): { results: SarifResult[]; executionSuccessful: boolean; notAnalyzed: string[] } {
  const run = JSON.parse(fs.readFileSync(file, 'utf8')).runs[0];
  const invocation = run.invocations[0];
  const notAnalyzed = invocation.toolExecutionNotifications.map(
    (n: { descriptor: { id: string }; message: { text: string } }) => `${n.descriptor.id}: ${n.message.text}`,
  );
  return { results: run.results, executionSuccessful: invocation.executionSuccessful, notAnalyzed };
}
const brief = (r: SarifResult) => [r.ruleId, r.level, r.locations[0]?.physicalLocation.artifactLocation.uri];

const PRIVILEGED = pod('web', { containerExtra: ['privileged: true'] });

function workspace() {
  return tree({
    'ws/k8s/web.yaml': PRIVILEGED,
    'ws/k8s/api.yaml': pod('api'),
    'ws/ci/relaxed.yaml': 'rules:\n  pss-privileged: warning\n',
  });
}

test('action.yml is a composite action whose steps run the one script and expose its outputs', () => {
  assert.equal(action.runs.using, 'composite');
  assert.deepEqual(Object.keys(action.inputs).sort(), ['config', 'fail-on', 'format', 'paths', 'sarif-file']);
  assert.deepEqual(action.outputs['sarif-file'], {
    description: 'The absolute path of the SARIF report.',
    value: '${{ steps.scan.outputs.sarif-file }}',
  });
  assert.equal(action.runs.steps.at(-1)?.run, 'node "$GITHUB_ACTION_PATH/scripts/action/run.mjs"');
});

test('defaults: the SARIF file is the CLI report, with paths relative to the workspace; an error finding fails the step', () => {
  const t = workspace();
  try {
    const r = runAction(t.p('ws'));
    const sarifFile = t.p('ws/kube-guardrails.sarif');
    assert.equal(r.code, 1);
    assert.deepEqual(r.outputs, { 'sarif-file': sarifFile, 'exit-code': '1' });
    const direct = spawnSync(process.execPath, [path.join(ROOT, 'dist/cli.js'), 'scan', '--format', 'sarif', '--', '.'], {
      cwd: t.p('ws'),
      encoding: 'utf8',
    });
    assert.equal(fs.readFileSync(sarifFile, 'utf8'), direct.stdout);
    assert.deepEqual(sarifOf(sarifFile).results.map(brief), [['pss-privileged', 'error', 'k8s/web.yaml']]);
    // The log: the stylish report (format's default), then the summary.
    assert.match(r.stdout, /^k8s\/web\.yaml\n {2}k8s\/web\.yaml:\d+:\d+ +error +.*pss-privileged\n/);
    assert.ok(
      r.stdout.endsWith(`kube-guardrails: 1 error(s), 0 warning(s), 0 info; 1 at or above fail-on=error; SARIF written to ${sarifFile}\n`),
    );
  } finally {
    t.cleanup();
  }
});

test('config and fail-on: a re-levelled warning passes fail-on error and fails fail-on warning', () => {
  const t = workspace();
  try {
    const inputs = { config: 'ci/relaxed.yaml', paths: 'k8s/web.yaml\nk8s/api.yaml', format: 'sarif', 'sarif-file': 'out/scan.sarif' };
    const passing = runAction(t.p('ws'), inputs);
    const sarifFile = t.p('ws/out/scan.sarif');
    assert.deepEqual(passing, {
      code: 0,
      stdout: `kube-guardrails: 0 error(s), 1 warning(s), 0 info; 0 at or above fail-on=error; SARIF written to ${sarifFile}\n`,
      outputs: { 'sarif-file': sarifFile, 'exit-code': '0' },
    });
    assert.deepEqual(sarifOf(sarifFile).results.map(brief), [['pss-privileged', 'warning', 'k8s/web.yaml']]);
    const failing = runAction(t.p('ws'), { ...inputs, 'fail-on': 'warning' });
    assert.equal(failing.code, 1);
    assert.equal(failing.outputs['exit-code'], '1');
    assert.match(failing.stdout, /; 1 at or above fail-on=warning;/);
  } finally {
    t.cleanup();
  }
});

test('a file that cannot be analysed fails the step with 2 whatever fail-on says; the SARIF says why', () => {
  const t = workspace();
  try {
    fs.writeFileSync(t.p('ws/k8s/broken.yaml'), Buffer.from([0x6b, 0x69, 0x6e, 0x64, 0x3a, 0x20, 0xff, 0xfe, 0x0a]));
    const r = runAction(t.p('ws'), { paths: 'k8s/broken.yaml k8s/api.yaml', format: 'sarif', 'fail-on': 'info' });
    assert.equal(r.code, 2);
    assert.equal(r.outputs['exit-code'], '2');
    const sarif = sarifOf(t.p('ws/kube-guardrails.sarif'));
    assert.deepEqual(sarif, {
      results: [],
      executionSuccessful: false,
      notAnalyzed: [
        'encoding: k8s/broken.yaml: skipped: the file is not valid UTF-8 (and has no UTF-16/UTF-32 byte order mark); it was not analysed.',
      ],
    });
  } finally {
    t.cleanup();
  }
});

test('bad inputs stop with 2 and an error annotation, before any scan', () => {
  const t = workspace();
  try {
    const badFailOn = runAction(t.p('ws'), { 'fail-on': 'critical' });
    assert.deepEqual(badFailOn, {
      code: 2,
      stdout: '::error title=kube-guardrails::fail-on must be error, warning or info, not "critical"\n',
      outputs: { 'exit-code': '2' },
    });
    const badFormat = runAction(t.p('ws'), { format: 'html' });
    assert.equal(badFormat.code, 2);
    assert.equal(badFormat.stdout, '::error title=kube-guardrails::format must be one of stylish, json, github, sarif, not "html"\n');
    assert.equal(fs.existsSync(t.p('ws/kube-guardrails.sarif')), false);
    // A config the CLI rejects: exit 2, the CLI's own message on stderr, no SARIF results.
    fs.writeFileSync(t.p('ws/ci/bad.yaml'), 'profle: baseline\n');
    const badConfig = runAction(t.p('ws'), { config: 'ci/bad.yaml', format: 'sarif' });
    assert.deepEqual([badConfig.code, badConfig.stdout, badConfig.outputs['exit-code']], [2, '', '2']);
    assert.equal(fs.readFileSync(t.p('ws/kube-guardrails.sarif'), 'utf8'), '');
  } finally {
    t.cleanup();
  }
});
