import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { runCli } from '../../server/src/cli/main';
import { cli, inFolder, pod, tree } from './cli-helpers';

/** `scan --fix` and `--fix-dry-run`: the editor's fix-all, applied to files or printed as a diff. */

const PRIVILEGED = pod('web', { containerExtra: ['privileged: true'] });
const FIXED = pod('web', { containerExtra: ['privileged: false'] });
/** The diff of PRIVILEGED's fix (its container's securityContext ends on line 27). */
const diffOf = (name: string, eol = '') =>
  [
    `--- a/${name}`,
    `+++ b/${name}`,
    '@@ -24,7 +24,7 @@',
    `         readOnlyRootFilesystem: true${eol}`,
    `         capabilities:${eol}`,
    `           drop: [ALL]${eol}`,
    `-        privileged: true${eol}`,
    `+        privileged: false${eol}`,
    ` ---${eol}`,
    ` apiVersion: v1${eol}`,
    ` kind: ServiceAccount${eol}`,
    '',
  ].join('\n');

test('--fix writes the fix, leaves a file with nothing to fix byte for byte alone, and reports what remains', () => {
  const t = tree({ 'bad.yaml': PRIVILEGED, 'ok.yaml': pod('ok') });
  try {
    const okBefore = fs.statSync(t.p('ok.yaml')).mtimeMs;
    const r = cli('scan', '--no-config', '--fix', t.root);
    assert.equal(r.stderr, '');
    assert.equal(r.stdout, 'No problems found in 2 files.\n');
    assert.equal(r.code, 0);
    assert.equal(fs.readFileSync(t.p('bad.yaml'), 'utf8'), FIXED);
    assert.equal(fs.readFileSync(t.p('ok.yaml'), 'utf8'), pod('ok'));
    assert.equal(fs.statSync(t.p('ok.yaml')).mtimeMs, okBefore, 'a file with no fix is not rewritten');
  } finally {
    t.cleanup();
  }
});

test('--fix keeps a byte order mark, CRLF line breaks and a missing final line break outside the edit', () => {
  const crlf = PRIVILEGED.replace(/\n/g, '\r\n').replace(/\r\n$/, '');
  const t = tree({});
  try {
    fs.writeFileSync(t.p('bom.yaml'), Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(crlf)]));
    fs.writeFileSync(t.p('utf16.yaml'), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(PRIVILEGED, 'utf16le')]));
    const r = cli('scan', '--no-config', '--fix', t.root);
    assert.equal(r.stdout, 'No problems found in 2 files.\n');
    assert.equal(r.code, 0);
    const expected = FIXED.replace(/\n/g, '\r\n').replace(/\r\n$/, '');
    assert.deepEqual(fs.readFileSync(t.p('bom.yaml')), Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(expected)]));
    assert.deepEqual(fs.readFileSync(t.p('utf16.yaml')), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(FIXED, 'utf16le')]));
  } finally {
    t.cleanup();
  }
});

test('--fix fixes only the final findings: a suppressed finding is left as written, so the file is not touched', () => {
  const suppressed = pod('web', {
    comment: '# kube-guardrails-disable-next-line pss-privileged -- node agent',
    containerExtra: ['privileged: true'],
  });
  const t = tree({ 'agent.yaml': suppressed });
  try {
    const r = cli('scan', '--no-config', '--fix', t.p('agent.yaml'));
    assert.equal(r.stdout, 'No problems found in 1 file.\n');
    assert.equal(r.code, 0);
    assert.equal(fs.readFileSync(t.p('agent.yaml'), 'utf8'), suppressed);
    // In strict mode the same finding is final, and fixed.
    const strict = cli('scan', '--no-config', '--disable-inline-suppressions', '--fix', t.p('agent.yaml'));
    assert.equal(strict.stdout, 'No problems found in 1 file.\n');
    assert.equal(strict.code, 0);
    assert.equal(fs.readFileSync(t.p('agent.yaml'), 'utf8'), suppressed.replace('privileged: true', 'privileged: false'));
  } finally {
    t.cleanup();
  }
});

