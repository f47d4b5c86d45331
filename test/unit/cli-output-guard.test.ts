import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { SHARED } from '../helpers';
import { cli, inFolder, tree } from './cli-helpers';

/** A Deployment with findings and verified fixes (its container has no securityContext). */
const DEPLOYMENT =
  'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  namespace: shop\nspec:\n  selector:\n    matchLabels: {app: web}\n  template:\n    metadata:\n      labels: {app: web}\n    spec:\n      containers:\n        - name: app\n          image: nginx:1.27\n';

const SCAN_CLASH = (target: string) => `kube-guardrails: --output ${target}: is one of the scanned files; the report would overwrite it\n`;
const REPORT_CLASH = (target: string) =>
  `kube-guardrails report: --output ${target}: is one of the scanned files; the report would overwrite it\n`;

test('--output refuses a hard link to a scanned file (scan, report, scan --fix): the manifest keeps its bytes', () => {
  const t = tree({ 'app/deploy.yaml': DEPLOYMENT });
  try {
    fs.linkSync(t.p('app/deploy.yaml'), t.p('hard.yaml'));
    inFolder(t.root, () => {
      assert.deepEqual(cli('scan', '--no-config', 'app', '-o', 'hard.yaml'), { code: 2, stdout: '', stderr: SCAN_CLASH('hard.yaml') });
      assert.deepEqual(cli('report', 'app', '--format', 'markdown', '-o', 'hard.yaml'), {
        code: 2,
        stdout: '',
        stderr: REPORT_CLASH('hard.yaml'),
      });
      assert.deepEqual(cli('scan', '--no-config', '--fix', 'app', '-o', 'hard.yaml'), {
        code: 2,
        stdout: '',
        stderr: 'kube-guardrails: --output hard.yaml is a file --fix would change; nothing was written.\n',
      });
    });
    assert.equal(fs.readFileSync(t.p('app/deploy.yaml'), 'utf8'), DEPLOYMENT);
    // A new file, and an existing file that is no scanned one, are written.
    fs.writeFileSync(t.p('old.txt'), 'old');
    const report = cli('scan', '--no-config', '-f', 'json', t.p('app'));
    assert.ok(report.stdout.includes('"ruleId"'), 'the manifest has findings');
    for (const out of [t.p('new.txt'), t.p('old.txt')]) {
      const r = cli('scan', '--no-config', '-f', 'json', t.p('app'), '-o', out);
      assert.deepEqual(r, { code: report.code, stdout: '', stderr: '' });
      assert.equal(fs.readFileSync(out, 'utf8'), report.stdout);
    }
  } finally {
    t.cleanup();
  }
});

test('--output refuses the files a chart render read: a template helper (.tpl) and a --values file outside the scanned folder', () => {
  const t = tree({});
  try {
    fs.cpSync(path.join(SHARED, 'corpus', 'helm', 'helm-create'), t.p('hh'), { recursive: true });
    const helpers = t.p('hh/chart/templates/_helpers.tpl');
    const values = t.p('hh/values-secure.yaml');
    const before = [fs.readFileSync(helpers, 'utf8'), fs.readFileSync(values, 'utf8')];
    assert.ok(before[0]!.includes('{{- define'), 'the helpers define templates the chart uses');
    for (const target of [helpers, t.p('hh/chart/templates/../templates/_helpers.tpl')]) {
      assert.deepEqual(cli('scan', t.p('hh/chart'), '-o', target), { code: 2, stdout: '', stderr: SCAN_CLASH(target) });
      assert.deepEqual(cli('report', t.p('hh/chart'), '--format', 'json', '-o', target), {
        code: 2,
        stdout: '',
        stderr: REPORT_CLASH(target),
      });
    }
    assert.deepEqual(cli('scan', t.p('hh/chart'), '--values', values, '-o', values), { code: 2, stdout: '', stderr: SCAN_CLASH(values) });
    assert.deepEqual([fs.readFileSync(helpers, 'utf8'), fs.readFileSync(values, 'utf8')], before);
  } finally {
    t.cleanup();
  }
});

