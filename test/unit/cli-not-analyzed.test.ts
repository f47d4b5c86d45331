import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { formatJson } from '../../server/src/cli/format/json';
import { formatSarif } from '../../server/src/cli/format/sarif';
import { formatStylish } from '../../server/src/cli/format/stylish';
import { scanErrorOf, type ScanReport } from '../../server/src/cli/report';
import { CliWorkspace } from '../../server/src/cli/workspace';
import { DEFAULT_OPTIONS } from '../../server/src/core/engine/options';
import { lintFile } from '../../server/src/core/lint';
import { BUILT_IN_CATALOGUE } from '../../server/src/core/rules/catalogue';
import { getRule } from '../../server/src/core/rules/registry';
import { defineRule } from '../../server/src/core/rules/types';
import { LineIndex } from '../../server/src/core/yaml/lineIndex';
import { throwingWorkspaceRule, yaml } from '../helpers';
import { cli, tree } from './cli-helpers';

/**
 * Fail closed (issue #13 item 6): a file or document that was not (fully) analysed is
 * listed under `errors` with its reason in every format, the summary counts it instead of
 * saying "No problems found", and the exit code is 2 (over 1).
 */

const PRIVILEGED = yaml(
  'apiVersion: v1',
  'kind: Pod',
  'metadata: {name: p}',
  'spec:',
  '  containers:',
  '  - name: a',
  '    image: nginx:1.27',
  '    securityContext: {privileged: true}',
);
const CONFIGMAP = yaml('apiVersion: v1', 'kind: ConfigMap', 'metadata: {name: c}');
const BINARY = 'apiVersion: v1\u0000kind: Pod\n';
const BINARY_MESSAGE = 'skipped: the file contains NUL bytes and looks binary, not YAML.';

test('exit codes: 0 clean, 1 an error-severity finding, 2 a file not analysed, and 2 wins over 1', () => {
  const t = tree({ 'clean.yaml': CONFIGMAP, 'bad.yaml': PRIVILEGED, 'bin.yaml': BINARY });
  try {
    assert.equal(cli('scan', '--no-config', t.p('clean.yaml')).code, 0);
    assert.equal(cli('scan', '--no-config', t.p('bad.yaml')).code, 1);
    assert.equal(cli('scan', '--no-config', t.p('bin.yaml')).code, 2);
    assert.equal(cli('scan', '--no-config', t.p('bad.yaml'), t.p('bin.yaml')).code, 2);
  } finally {
    t.cleanup();
  }
});

test('stylish: a binary file is listed under errors and the summary counts it, never "No problems found." alone', () => {
  const t = tree({ 'clean.yaml': CONFIGMAP, 'bin.yaml': BINARY });
  try {
    const r = cli('scan', '--no-config', t.root);
    assert.equal(r.code, 2);
    assert.equal(
      r.stdout,
      [
        'errors (not analysed)',
        `  error  ${t.p('bin.yaml')}: ${BINARY_MESSAGE}  binary`,
        '',
        'No problems found in 1 file; 1 file could not be analysed.',
        '',
      ].join('\n'),
    );
    assert.equal(r.stderr, `kube-guardrails: ${t.p('bin.yaml')}: ${BINARY_MESSAGE}\n`);
  } finally {
    t.cleanup();
  }
});

test('JSON: errors carry file, reason and message; findings of the other files are still reported', () => {
  const t = tree({ 'bad.yaml': PRIVILEGED, 'bin.yaml': BINARY });
  try {
    const r = cli('scan', '--no-config', '-f', 'json', t.root);
    assert.equal(r.code, 2);
    const out = JSON.parse(r.stdout);
    assert.deepEqual(out.errors, [{ file: t.p('bin.yaml'), reason: 'binary', message: BINARY_MESSAGE }]);
    assert.ok(out.findings.some((f: { ruleId: string; file: string }) => f.ruleId === 'pss-privileged' && f.file === t.p('bad.yaml')));
  } finally {
    t.cleanup();
  }
});

test('SARIF: executionSuccessful false and one toolExecutionNotification per file not analysed', () => {
  const t = tree({ 'bin.yaml': BINARY });
  try {
    const r = cli('scan', '--no-config', '-f', 'sarif', t.root);
    assert.equal(r.code, 2);
    assert.deepEqual(JSON.parse(r.stdout).runs[0].invocations, [
      {
        executionSuccessful: false,
        toolExecutionNotifications: [
          {
            level: 'error',
            message: { text: `${t.p('bin.yaml')}: ${BINARY_MESSAGE}` },
            descriptor: { id: 'binary' },
            locations: [{ physicalLocation: { artifactLocation: { uri: 'file://' + t.p('bin.yaml') } } }],
          },
        ],
      },
    ]);
  } finally {
    t.cleanup();
  }
});

