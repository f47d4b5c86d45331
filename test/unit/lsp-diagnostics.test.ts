import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver/node';
import { PRIVILEGED_POD, REPO_ROOT } from '../helpers';
import { rangeStr, TestClient } from '../lsp/harness';

const FIRING = fs.readFileSync(path.join(REPO_ROOT, 'test', 'fixtures', 'rules', 'pss-privileged', 'firing.yaml'), 'utf8');
const DOCS_HREF = pathToFileURL(path.join(REPO_ROOT, 'docs', 'rules', 'pss-privileged.md')).toString();

/** Other rules fire on these inputs too; the tests follow one rule so new rules cannot break them. */
const RULE = 'pss-privileged';
function mine(ds: Diagnostic[]): Diagnostic[] {
  return ds.filter((d) => d.code === RULE);
}
function brief(ds: Diagnostic[]): Array<[string, unknown, number | undefined]> {
  return mine(ds).map((d) => [rangeStr(d.range), d.code, d.severity]);
}

async function withClient(fn: (c: TestClient) => Promise<void>, settings: Record<string, unknown> = {}, debounceMs = 5): Promise<void> {
  const c = new TestClient({ debounceMs });
  try {
    await c.initialize({ settings });
    await fn(c);
  } finally {
    c.dispose();
  }
}

test('open publishes exact diagnostics with code, source, severity, docs link and data', { timeout: 20000 }, () =>
  withClient(async (c) => {
    const uri = 'file:///ws/daemonset.yaml';
    const ds = mine(await c.open(uri, FIRING));
    assert.deepEqual(brief(ds), [
      ['16:10-16:26', 'pss-privileged', DiagnosticSeverity.Error],
      ['20:26-20:42', 'pss-privileged', DiagnosticSeverity.Error],
      ['34:10-34:26', 'pss-privileged', DiagnosticSeverity.Error],
    ]);
    for (const d of ds) {
      assert.equal(d.source, 'kube-guardrails');
      assert.deepEqual(d.codeDescription, { href: DOCS_HREF });
      assert.equal((d.data as { version: number }).version, 1);
      assert.equal((d.data as { ruleId: string }).ruleId, 'pss-privileged');
      assert.equal((d.data as { fixable: boolean }).fixable, true);
    }
    assert.equal(ds[0]!.message, 'Container "agent" of DaemonSet "node-agent" is privileged.');
  }),
);

test('a change re-analyses (debounced) and publishes the new diagnostics with the new version', { timeout: 20000 }, () =>
  withClient(async (c) => {
    const uri = 'file:///ws/pod.yaml';
    assert.deepEqual(brief(await c.open(uri, PRIVILEGED_POD)), [['9:6-9:22', 'pss-privileged', DiagnosticSeverity.Error]]);
    const fixed = PRIVILEGED_POD.replace('privileged: true', 'privileged: false');
    await c.sendChange(uri, fixed);
    const next = await c.next(uri);
    assert.equal(next.version, 2);
    assert.deepEqual(brief(next.diagnostics), []);
    const again = await c.change(uri, `# comment\n${PRIVILEGED_POD}`);
    assert.deepEqual(brief(again), [['10:6-10:22', 'pss-privileged', DiagnosticSeverity.Error]]);
  }),
);

test('several quick changes publish once, for the last version', { timeout: 20000 }, () =>
  withClient(
    async (c) => {
      const uri = 'file:///ws/burst.yaml';
      await c.open(uri, PRIVILEGED_POD);
      await Promise.all([
        c.sendChange(uri, PRIVILEGED_POD + '#1\n'),
        c.sendChange(uri, PRIVILEGED_POD + '#2\n'),
        c.sendChange(uri, `#x\n#y\n${PRIVILEGED_POD}`),
      ]);
      const p = await c.next(uri);
      // Versions 2 and 3 are superseded before the quiet period ends, so the first publish is v4.
      assert.equal(p.version, 4);
      assert.deepEqual(brief(p.diagnostics), [['11:6-11:22', 'pss-privileged', DiagnosticSeverity.Error]]);
    },
    {},
    200,
  ),
);

