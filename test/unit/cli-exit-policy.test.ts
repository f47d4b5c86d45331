import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { escapeData, escapeProperty } from '../../server/src/cli/format/github';
import { cli, inFolder, pod, tree } from './cli-helpers';

/** `--fail-on`, `--max-warnings`, `--quiet`, `--output` and `--format github`. */

/** A hardened Pod and its ServiceAccount but no NetworkPolicy: one warning and two info findings. */
const WARN = ((p: string) => p.slice(0, p.lastIndexOf('---\n')))(pod('web'));
/** The same plus a privileged container: one error too. */
const ERROR_AND_WARN = ((p: string) => p.slice(0, p.lastIndexOf('---\n')))(pod('web', { containerExtra: ['privileged: true'] }));
const WARN_ROWS = [
  'warn.yaml',
  '  warn.yaml:4:3  info     Namespace "shop" has workloads but no default-deny NetworkPolicy for ingress.  netpol-default-deny',
  '  warn.yaml:4:3  info     Pod "web" in namespace "shop" is selected by no NetworkPolicy for egress: it can connect to any destination.  netpol-egress-isolation',
  '  warn.yaml:4:3  warning  Pod "web" in namespace "shop" is selected by no NetworkPolicy for ingress: every source can connect to it.  netpol-ingress-isolation',
  '',
  '3 problems (0 errors, 1 warning, 2 info) in 1 file.',
  '',
].join('\n');

test('--fail-on: exit 1 when a finding at or above the level remains (default error)', () => {
  const t = tree({ 'warn.yaml': WARN });
  try {
    inFolder(t.root, () => {
      const plain = cli('scan', '--no-config', 'warn.yaml');
      assert.deepEqual(plain, { code: 0, stdout: WARN_ROWS, stderr: '' });
      assert.deepEqual(cli('scan', '--no-config', '--fail-on', 'error', 'warn.yaml'), plain);
      assert.deepEqual(cli('scan', '--no-config', '--fail-on', 'warning', 'warn.yaml'), { ...plain, code: 1 });
      assert.deepEqual(cli('scan', '--no-config', '--fail-on=info', 'warn.yaml'), { ...plain, code: 1 });
    });
  } finally {
    t.cleanup();
  }
});

test('--max-warnings N: exit 1 with a reason on stderr when more than N warnings remain', () => {
  const t = tree({ 'warn.yaml': WARN });
  try {
    inFolder(t.root, () => {
      assert.deepEqual(cli('scan', '--no-config', '--max-warnings', '1', 'warn.yaml'), { code: 0, stdout: WARN_ROWS, stderr: '' });
      assert.deepEqual(cli('scan', '--no-config', '--max-warnings', '0', 'warn.yaml'), {
        code: 1,
        stdout: WARN_ROWS,
        stderr: 'kube-guardrails: too many warnings (1; --max-warnings allows 0).\n',
      });
    });
  } finally {
    t.cleanup();
  }
});

test('--quiet reports error findings only; the exit policy still counts every finding', () => {
  const t = tree({ 'bad.yaml': ERROR_AND_WARN, 'warn.yaml': WARN });
  try {
    inFolder(t.root, () => {
      assert.deepEqual(cli('scan', '--no-config', '--quiet', 'bad.yaml'), {
        code: 1,
        stdout: [
          'bad.yaml',
          '  bad.yaml:27:9  error  Container "app" of Pod "web" is privileged.  pss-privileged',
          '',
          '1 problem (1 error, 0 warnings, 0 info) in 1 file.',
          '',
        ].join('\n'),
        stderr: '',
      });
      const quietJson = JSON.parse(cli('scan', '--no-config', '--quiet', '-f', 'json', 'bad.yaml').stdout) as {
        findings: Array<{ ruleId: string }>;
      };
      assert.deepEqual(
        quietJson.findings.map((f) => f.ruleId),
        ['pss-privileged'],
      );
      assert.deepEqual(cli('scan', '--no-config', '--quiet', '--fail-on', 'warning', 'warn.yaml'), {
        code: 1,
        stdout: 'No problems found in 1 file.\n',
        stderr: '',
      });
      assert.equal(
        cli('scan', '--no-config', '--quiet', '--max-warnings', '0', 'warn.yaml').stderr,
        'kube-guardrails: too many warnings (1; --max-warnings allows 0).\n',
      );
    });
  } finally {
    t.cleanup();
  }
});

test('exit 2 (not analysed) still wins over every policy', () => {
  const t = tree({ 'warn.yaml': WARN });
  try {
    fs.writeFileSync(t.p('binary.yaml'), Buffer.from([0x61, 0x00, 0x62]));
    const r = cli('scan', '--no-config', '--fail-on', 'info', '--max-warnings', '0', '--quiet', t.root);
    assert.equal(r.code, 2);
    assert.equal(r.stderr, `kube-guardrails: ${t.p('binary.yaml')}: skipped: the file contains NUL bytes and looks binary, not YAML.\n`);
  } finally {
    t.cleanup();
  }
});