test('--fix-dry-run prints the unified diff instead of the report and changes nothing; its exit code and --output report are those --fix would give', () => {
  // Without its NetworkPolicy: what remains after the fix is one warning and two info findings.
  const warnsAfterFix = PRIVILEGED.slice(0, PRIVILEGED.lastIndexOf('---\n'));
  const t = tree({ 'bad.yaml': PRIVILEGED, 'crlf.yaml': PRIVILEGED.replace(/\n/g, '\r\n'), 'ok.yaml': pod('ok') });
  const copy = tree({ 'bad.yaml': warnsAfterFix });
  try {
    const r = inFolder(t.root, () => cli('scan', '--no-config', '--fix-dry-run', '.'));
    assert.deepEqual(r, { code: 0, stdout: diffOf('bad.yaml') + diffOf('crlf.yaml', '\r'), stderr: '' });
    assert.equal(fs.readFileSync(t.p('bad.yaml'), 'utf8'), PRIVILEGED);
    assert.equal(fs.readFileSync(t.p('crlf.yaml'), 'utf8'), PRIVILEGED.replace(/\n/g, '\r\n'));
    assert.equal(cli('scan', '--no-config', t.root).code, 1, 'the unchanged files still fail a plain scan');

    fs.writeFileSync(t.p('bad.yaml'), warnsAfterFix);
    const dry = cli(
      'scan',
      '--no-config',
      '--fix-dry-run',
      '-f',
      'json',
      '--fail-on',
      'warning',
      '-o',
      t.p('report.json'),
      t.p('bad.yaml'),
    );
    assert.equal(dry.stdout.split('\n')[0], `--- a/${t.p('bad.yaml').slice(1)}`);
    assert.equal(dry.code, 1);
    assert.equal(fs.readFileSync(t.p('bad.yaml'), 'utf8'), warnsAfterFix);
    const fixed = cli('scan', '--no-config', '--fix', '-f', 'json', '--fail-on', 'warning', copy.p('bad.yaml'));
    assert.equal(fixed.code, 1);
    type Report = { findings: Array<{ ruleId: string; file: string }> };
    const withoutFile = (r: Report) => r.findings.map((f) => ({ ...f, file: path.basename(f.file) }));
    const dryReport = JSON.parse(fs.readFileSync(t.p('report.json'), 'utf8')) as Report;
    assert.deepEqual(withoutFile(dryReport), withoutFile(JSON.parse(fixed.stdout) as Report));
    assert.deepEqual(
      dryReport.findings.map((f) => f.ruleId),
      ['netpol-default-deny', 'netpol-egress-isolation', 'netpol-ingress-isolation'],
    );
  } finally {
    t.cleanup();
    copy.cleanup();
  }
});

test('scan - --fix is a usage error (a stream has no file to write back); --fix-dry-run diffs the stream under --stdin-filename', () => {
  const run = (argv: string[]) => {
    let stdout = '';
    let stderr = '';
    const code = runCli(argv, { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s), stdin: () => Buffer.from(PRIVILEGED) });
    return { code, stdout, stderr };
  };
  const fix = run(['scan', '--no-config', '--fix', '-']);
  assert.equal(fix.code, 2);
  assert.equal(fix.stdout, '');
  assert.match(
    fix.stderr,
    /^kube-guardrails: --fix cannot write to standard input; use --fix-dry-run to print the fixes as a diff\n\nUsage:/,
  );
  const dry = run(['scan', '--no-config', '--fix-dry-run', '--stdin-filename', 'rendered/web.yaml', '-']);
  assert.equal(dry.stdout, diffOf('rendered/web.yaml'));
  assert.equal(dry.code, 0, 'what remains once fixed: the exit code --fix would give');
  assert.equal(run(['scan', '--no-config', '--fix-dry-run', '-']).stdout, diffOf('<stdin>'));
  // Standard input is read once: the second scan (what remains) sees the same stream.
  const reads: string[] = [];
  const once = (argv: string[], text: string) =>
    runCli(argv, {
      stdout: () => {},
      stderr: () => {},
      stdin: () => {
        reads.push('read');
        return Buffer.from(reads.length === 1 ? text : '');
      },
    });
  const noFixButWarnings = pod('web').slice(0, pod('web').lastIndexOf('---\n'));
  assert.equal(once(['scan', '--no-config', '--fix-dry-run', '--fail-on', 'warning', '-'], noFixButWarnings), 1);
  assert.deepEqual(reads, ['read']);
  assert.match(
    run(['scan', '--fix', '--fix-dry-run', 'x.yaml']).stderr,
    /^kube-guardrails: --fix and --fix-dry-run cannot be used together\n/,
  );
});

test('--fix with --output naming a file it would fix writes nothing', () => {
  const t = tree({ 'bad.yaml': PRIVILEGED });
  try {
    const r = cli('scan', '--no-config', '--fix', '--output', t.p('bad.yaml'), t.p('bad.yaml'));
    assert.equal(r.code, 2);
    assert.equal(r.stderr, `kube-guardrails: --output ${t.p('bad.yaml')} is a file --fix would change; nothing was written.\n`);
    assert.equal(fs.readFileSync(t.p('bad.yaml'), 'utf8'), PRIVILEGED);
  } finally {
    t.cleanup();
  }
});
