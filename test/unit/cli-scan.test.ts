import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as path from 'path';
import { cli, pod, tree } from './cli-helpers';

const PRIVILEGED = pod('web', { namespace: 'shop', containerExtra: ['privileged: true'] });

test('a hardened manifest exits 0 with no finding', () => {
  const t = tree({ 'ok.yaml': pod('ok', { namespace: 'shop' }) });
  try {
    const r = cli('scan', '--no-config', '-f', 'json', t.p('ok.yaml'));
    assert.equal(r.stderr, '');
    assert.deepEqual(JSON.parse(r.stdout), { findings: [], errors: [] });
    assert.equal(r.code, 0);
    assert.equal(cli('scan', '--no-config', t.p('ok.yaml')).stdout, 'No problems found in 1 file.\n');
  } finally {
    t.cleanup();
  }
});

test('an error finding exits 1; JSON has exactly the documented fields', () => {
  const t = tree({ 'bad.yaml': PRIVILEGED });
  try {
    const r = cli('scan', '--no-config', '--format', 'json', t.p('bad.yaml'));
    assert.equal(r.code, 1);
    assert.equal(r.stderr, '');
    const out = JSON.parse(r.stdout);
    assert.deepEqual(Object.keys(out), ['findings', 'errors']);
    assert.deepEqual(out.errors, []);
    assert.equal(out.findings.length, 1);
    const f = out.findings[0];
    assert.deepEqual(Object.keys(f), ['ruleId', 'severity', 'message', 'file', 'range', 'object', 'pssCheck', 'pssLevel', 'docsUrl']);
    assert.deepEqual(
      {
        ruleId: f.ruleId,
        severity: f.severity,
        file: f.file,
        range: f.range,
        object: f.object,
        pssCheck: f.pssCheck,
        pssLevel: f.pssLevel,
      },
      {
        ruleId: 'pss-privileged',
        severity: 'error',
        file: t.p('bad.yaml'),
        range: { start: { line: 26, character: 8 }, end: { line: 26, character: 24 } },
        object: { apiVersion: 'v1', kind: 'Pod', namespace: 'shop', name: 'web' },
        pssCheck: 'privileged',
        pssLevel: 'baseline',
      },
    );
    assert.equal(f.message, 'Container "app" of Pod "web" is privileged.');
    assert.match(f.docsUrl, /\/docs\/rules\/pss-privileged\.md$/);
  } finally {
    t.cleanup();
  }
});

test('stylish rows are file:line:col severity message rule-id, 1-based', () => {
  const t = tree({ 'bad.yaml': PRIVILEGED });
  try {
    const r = cli('scan', '--no-config', t.p('bad.yaml'));
    assert.equal(r.code, 1);
    const lines = r.stdout.split('\n');
    assert.equal(lines[0], t.p('bad.yaml'));
    assert.match(
      lines[1]!,
      new RegExp(
        `^  ${t.p('bad.yaml').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:27:9  error  Container "app" of Pod "web" is privileged\\.  pss-privileged$`,
      ),
    );
    assert.equal(lines.at(-2), '1 problem (1 error, 0 warnings, 0 info) in 1 file.');
  } finally {
    t.cleanup();
  }
});

test('SARIF 2.1.0 with rule metadata and 1-based regions', () => {
  const t = tree({ 'bad.yaml': PRIVILEGED });
  try {
    const r = cli('scan', '--no-config', '-f', 'sarif', t.p('bad.yaml'));
    assert.equal(r.code, 1);
    const s = JSON.parse(r.stdout);
    assert.equal(s.version, '2.1.0');
    const run = s.runs[0];
    assert.equal(run.tool.driver.name, 'kube-guardrails');
    assert.ok(run.tool.driver.rules.some((x: { id: string }) => x.id === 'pss-privileged'));
    assert.equal(run.results.length, 1);
    const res = run.results[0];
    assert.equal(res.ruleId, 'pss-privileged');
    assert.equal(res.level, 'error');
    assert.equal(run.tool.driver.rules[res.ruleIndex].id, 'pss-privileged');
    assert.deepEqual(res.locations[0].physicalLocation.region, { startLine: 27, startColumn: 9, endLine: 27, endColumn: 25 });
    assert.equal(res.locations[0].physicalLocation.artifactLocation.uri, 'file://' + t.p('bad.yaml'));
  } finally {
    t.cleanup();
  }
});

test('an unreadable path exits 2 with a clear message on stderr, in every format', () => {
  const missing = path.join(path.sep, 'definitely', 'not', 'here.yaml');
  for (const format of ['stylish', 'json', 'sarif']) {
    const r = cli('scan', '--no-config', '-f', format, missing);
    assert.equal(r.code, 2, format);
    assert.equal(r.stderr, `kube-guardrails: cannot read ${missing}: no such file or directory\n`, format);
  }
  const json = JSON.parse(cli('scan', '--no-config', '-f', 'json', missing).stdout);
  assert.deepEqual(json, {
    findings: [],
    errors: [{ file: missing, reason: 'unreadable', message: `cannot read ${missing}: no such file or directory` }],
  });
});

test('usage errors exit 2 with the message and usage on stderr', () => {
  const cases: Array<[string[], string]> = [
    [['scan'], 'scan needs at least one file or directory'],
    [['scan', '--format', 'xml', 'a.yaml'], '--format must be stylish, json or sarif, not "xml"'],
    [['scan', '--profile', 'strict', 'a.yaml'], '--profile must be baseline or restricted, not "strict"'],
    [['scan', '--pss-version', '1.30', 'a.yaml'], '--pss-version must be latest or v1.N (for example v1.30), not "1.30"'],
    [['scan', 'a.yaml', '--config'], '--config needs a value'],
    [['scan', '--config', 'c.yaml', '--no-config', 'a.yaml'], '--config and --no-config cannot be used together'],
    [['scan', '--bogus', 'a.yaml'], 'unknown option --bogus'],
    [['deploy'], 'unknown command "deploy" (expected scan, render, report or rules)'],
    [['report'], 'report needs at least one file or directory'],
    [['report', 'a.yaml', '--format', 'pdf'], '--format for report must be html, markdown or json, not "pdf"'],
    [['report', 'a.yaml', '--port', '80'], '--port needs --from and --to'],
  ];
  for (const [argv, message] of cases) {
    const r = cli(...argv);
    assert.equal(r.code, 2, argv.join(' '));
    assert.equal(r.stdout, '');
    assert.ok(r.stderr.startsWith(`kube-guardrails: ${message}\n\nUsage:`), `${argv.join(' ')}: ${r.stderr.split('\n')[0]}`);
  }
});

test('help and version exit 0; help documents the config flags', () => {
  const h = cli('--help');
  assert.equal(h.code, 0);
  for (const flag of ['--config <file>', '--no-config', '--disable-inline-suppressions', '.kube-guardrails.yaml'])
    assert.ok(h.stdout.includes(flag), flag);
  assert.equal(cli('--version').code, 0);
});