test('--output writes the report to a file (stdout stays empty), never over a scanned file', () => {
  const t = tree({ 'warn.yaml': WARN, 'out/.keep': '' });
  try {
    inFolder(t.root, () => {
      const r = cli('scan', '--no-config', '--output', 'out/report.txt', 'warn.yaml');
      assert.deepEqual(r, { code: 0, stdout: '', stderr: '' });
      assert.equal(fs.readFileSync(t.p('out/report.txt'), 'utf8'), WARN_ROWS);
      const json = cli('scan', '--no-config', '-f', 'json', '-o', 'out/report.json', '--fail-on', 'warning', 'warn.yaml');
      assert.deepEqual(json, { code: 1, stdout: '', stderr: '' });
      assert.equal(fs.readFileSync(t.p('out/report.json'), 'utf8'), cli('scan', '--no-config', '-f', 'json', 'warn.yaml').stdout);

      const clash = cli('scan', '--no-config', '--output', './warn.yaml', '.');
      assert.deepEqual(clash, {
        code: 2,
        stdout: '',
        stderr: 'kube-guardrails: --output ./warn.yaml: is one of the scanned files; the report would overwrite it\n',
      });
      assert.equal(fs.readFileSync(t.p('warn.yaml'), 'utf8'), WARN);
      const missing = cli('scan', '--no-config', '--output', 'nowhere/report.txt', 'warn.yaml');
      assert.equal(missing.code, 2);
      assert.match(missing.stderr, /^kube-guardrails: --output nowhere\/report\.txt: cannot write the report: ENOENT/);
    });
  } finally {
    t.cleanup();
  }
});

test('bad values of the policy flags are usage errors', () => {
  const usage = (...argv: string[]) => {
    const r = cli('scan', ...argv, 'x.yaml');
    assert.equal(r.code, 2);
    return r.stderr.split('\n')[0];
  };
  assert.equal(usage('--fail-on', 'fatal'), 'kube-guardrails: --fail-on must be error, warning or info, not "fatal"');
  assert.equal(usage('--max-warnings', '-1'), 'kube-guardrails: --max-warnings must be a whole number (0 or more), not "-1"');
  assert.equal(usage('--max-warnings=1e3'), 'kube-guardrails: --max-warnings must be a whole number (0 or more), not "1e3"');
  assert.equal(usage('--format', 'xml'), 'kube-guardrails: --format must be stylish, json, sarif or github, not "xml"');
  assert.equal(cli('scan', 'x.yaml', '--output').stderr.split('\n')[0], 'kube-guardrails: --output needs a value');
});

test('--format github: one workflow command per finding, 1-based positions, rule id as title', () => {
  const t = tree({ 'warn.yaml': WARN, 'bad.yaml': ERROR_AND_WARN });
  try {
    const r = inFolder(t.root, () => cli('scan', '--no-config', '-f', 'github', 'bad.yaml'));
    assert.equal(r.code, 1);
    assert.equal(r.stderr, '');
    const at = 'file=bad.yaml,line=4,col=3,endLine=4,endColumn=12';
    assert.equal(
      r.stdout,
      [
        `::notice ${at},title=netpol-default-deny::Namespace "shop" has workloads but no default-deny NetworkPolicy for ingress.`,
        `::notice ${at},title=netpol-egress-isolation::Pod "web" in namespace "shop" is selected by no NetworkPolicy for egress: it can connect to any destination.`,
        `::warning ${at},title=netpol-ingress-isolation::Pod "web" in namespace "shop" is selected by no NetworkPolicy for ingress: every source can connect to it.`,
        '::error file=bad.yaml,line=27,col=9,endLine=27,endColumn=25,title=pss-privileged::Container "app" of Pod "web" is privileged.',
        '',
      ].join('\n'),
    );
  } finally {
    t.cleanup();
  }
});

test('--format github escapes as the Actions toolkit does: no file name or message can end the command or start another', () => {
  assert.equal(escapeData('50%\r\nnext: a, b'), '50%25%0D%0Anext: a, b');
  assert.equal(escapeProperty('50%\r\nnext: a, b'), '50%25%0D%0Anext%3A a%2C b');
  const t = tree({});
  try {
    fs.writeFileSync(t.p('a,b:c%d.yaml'), Buffer.from([0x00]));
    fs.writeFileSync(t.p('x\n::error::forged.yaml'), Buffer.from([0x00]));
    const r = inFolder(t.root, () => cli('scan', '--no-config', '-f', 'github', '.'));
    assert.equal(r.code, 2);
    const binary = 'skipped: the file contains NUL bytes and looks binary, not YAML.';
    assert.equal(
      r.stdout,
      [
        `::error file=a%2Cb%3Ac%25d.yaml,title=not analysed%3A binary::a,b:c%25d.yaml: ${binary}`,
        `::error file=x\\n%3A%3Aerror%3A%3Aforged.yaml,title=not analysed%3A binary::x\\n::error::forged.yaml: ${binary}`,
        '',
      ].join('\n'),
    );
  } finally {
    t.cleanup();
  }
});
