import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { Diagnostic } from 'vscode-languageserver/node';
import { runCli } from '../../server/src/cli/main';
import { pathToUri } from '../../server/src/lsp/uris';
import { applyWorkspaceEdit, rangeStr, TestClient } from '../lsp/harness';
import { yaml } from '../helpers';

/**
 * Inline suppressions (directive comments, our annotation, kube-linter's) and config
 * exemptions applied to cross-object findings, in the CLI and in the editor, with exact
 * results. The workspace: a Deployment `web` (pod labels app=web) and Services.
 */
const APP = yaml(
  'apiVersion: apps/v1',
  'kind: Deployment',
  'metadata:',
  '  name: web',
  '  namespace: shop',
  'spec:',
  '  selector:',
  '    matchLabels: {app: web}',
  '  template:',
  '    metadata:',
  '      labels: {app: web}',
  '    spec:',
  '      containers:',
  '        - name: web',
  '          image: nginx:1.27',
);

function service(name: string, selector: string, extra: { annotations?: string[]; directive?: string } = {}): string {
  const lines = ['apiVersion: v1', 'kind: Service', 'metadata:', `  name: ${name}`, '  namespace: shop'];
  if (extra.annotations) lines.push('  annotations:', ...extra.annotations.map((a) => `    ${a}`));
  lines.push('spec:');
  if (extra.directive) lines.push(`  # ${extra.directive}`);
  lines.push('  selector:', `    app: ${selector}`, '  ports:', '    - port: 80');
  return yaml(...lines);
}

function workspace(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kg-ws-suppress-'));
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
  return dir;
}

interface Brief {
  ruleId: string;
  file: string;
  line: number;
  message?: string;
}

/** Findings of workspace rules and unused-suppression only (per-object rules are not the subject here). */
const SUBJECT = new Set(['dangling-service', 'unused-suppression']);

function scan(dir: string, extraArgs: string[] = []): Brief[] {
  let out = '';
  runCli(['scan', '--format', 'json', ...extraArgs, dir], { stdout: (s) => (out += s), stderr: () => undefined });
  const json = JSON.parse(out) as {
    findings: Array<{ ruleId: string; file: string; range: { start: { line: number } }; message: string }>;
  };
  return json.findings
    .filter((f) => SUBJECT.has(f.ruleId))
    .map((f) => ({ ruleId: f.ruleId, file: path.basename(f.file), line: f.range.start.line, message: f.message }));
}

test('CLI: a directive above the finding line suppresses a workspace finding (no unused report)', () => {
  const dir = workspace({
    'app.yaml': APP,
    'svc.yaml': service('typo', 'wbe', { directive: 'kube-guardrails-disable-next-line dangling-service -- selected by an operator' }),
  });
  assert.deepEqual(scan(dir, ['--no-config']), []);
  // Without the directive the finding is there (the test can fail).
  const bare = workspace({ 'app.yaml': APP, 'svc.yaml': service('typo', 'wbe') });
  assert.deepEqual(scan(bare, ['--no-config']), [
    {
      ruleId: 'dangling-service',
      file: 'svc.yaml',
      line: 6,
      message: 'Service "typo" selects no workload in namespace "shop" (selector app=wbe).',
    },
  ]);
});

test('CLI: our annotation and kube-linter’s suppress the object’s workspace findings; unused only when nothing is suppressed', () => {
  const dir = workspace({
    'app.yaml': APP,
    'a.yaml': service('typo', 'wbe', { annotations: ['ignore-check.kube-guardrails.io/dangling-service: "endpoints managed by hand"'] }),
    'b.yaml': service('other', 'nope', { annotations: ['ignore-check.kube-linter.io/dangling-service: "legacy"'] }),
    'c.yaml': service('fine', 'web', { annotations: ['ignore-check.kube-guardrails.io/dangling-service: "stale"'] }),
  });
  assert.deepEqual(scan(dir, ['--no-config']), [
    {
      ruleId: 'unused-suppression',
      file: 'c.yaml',
      line: 6,
      message: 'Unused suppression: no "dangling-service" finding in Service "fine".',
    },
  ]);
});

test('CLI: an unused directive naming a workspace rule is reported once, on its id', () => {
  const dir = workspace({
    'app.yaml': APP,
    'svc.yaml': service('fine', 'web', { directive: 'kube-guardrails-disable-next-line dangling-service' }),
  });
  assert.deepEqual(scan(dir, ['--no-config']), [
    {
      ruleId: 'unused-suppression',
      file: 'svc.yaml',
      line: 6,
      message: 'Unused suppression: no "dangling-service" finding on the next line.',
    },
  ]);
});

test('CLI: strict mode ignores inline suppressions of workspace findings and reports none unused', () => {
  const dir = workspace({
    'app.yaml': APP,
    'svc.yaml': service('typo', 'wbe', {
      annotations: ['ignore-check.kube-guardrails.io/dangling-service: "x"'],
      directive: 'kube-guardrails-disable-next-line dangling-service',
    }),
  });
  const expected = [
    {
      ruleId: 'dangling-service',
      file: 'svc.yaml',
      line: 9,
      message: 'Service "typo" selects no workload in namespace "shop" (selector app=wbe).',
    },
  ];
  assert.deepEqual(scan(dir, ['--no-config', '--disable-inline-suppressions']), expected);
  const viaConfig = workspace({
    'app.yaml': APP,
    'svc.yaml': service('typo', 'wbe', {
      annotations: ['ignore-check.kube-guardrails.io/dangling-service: "x"'],
      directive: 'kube-guardrails-disable-next-line dangling-service',
    }),
    '.kube-guardrails.yaml': 'disableInlineSuppressions: true\n',
  });
  assert.deepEqual(scan(viaConfig), expected);
});

