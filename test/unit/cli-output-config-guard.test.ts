import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import { cli, inFolder, tree } from './cli-helpers';

/** A Deployment with findings and verified fixes (its container has no securityContext). */
const DEPLOYMENT =
  'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  namespace: shop\nspec:\n  selector:\n    matchLabels: {app: web}\n  template:\n    metadata:\n      labels: {app: web}\n    spec:\n      containers:\n        - name: app\n          image: nginx:1.27\n';
const CONFIG = 'rules:\n  yaml-syntax: error\n';

const SCAN_CLASH = (target: string) => `kube-guardrails: --output ${target}: is one of the scanned files; the report would overwrite it\n`;
const FIX_CLASH = (target: string) =>
  `kube-guardrails: --output ${target}: is one of the scanned files; the report would overwrite it; nothing was written.\n`;
const REPORT_CLASH = (target: string) =>
  `kube-guardrails report: --output ${target}: is one of the scanned files; the report would overwrite it\n`;

/**
 * The config a scan read is one of the files it read: `-o` naming it is refused, with or
 * without --fix (which then writes no fix either), and `report -o` the same, whether the
 * config was named by --config or found above the scanned folder.
 */
for (const { name, configFile, configArgs } of [
  { name: '--config <file>', configFile: 'cfg.yaml', configArgs: ['--config', 'cfg.yaml'] },
  { name: 'the .kube-guardrails.yaml found above the scanned folder', configFile: '.kube-guardrails.yaml', configArgs: [] },
]) {
  test(`--output refuses ${name}: scan, scan --fix and report leave the config and the manifest unchanged`, () => {
    const t = tree({ 'app/deploy.yaml': DEPLOYMENT, [configFile]: CONFIG });
    try {
      inFolder(t.root, () => {
        assert.deepEqual(cli('scan', 'app', ...configArgs, '-o', configFile), { code: 2, stdout: '', stderr: SCAN_CLASH(configFile) });
        assert.deepEqual(cli('scan', 'app', ...configArgs, '--fix', '-o', configFile), {
          code: 2,
          stdout: '',
          stderr: FIX_CLASH(configFile),
        });
        assert.deepEqual(cli('report', 'app', ...configArgs, '--format', 'json', '-o', configFile), {
          code: 2,
          stdout: '',
          stderr: REPORT_CLASH(configFile),
        });
        // A file beside it that no command read is written: the refusal is about the config.
        const plain = cli('scan', 'app', ...configArgs, '-f', 'json');
        assert.ok(plain.stdout.includes('"ruleId"'), 'the manifest has findings');
        assert.deepEqual(cli('scan', 'app', ...configArgs, '-f', 'json', '-o', 'out.json'), { code: plain.code, stdout: '', stderr: '' });
        assert.equal(fs.readFileSync('out.json', 'utf8'), plain.stdout);
      });
      assert.equal(fs.readFileSync(t.p(configFile), 'utf8'), CONFIG);
      assert.equal(fs.readFileSync(t.p('app/deploy.yaml'), 'utf8'), DEPLOYMENT);
    } finally {
      t.cleanup();
    }
  });
}

test('--no-config reads no config: -o may name the file (it is not read, so it is replaced by the report)', () => {
  const t = tree({ 'app/deploy.yaml': DEPLOYMENT, '.kube-guardrails.yaml': CONFIG });
  try {
    inFolder(t.root, () => {
      const plain = cli('scan', 'app', '--no-config', '-f', 'json');
      assert.deepEqual(cli('scan', 'app', '--no-config', '-f', 'json', '-o', '.kube-guardrails.yaml'), {
        code: plain.code,
        stdout: '',
        stderr: '',
      });
      assert.equal(fs.readFileSync('.kube-guardrails.yaml', 'utf8'), plain.stdout);
    });
  } finally {
    t.cleanup();
  }
});

test('--output refuses the config above a scanned folder that holds no file to scan (nothing loaded it, the scan would have)', () => {
  const t = tree({ 'empty/README.md': 'no manifests\n', '.kube-guardrails.yaml': CONFIG });
  try {
    inFolder(t.root, () => {
      assert.deepEqual(cli('scan', 'empty', '-o', '.kube-guardrails.yaml'), {
        code: 2,
        stdout: '',
        stderr: SCAN_CLASH('.kube-guardrails.yaml'),
      });
    });
    assert.equal(fs.readFileSync(t.p('.kube-guardrails.yaml'), 'utf8'), CONFIG);
  } finally {
    t.cleanup();
  }
});

const CHART = 'apiVersion: v2\nname: c\nversion: 0.1.0\n';

test('--output refuses a file a chart asked for but could not take (over the size cap, or not UTF-8): it was still the build input', () => {
  const big = 'x'.repeat(9_000_000);
  const notUtf8 = Buffer.from('img: "\xff"\n', 'latin1');
  const t = tree({
    'c/Chart.yaml': CHART,
    'c/templates/cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata:\n  n: "{{ .Files.Get "big.txt" | len }}"\n',
    'c/big.txt': big,
  });
  fs.writeFileSync(t.p('bin.yaml'), notUtf8);
  try {
    inFolder(t.root, () => {
      const sizeCapped = cli('scan', 'c', '-o', 'c/big.txt');
      assert.equal(sizeCapped.code, 2);
      assert.equal(sizeCapped.stderr, SCAN_CLASH('c/big.txt'));
      const refused = cli('scan', 'c', '--values', 'bin.yaml', '-o', 'bin.yaml');
      assert.equal(refused.code, 2);
      assert.ok(refused.stderr.endsWith(SCAN_CLASH('bin.yaml')), refused.stderr);
    });
    assert.equal(fs.readFileSync(t.p('c/big.txt'), 'utf8'), big);
    assert.deepEqual(fs.readFileSync(t.p('bin.yaml')), notUtf8);
  } finally {
    t.cleanup();
  }
});
