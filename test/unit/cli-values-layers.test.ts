import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { cli, tree } from './cli-helpers';

/**
 * The config's `helm.charts` values are a layer under the command line's values flags: any
 * flag (`--values`, `--set-json`, `--set-file`, ...) beats any config entry (`valuesFiles`,
 * `set`), as flags given last do in helm; within each layer helm's own order holds.
 */

interface JsonFinding {
  ruleId: string;
  file: string;
  message: string;
  range: { start: { line: number; character: number } };
  valuesPath?: string;
}

function chart(config: string, extra: Record<string, string> = {}) {
  return tree({
    '.kube-guardrails.yaml': config,
    'demo/Chart.yaml': 'apiVersion: v2\nname: demo\nversion: 0.1.0\n',
    'demo/values.yaml': 'image: nginx:1.27\n',
    'demo/templates/pod.yaml':
      'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: app\n      image: {{ .Values.image | quote }}\n',
    ...extra,
  });
}

/** The scan's image-tag-latest findings as `file:line valuesPath image`, and its errors. */
function latest(root: string, ...flags: string[]) {
  const r = cli('scan', '-f', 'json', `${root}/demo`, ...flags);
  const report = JSON.parse(r.stdout) as { findings: JsonFinding[]; errors: unknown[] };
  const found = report.findings
    .filter((f) => f.ruleId === 'image-tag-latest')
    .map(
      (f) => `${f.file.slice(root.length + 1)}:${f.range.start.line + 1} ${f.valuesPath ?? '-'} ${/image "([^"]*)"/.exec(f.message)?.[1]}`,
    );
  return { found, errors: report.errors, stderr: r.stderr };
}

const CONFIG_SETS_LATEST = 'helm:\n  charts:\n    demo:\n      set: [image=nginx:latest]\n';

test('a command-line flag beats the config `set`: --values, --set-json, --set-file, --set each give the image', () => {
  const t = chart(CONFIG_SETS_LATEST, { 'extra.yaml': 'image: nginx:1.26\n', 'image.txt': 'nginx:1.25' });
  try {
    // The config's `set` alone: the latest tag, on the template line (a --set value is on no values key).
    assert.deepEqual(latest(t.root), { found: ['demo/templates/pod.yaml:8 - nginx:latest'], errors: [], stderr: '' });
    for (const flags of [
      ['--values', t.p('extra.yaml')],
      ['--set-json', 'image="nginx:1.26"'],
      ['--set-file', `image=${t.p('image.txt')}`],
      ['--set', 'image=nginx:1.26'],
    ]) {
      assert.deepEqual(latest(t.root, ...flags), { found: [], errors: [], stderr: '' }, flags.join(' '));
    }
  } finally {
    t.cleanup();
  }
});

test('a --values file over the config `set` is where the value comes from: the finding is on its key', () => {
  const t = chart('helm:\n  charts:\n    demo:\n      set: [image=nginx:1.26]\n', { 'extra.yaml': 'image: nginx:latest\n' });
  try {
    assert.deepEqual(latest(t.root), { found: [], errors: [], stderr: '' });
    assert.deepEqual(latest(t.root, '--values', t.p('extra.yaml')), {
      found: ['extra.yaml:1 image nginx:latest'],
      errors: [],
      stderr: '',
    });
  } finally {
    t.cleanup();
  }
});

test('within the config layer helm order holds (its `set` beats its `valuesFiles`), and the flags still beat both', () => {
  const t = chart('helm:\n  charts:\n    demo:\n      valuesFiles: [demo/prod.yaml]\n      set: [image=nginx:latest]\n', {
    'demo/prod.yaml': 'image: nginx:1.20\n',
    'extra.yaml': 'image: nginx:1.26\n',
  });
  try {
    assert.deepEqual(latest(t.root), { found: ['demo/templates/pod.yaml:8 - nginx:latest'], errors: [], stderr: '' });
    assert.deepEqual(latest(t.root, '--values', t.p('extra.yaml')), { found: [], errors: [], stderr: '' });
  } finally {
    t.cleanup();
  }
});