test('a dangling symbolic link in a scanned folder is an error (exit 2), never silently skipped', () => {
  const t = tree({ 'ok.yaml': CONFIGMAP });
  try {
    fs.symlinkSync(t.p('gone.yaml'), t.p('dangling.yaml'));
    const r = cli('scan', '--no-config', '-f', 'json', t.root);
    assert.equal(r.code, 2);
    assert.deepEqual(JSON.parse(r.stdout).errors, [
      { file: t.p('dangling.yaml'), reason: 'unreadable', message: `cannot read ${t.p('dangling.yaml')}: dangling symbolic link` },
    ]);
  } finally {
    t.cleanup();
  }
});

test('a linked manifest is read when its target is inside the scanned folder, refused (exit 2) when outside', () => {
  const inside = tree({ 'real/pod.yaml': PRIVILEGED });
  const outside = tree({ 'secret.yaml': PRIVILEGED });
  try {
    fs.symlinkSync(inside.p('real/pod.yaml'), inside.p('link.yaml'));
    const r = cli('scan', '--no-config', '-f', 'json', inside.root);
    assert.equal(r.code, 1);
    assert.deepEqual(
      JSON.parse(r.stdout)
        .findings.filter((f: { ruleId: string }) => f.ruleId === 'pss-privileged')
        .map((f: { file: string }) => f.file),
      [inside.p('link.yaml'), inside.p('real/pod.yaml')],
    );
    fs.unlinkSync(inside.p('link.yaml'));
    fs.symlinkSync(outside.p('secret.yaml'), inside.p('link.yaml'));
    const refused = cli('scan', '--no-config', '-f', 'json', inside.root);
    assert.equal(refused.code, 2);
    assert.deepEqual(JSON.parse(refused.stdout).errors, [
      {
        file: inside.p('link.yaml'),
        reason: 'unreadable',
        message: `${inside.p('link.yaml')} leads outside the workspace through a symbolic link; it is not read`,
      },
    ]);
  } finally {
    inside.cleanup();
    outside.cleanup();
  }
});

test('a document in which a rule threw is reported in every format with its document index', () => {
  const broken = defineRule({
    id: 'always-throws',
    title: 'always-throws',
    severity: 'warning',
    category: 'custom',
    description: 'test rule',
    remediation: 'None.',
    appliesTo: ['Pod'],
    check: () => {
      throw new Error('boom');
    },
  });
  const text = CONFIGMAP + '---\n' + PRIVILEGED;
  const result = lintFile(text, { options: DEFAULT_OPTIONS, strict: false, rules: [broken, getRule('pss-privileged')!] });
  const file = path.join('ws', 'two.yaml');
  const report: ScanReport = {
    files: [{ file, lines: result.analysis.parsed.lines, findings: result.findings }],
    errors: result.notAnalyzed.map((n) => scanErrorOf(file, n)),
  };
  const message = 'document 2 not fully analysed: rule always-throws failed: boom';
  assert.deepEqual(report.errors, [{ file, documentIndex: 1, reason: 'rule-failed', message }]);
  assert.equal(
    formatStylish(report),
    [
      file,
      `  ${file}:12:23  error  Container "a" of Pod "p" is privileged.  pss-privileged`,
      '',
      'errors (not analysed)',
      `  error  ${file}: ${message}  rule-failed`,
      '',
      '1 problem (1 error, 0 warnings, 0 info) in 1 file; 1 document was not fully analysed.',
      '',
    ].join('\n'),
  );
  assert.deepEqual(JSON.parse(formatJson(report)).errors, [{ file, documentIndex: 1, reason: 'rule-failed', message }]);
  const sarif = JSON.parse(formatSarif(report, BUILT_IN_CATALOGUE, '0.0.0')).runs[0].invocations[0];
  assert.equal(sarif.executionSuccessful, false);
  assert.deepEqual(sarif.toolExecutionNotifications, [
    {
      level: 'error',
      message: { text: `${file}: ${message}` },
      descriptor: { id: 'rule-failed' },
      locations: [{ physicalLocation: { artifactLocation: { uri: 'ws/two.yaml' } } }],
      properties: { documentIndex: 1 },
    },
  ]);
});

test('a cross-file rule that threw is a scan error without a file (its findings are missing everywhere)', () => {
  const throws = throwingWorkspaceRule();
  const ws = new CliWorkspace([throws]);
  ws.add('a.yaml', PRIVILEGED, { rules: {}, strict: false });
  const report: ScanReport = { files: [{ file: 'a.yaml', lines: new LineIndex(PRIVILEGED), findings: [] }], errors: [] };
  ws.addFindingsTo(report);
  const message = 'cross-file rule ws-throws failed, its findings are missing for every file: boom';
  assert.deepEqual(report.errors, [{ reason: 'rule-failed', message }]);
  assert.equal(
    formatStylish(report),
    ['errors (not analysed)', `  error  ${message}  rule-failed`, '', 'No problems found in 1 file; 1 cross-file rule failed.', ''].join(
      '\n',
    ),
  );
  assert.deepEqual(JSON.parse(formatSarif(report, BUILT_IN_CATALOGUE, '0.0.0')).runs[0].invocations[0], {
    executionSuccessful: false,
    toolExecutionNotifications: [{ level: 'error', message: { text: message }, descriptor: { id: 'rule-failed' } }],
  });
});