test('settings changes re-validate open documents: severity changed, rule off, profile', { timeout: 20000 }, () =>
  withClient(async (c) => {
    const uri = 'file:///ws/pod.yaml';
    assert.deepEqual(brief(await c.open(uri, PRIVILEGED_POD)), [['9:6-9:22', 'pss-privileged', DiagnosticSeverity.Error]]);
    await c.changeSettings({ rules: { 'pss-privileged': 'warning' } });
    assert.deepEqual(brief(await c.diagnostics(uri)), [['9:6-9:22', 'pss-privileged', DiagnosticSeverity.Warning]]);
    await c.changeSettings({ rules: { 'pss-privileged': 'info' } });
    assert.deepEqual(brief(await c.diagnostics(uri)), [['9:6-9:22', 'pss-privileged', DiagnosticSeverity.Information]]);
    await c.changeSettings({ rules: { 'pss-privileged': 'off' } });
    const off = await c.diagnostics(uri);
    assert.deepEqual(brief(off), []);
    assert.ok(off.length > 0, 'other rules still report');
    const restricted = (ds: Diagnostic[]) => ds.filter((d) => d.code === 'pss-run-as-non-root').length;
    await c.changeSettings({ profile: 'restricted' });
    assert.equal(restricted(await c.diagnostics(uri)), 1);
    await c.changeSettings({ profile: 'baseline' });
    assert.equal(restricted(await c.diagnostics(uri)), 0);
    await c.changeSettings({ enable: false });
    assert.deepEqual(await c.diagnostics(uri), []);
    await c.changeSettings({});
    assert.deepEqual(brief(await c.diagnostics(uri)), [['9:6-9:22', 'pss-privileged', DiagnosticSeverity.Error]]);
  }),
);

test('helm documents get no diagnostics', { timeout: 20000 }, () =>
  withClient(async (c) => {
    assert.deepEqual(await c.open('file:///ws/chart/templates/pod.yaml', PRIVILEGED_POD, 'helm'), []);
  }),
);

test(
  'a manifest with a YAML error gets only its yaml-syntax error; other documents of the file still get theirs; other YAML stays silent',
  { timeout: 20000 },
  () =>
    withClient(async (c) => {
      const broken = PRIVILEGED_POD.replace('  name: web', '  name: [web');
      const syntaxAndMine = (ds: Diagnostic[]) =>
        ds.filter((d) => d.code === 'yaml-syntax' || d.code === RULE).map((d) => [rangeStr(d.range), d.code, d.severity]);
      assert.deepEqual(
        (await c.open('file:///ws/broken.yaml', broken)).map((d) => [rangeStr(d.range), d.code, d.severity]),
        [['4:0-4:1', 'yaml-syntax', DiagnosticSeverity.Error]],
      );
      const multi = `${broken}---\n${PRIVILEGED_POD}`;
      const ds = await c.open('file:///ws/multi.yaml', multi);
      assert.deepEqual(syntaxAndMine(ds), [
        ['4:0-4:1', 'yaml-syntax', DiagnosticSeverity.Error],
        ['20:6-20:22', 'pss-privileged', DiagnosticSeverity.Error],
      ]);
      assert.deepEqual(await c.open('file:///ws/workflow.yaml', 'name: CI\non: [push\njobs: {}\n'), []);
    }),
);

test('files marked "# vscode-kubernetes-tools: exclude" and excluded globs are not analysed', { timeout: 20000 }, () =>
  withClient(
    async (c) => {
      assert.deepEqual(await c.open('file:///ws/hinted.yaml', `# vscode-kubernetes-tools: exclude\n${PRIVILEGED_POD}`), []);
      assert.deepEqual(await c.open('file:///ws/generated/pod.yaml', PRIVILEGED_POD), []);
      assert.equal(mine(await c.open('file:///ws/other.yaml', PRIVILEGED_POD)).length, 1);
    },
    { exclude: ['**/generated/**'] },
  ),
);

