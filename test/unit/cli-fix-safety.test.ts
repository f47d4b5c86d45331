import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { parseArgs, type ScanArgs } from '../../server/src/cli/args';
import { scanWithFixes, type Scan } from '../../server/src/cli/fix';
import { DEFAULT_OPTIONS } from '../../server/src/core/engine/options';
import { lintFile, type FileScope } from '../../server/src/core/lint';
import { cli, pod, tree } from './cli-helpers';

/** What `--fix` must never do: write over a file that changed after it was read, or write a file twice. */

const PRIVILEGED = pod('web', { containerExtra: ['privileged: true'] });
const SCOPE: FileScope = { options: DEFAULT_OPTIONS, strict: false };

test('--fix leaves alone a file that changed between the scan that planned the fix and the write', () => {
  const t = tree({ 'bad.yaml': PRIVILEGED });
  try {
    const file = t.p('bad.yaml');
    const scans: string[] = [];
    // The first scan plans the fix from what it read, then someone saves the file before --fix writes.
    const scan: Scan = (_args, _io, hooks) => {
      const fixes = hooks?.fixes;
      scans.push(fixes ? 'planning' : 'report');
      if (fixes) {
        const bytes = fs.readFileSync(file);
        fixes.addFile(file, bytes, lintFile(bytes.toString('utf8'), SCOPE), SCOPE);
        fs.writeFileSync(file, PRIVILEGED.replace('name: web', 'name: edited'));
      }
      return 0;
    };
    let stderr = '';
    const code = scanWithFixes(parseArgs(['scan', '--fix', file]) as ScanArgs, { stdout: () => {}, stderr: (s) => (stderr += s) }, scan);
    assert.equal(code, 0);
    assert.deepEqual(scans, ['planning', 'report']);
    assert.equal(stderr, `kube-guardrails: ${file}: not fixed: it changed during the scan.\n`);
    assert.equal(fs.readFileSync(file, 'utf8'), PRIVILEGED.replace('name: web', 'name: edited'));
  } finally {
    t.cleanup();
  }
});

test('--fix leaves an exempted finding as written: only final findings are fixed', () => {
  const exempt = ['exemptions:', '  - rules: [pss-privileged]', '    names: ["legacy-*"]', '    reason: legacy agent, INFRA-42', ''].join(
    '\n',
  );
  const legacy = pod('legacy-agent', { containerExtra: ['privileged: true'] });
  const t = tree({ '.kube-guardrails.yaml': exempt, 'legacy.yaml': legacy, 'web.yaml': PRIVILEGED });
  try {
    const r = cli('scan', '--fix', t.root);
    assert.deepEqual(r, { code: 0, stdout: 'No problems found in 2 files.\n', stderr: '' });
    assert.equal(fs.readFileSync(t.p('legacy.yaml'), 'utf8'), legacy);
    assert.equal(fs.readFileSync(t.p('web.yaml'), 'utf8'), PRIVILEGED.replace('privileged: true', 'privileged: false'));
  } finally {
    t.cleanup();
  }
});

test('--fix twice: the second run finds nothing to fix and writes nothing', () => {
  const t = tree({ 'bad.yaml': PRIVILEGED });
  try {
    assert.equal(cli('scan', '--no-config', '--fix', t.p('bad.yaml')).code, 0);
    const after = fs.statSync(t.p('bad.yaml')).mtimeMs;
    const again = cli('scan', '--no-config', '--fix', t.p('bad.yaml'));
    assert.deepEqual(again, { code: 0, stdout: 'No problems found in 1 file.\n', stderr: '' });
    assert.equal(fs.statSync(t.p('bad.yaml')).mtimeMs, after);
    assert.equal(cli('scan', '--no-config', '--fix-dry-run', t.p('bad.yaml')).stdout, '');
  } finally {
    t.cleanup();
  }
});

test('--help documents every report, exit-policy and fix flag', () => {
  const help = cli('--help').stdout;
  for (const flag of [
    '--fix ',
    '--fix-dry-run ',
    '--fail-on error|warning|info',
    '--max-warnings <n>',
    '--quiet ',
    '-o, --output <file>',
    'stylish|json|sarif|github',
  ]) {
    assert.ok(help.includes(flag), flag);
  }
});
