import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import { cli, tree } from './cli-helpers';

const DEPLOYMENT =
  'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  namespace: shop\nspec:\n  selector:\n    matchLabels: {app: web}\n  template:\n    metadata:\n      labels: {app: web}\n    spec:\n      containers:\n        - name: app\n          image: nginx:1.27\n';

test('report --output never writes over a file the report read (as scan --output), by any path to it', () => {
  const t = tree({ 'app/deploy.yaml': DEPLOYMENT, 'out/.keep': '' });
  fs.symlinkSync(t.p('app/deploy.yaml'), t.p('out/link.yaml'));
  try {
    for (const target of [t.p('app/deploy.yaml'), t.p('out/link.yaml'), `${t.root}/app/../app/deploy.yaml`]) {
      const r = cli('report', t.p('app'), '--format', 'markdown', '--output', target);
      assert.deepEqual(r, {
        code: 2,
        stdout: '',
        stderr: `kube-guardrails report: --output ${target}: is one of the scanned files; the report would overwrite it\n`,
      });
      assert.equal(fs.readFileSync(t.p('app/deploy.yaml'), 'utf8'), DEPLOYMENT);
    }
    // Beside the files read, or over a file that was not read: written, as before.
    const written = cli('report', t.p('app'), '--format', 'markdown', '--output', t.p('out/map.md'));
    assert.deepEqual(written, { code: 0, stdout: '', stderr: '' });
    assert.equal(fs.readFileSync(t.p('out/map.md'), 'utf8'), cli('report', t.p('app'), '--format', 'markdown').stdout);
    const missing = cli('report', t.p('app'), '--output', t.p('nowhere/map.html'));
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /^kube-guardrails report: --output .*nowhere\/map\.html: cannot write the report: ENOENT/);
  } finally {
    t.cleanup();
  }
});