test('maxFileSize: a larger document is not analysed and says so in one error on its first line', { timeout: 20000 }, () =>
  withClient(
    async (c) => {
      assert.deepEqual(await c.open('file:///ws/big.yaml', PRIVILEGED_POD), [
        {
          range: { start: { line: 0, character: 0 }, end: { line: 0, character: 14 } },
          severity: DiagnosticSeverity.Error,
          source: 'kube-guardrails',
          code: 'not-analyzed',
          message: `Not analysed (too-large): skipped: the file is 1 KB, over the 1 KB limit (setting kubeGuardrails.maxFileSize).`,
        },
      ]);
    },
    { maxFileSize: PRIVILEGED_POD.length - 1 },
  ),
);

test('run: onSave analyses on open and save only', { timeout: 20000 }, () =>
  withClient(
    async (c) => {
      const uri = 'file:///ws/pod.yaml';
      assert.equal(mine(await c.open(uri, PRIVILEGED_POD)).length, 1);
      await c.sendChange(uri, PRIVILEGED_POD.replace('privileged: true', 'privileged: false'));
      await c.save(uri);
      // The change itself published nothing: the next notification is the save's.
      const p = await c.next(uri);
      assert.equal(p.version, 2);
      assert.deepEqual(brief(p.diagnostics), []);
    },
    { run: 'onSave' },
  ),
);

test('closing a document clears its diagnostics', { timeout: 20000 }, () =>
  withClient(async (c) => {
    const uri = 'file:///ws/pod.yaml';
    assert.equal(mine(await c.open(uri, PRIVILEGED_POD)).length, 1);
    await c.close(uri);
    assert.deepEqual(await c.diagnostics(uri), []);
  }),
);

test('untitled documents are analysed', { timeout: 20000 }, () =>
  withClient(async (c) => {
    assert.equal(mine(await c.open('untitled:Untitled-1', PRIVILEGED_POD)).length, 1);
  }),
);

test('a client without workspace/configuration: settings pushed with didChangeConfiguration apply', { timeout: 20000 }, async () => {
  const c = new TestClient();
  try {
    await c.initialize({ capabilities: {} });
    const uri = 'file:///ws/pushed.yaml';
    assert.deepEqual(brief(await c.open(uri, PRIVILEGED_POD)), [['9:6-9:22', 'pss-privileged', DiagnosticSeverity.Error]]);
    await c.conn.sendNotification('workspace/didChangeConfiguration', {
      settings: { kubeGuardrails: { rules: { 'pss-privileged': 'warning' } } },
    });
    assert.deepEqual(brief(await c.diagnostics(uri)), [['9:6-9:22', 'pss-privileged', DiagnosticSeverity.Warning]]);
    // Without `documentChanges` support, fixes come as plain `changes`.
    const [d] = mine(await c.change(uri, PRIVILEGED_POD));
    const fix = (await c.codeActions(uri, d!.range, [d!])).find((a) => a.isPreferred)!;
    assert.deepEqual(Object.keys(fix.edit!), ['changes']);
  } finally {
    c.dispose();
  }
});

test('malformed settings fall back per key to defaults', { timeout: 20000 }, () =>
  withClient(
    async (c) => {
      assert.deepEqual(brief(await c.open('file:///ws/bad-settings.yaml', PRIVILEGED_POD)), [
        ['9:6-9:22', 'pss-privileged', DiagnosticSeverity.Warning],
      ]);
    },
    {
      enable: 'yes',
      run: 42,
      profile: 'strict',
      pssVersion: 'v2',
      exclude: 'x',
      maxFileSize: -1,
      rules: { 'pss-privileged': 'warning', 'pss-run-as-non-root': 'loud' },
    },
  ),
);