test('--output refuses the files a kustomization read that the walk does not list: a JSON patch, a generator file', () => {
  const t = tree({
    'app/kustomization.yaml':
      'resources: [deploy.yaml]\npatches:\n  - path: patch.json\n    target: {kind: Deployment, name: web}\nconfigMapGenerator:\n  - name: settings\n    files: [app.properties]\n',
    'app/deploy.yaml': DEPLOYMENT,
    'app/patch.json': '[{"op": "replace", "path": "/spec/template/spec/containers/0/image", "value": "nginx:1.28"}]\n',
    'app/app.properties': 'mode=prod\n',
  });
  try {
    for (const name of ['patch.json', 'app.properties']) {
      const target = t.p(`app/${name}`);
      const before = fs.readFileSync(target, 'utf8');
      assert.deepEqual(cli('scan', '--no-config', t.p('app'), '-o', target), { code: 2, stdout: '', stderr: SCAN_CLASH(target) });
      assert.deepEqual(cli('report', t.p('app'), '--format', 'json', '-o', target), {
        code: 2,
        stdout: '',
        stderr: REPORT_CLASH(target),
      });
      assert.equal(fs.readFileSync(target, 'utf8'), before);
    }
    // The build really read both: the patched image and the generated ConfigMap's data.
    const built = cli('render', t.p('app')).stdout;
    assert.ok(built.includes('image: nginx:1.28\n') && built.includes('app.properties: |\n    mode=prod\n'), built);
  } finally {
    t.cleanup();
  }
});

test('--output - is a usage error (the report already goes to standard output): no file named - is written', () => {
  const t = tree({ 'app/deploy.yaml': DEPLOYMENT });
  try {
    inFolder(t.root, () => {
      for (const [argv, flag] of [
        [['scan', 'app', '-o', '-'], '-o'],
        [['scan', 'app', '--output=-'], '--output'],
        [['report', 'app', '--output', '-'], '--output'],
      ] as const) {
        const r = cli(...argv);
        assert.equal(r.code, 2);
        assert.equal(r.stdout, '');
        const first = r.stderr.split('\n')[0];
        assert.equal(
          first,
          `kube-guardrails: ${flag} -: the report goes to standard output without ${flag}; for a file named -, write ./-`,
        );
      }
      assert.equal(fs.existsSync('-'), false);
      // A file named - when asked for by a path.
      assert.equal(cli('scan', '--no-config', 'app', '-o', './-').code, 0);
      assert.equal(fs.readFileSync('-', 'utf8'), cli('scan', '--no-config', 'app').stdout);
    });
  } finally {
    t.cleanup();
  }
});

test('scan --fix -o <a file the scan reads but does not fix> writes nothing: neither the fixes nor the report', () => {
  const patch = '[{"op": "replace", "path": "/spec/template/spec/containers/0/image", "value": "nginx:1.28"}]\n';
  const t = tree({
    'app/kustomization.yaml': 'resources: [deploy.yaml]\npatches:\n  - path: patch.json\n    target: {kind: Deployment, name: web}\n',
    'app/deploy.yaml': DEPLOYMENT,
    'app/patch.json': patch,
    'plain/deploy.yaml': DEPLOYMENT,
    'plain/notes.yaml': 'title: not a manifest\n',
  });
  try {
    const fixClash = (target: string) =>
      `kube-guardrails: --output ${target}: is one of the scanned files; the report would overwrite it; nothing was written.\n`;
    // A kustomize patch the build read (not walked: a .json), and a walked file with no fix.
    for (const [dir, target] of [
      ['app', t.p('app/patch.json')],
      ['plain', t.p('plain/notes.yaml')],
    ] as const) {
      assert.deepEqual(cli('scan', '--no-config', '--fix', t.p(dir), '-o', target), { code: 2, stdout: '', stderr: fixClash(target) });
      assert.equal(fs.readFileSync(t.p(`${dir}/deploy.yaml`), 'utf8'), DEPLOYMENT, `${dir}: no fix was written`);
    }
    assert.equal(fs.readFileSync(t.p('app/patch.json'), 'utf8'), patch);
    assert.equal(fs.readFileSync(t.p('plain/notes.yaml'), 'utf8'), 'title: not a manifest\n');
    // The same scans with a fresh output file fix the manifests.
    const fixed = cli('scan', '--no-config', '--fix', t.p('app'), t.p('plain'), '-o', t.p('report.txt'));
    assert.equal(fixed.stdout, '');
    assert.notEqual(fs.readFileSync(t.p('app/deploy.yaml'), 'utf8'), DEPLOYMENT);
    assert.notEqual(fs.readFileSync(t.p('plain/deploy.yaml'), 'utf8'), DEPLOYMENT);
  } finally {
    t.cleanup();
  }
});