const ws = (d: Diagnostic[]) => d.filter((x) => SUBJECT.has(String(x.code))).map((x) => `${x.code} ${rangeStr(x.range)} ${x.message}`);

test('editor: directives, annotations, strict mode and config exemptions apply to workspace diagnostics', async () => {
  const dir = workspace({
    'app.yaml': APP,
    'a.yaml': service('typo', 'wbe', { directive: 'kube-guardrails-disable-next-line dangling-service' }),
    'b.yaml': service('other', 'nope', { annotations: ['ignore-check.kube-guardrails.io/dangling-service: "by hand"'] }),
    'c.yaml': service('fine', 'web', { annotations: ['ignore-check.kube-guardrails.io/dangling-service: "stale"'] }),
    'd.yaml': service('exempted', 'gone'),
    'e.yaml': service('kept', 'gone'),
    '.kube-guardrails.yaml': yaml(
      'exemptions:',
      '  - rules: [dangling-service]',
      '    names: [exempted]',
      '    reason: removed next sprint',
    ),
  });
  const client = new TestClient();
  await client.initialize({ folders: [{ uri: pathToUri(dir), name: 'ws' }] });
  // Only files with workspace diagnostics are published after indexing.
  assert.deepEqual(ws(await client.diagnostics(pathToUri(path.join(dir, 'c.yaml')))), [
    'unused-suppression 6:4-6:61 Unused suppression: no "dangling-service" finding in Service "fine".',
  ]);
  assert.deepEqual(ws(await client.diagnostics(pathToUri(path.join(dir, 'e.yaml')))), [
    'dangling-service 6:2-6:10 Service "kept" selects no workload in namespace "shop" (selector app=gone).',
  ]);
  // The open documents of a.yaml, b.yaml and d.yaml carry no workspace diagnostic.
  for (const name of ['a.yaml', 'b.yaml', 'd.yaml']) {
    const uri = pathToUri(path.join(dir, name));
    assert.deepEqual(ws(await client.openOwn(uri, fs.readFileSync(path.join(dir, name), 'utf8'))), [], name);
  }
  client.conn.dispose();
});

test('editor: strict mode setting shows suppressed workspace findings again', async () => {
  const dir = workspace({
    'app.yaml': APP,
    'a.yaml': service('typo', 'wbe', { directive: 'kube-guardrails-disable-next-line dangling-service' }),
  });
  const client = new TestClient();
  await client.initialize({ folders: [{ uri: pathToUri(dir), name: 'ws' }], settings: { disableInlineSuppressions: true } });
  assert.deepEqual(ws(await client.diagnostics(pathToUri(path.join(dir, 'a.yaml')))), [
    'dangling-service 7:2-7:10 Service "typo" selects no workload in namespace "shop" (selector app=wbe).',
  ]);
  client.conn.dispose();
});

test('editor: "Ignore for this line / object" code actions on a workspace diagnostic write the suppression', async () => {
  const dir = workspace({ 'app.yaml': APP, 'svc.yaml': service('typo', 'wbe') });
  const uri = pathToUri(path.join(dir, 'svc.yaml'));
  const client = new TestClient();
  await client.initialize({ folders: [{ uri: pathToUri(dir), name: 'ws' }] });
  const published = await client.diagnostics(uri);
  const text = fs.readFileSync(path.join(dir, 'svc.yaml'), 'utf8');
  await client.openOwn(uri, text);
  const d = published.find((x) => x.code === 'dangling-service')!;
  assert.ok(d, 'the workspace diagnostic is published');
  const actions = await client.codeActions(uri, d.range, [d]);
  const titles = actions.map((a) => a.title);
  assert.ok(titles.includes('Ignore dangling-service for this line'), titles.join(', '));
  assert.ok(titles.includes('Ignore dangling-service for this object'), titles.join(', '));
  const line = actions.find((a) => a.title === 'Ignore dangling-service for this line')!;
  assert.equal(
    applyWorkspaceEdit(text, uri, line.edit),
    text.replace('spec:\n  selector:', 'spec:\n  # kube-guardrails-disable-next-line dangling-service\n  selector:'),
  );
  const object = actions.find((a) => a.title === 'Ignore dangling-service for this object')!;
  assert.equal(
    applyWorkspaceEdit(text, uri, object.edit),
    text.replace(
      '  namespace: shop\n',
      '  namespace: shop\n  annotations:\n    ignore-check.kube-guardrails.io/dangling-service: "TODO: why this is acceptable"\n',
    ),
  );
  client.conn.dispose();
});

test('SARIF: workspace rules are in tool.driver.rules and their results’ ruleIndex resolves', () => {
  const dir = workspace({ 'app.yaml': APP, 'svc.yaml': service('typo', 'wbe') });
  let out = '';
  runCli(['scan', '--no-config', '--format', 'sarif', dir], { stdout: (s) => (out += s), stderr: () => undefined });
  const run = JSON.parse(out).runs[0] as {
    tool: { driver: { rules: Array<{ id: string }> } };
    results: Array<{ ruleId: string; ruleIndex: number }>;
  };
  const result = run.results.find((r) => r.ruleId === 'dangling-service')!;
  assert.ok(result, 'the dangling-service result is in the SARIF run');
  assert.equal(run.tool.driver.rules[result.ruleIndex]!.id, 'dangling-service');
  for (const r of run.results) assert.equal(run.tool.driver.rules[r.ruleIndex]?.id, r.ruleId, r.ruleId);
});
