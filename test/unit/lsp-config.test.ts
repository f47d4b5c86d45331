import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { DiagnosticSeverity, FileChangeType, type Diagnostic } from 'vscode-languageserver/node';
import { PRIVILEGED_POD, yaml } from '../helpers';
import { rangeStr, TestClient } from '../lsp/harness';

function privileged(ds: Diagnostic[]): Array<[string, number | undefined]> {
  return ds.filter((d) => d.code === 'pss-privileged').map((d) => [rangeStr(d.range), d.severity]);
}

/** A workspace folder on disk with an optional config file; removed afterwards. */
async function withWorkspace(
  config: string | undefined,
  settings: Record<string, unknown>,
  fn: (c: TestClient, dir: string, configUri: string) => Promise<void>,
): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kg-lsp-'));
  const configFile = path.join(dir, '.kube-guardrails.yaml');
  if (config !== undefined) fs.writeFileSync(configFile, config);
  const c = new TestClient();
  try {
    await c.initialize({ settings, folders: [{ uri: pathToFileURL(dir).toString(), name: 'ws' }] });
    await fn(c, dir, pathToFileURL(configFile).toString());
  } finally {
    c.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

test('config file problems are published on the config file at the exact key', { timeout: 20000 }, () =>
  withWorkspace(yaml('profile: baseline', 'rules:', '  pss-privileged: warning', 'unknownKey: 1'), {}, async (c, _dir, configUri) => {
    const ds = await c.diagnostics(configUri);
    assert.equal(ds.length, 1);
    assert.equal(rangeStr(ds[0]!.range), '3:0-3:10');
    assert.equal(ds[0]!.severity, DiagnosticSeverity.Error);
    assert.equal(ds[0]!.source, 'kube-guardrails');
    assert.equal(ds[0]!.code, 'config-schema');
    assert.match(ds[0]!.message, /Unknown key "unknownKey"/);
  }),
);

test('precedence: rule default < settings < config file; a config change is picked up through file watching', { timeout: 20000 }, () =>
  withWorkspace(yaml('rules:', '  pss-privileged: info'), { rules: { 'pss-privileged': 'warning' } }, async (c, dir, configUri) => {
    assert.deepEqual(await c.diagnostics(configUri), []);
    // The watcher for the config file was registered dynamically (sent before those diagnostics, so already here).
    const watch = c.registrations.find((r) => r.method === 'workspace/didChangeWatchedFiles');
    assert.deepEqual(watch?.registerOptions, { watchers: [{ globPattern: '**/{.kube-guardrails.yaml,.kube-guardrails.yml}' }] });
    const uri = pathToFileURL(path.join(dir, 'pod.yaml')).toString();
    assert.deepEqual(privileged(await c.open(uri, PRIVILEGED_POD)), [['9:6-9:22', DiagnosticSeverity.Information]]);

    // The validator's diagnostics (the workspace analysis of the folder may re-publish the
    // previous ones first, with its own updated, when it finishes before the validator).
    // Without a level in the config file, the setting applies.
    fs.writeFileSync(path.join(dir, '.kube-guardrails.yaml'), yaml('profile: restricted'));
    await c.fileChanged(configUri);
    assert.deepEqual(privileged(await c.ownDiagnostics(uri)), [['9:6-9:22', DiagnosticSeverity.Warning]]);
    assert.deepEqual(await c.diagnostics(configUri), []);

    // Without either, the rule's own severity.
    await c.changeSettings({});
    assert.deepEqual(privileged(await c.ownDiagnostics(uri)), [['9:6-9:22', DiagnosticSeverity.Error]]);

    // A broken config: problems published, and its valid parts still apply.
    fs.writeFileSync(path.join(dir, '.kube-guardrails.yaml'), yaml('rules:', '  pss-privileged: off', '  pss-run-as-non-root: loud'));
    await c.fileChanged(configUri);
    const problems = await c.diagnostics(configUri);
    assert.deepEqual(
      problems.map((p) => rangeStr(p.range)),
      ['2:23-2:27'],
    );
    assert.deepEqual(privileged(await c.ownDiagnostics(uri)), []);

    // Deleted: its problems are cleared and defaults apply again.
    fs.rmSync(path.join(dir, '.kube-guardrails.yaml'));
    await c.fileChanged(configUri, 3);
    assert.deepEqual(await c.diagnostics(configUri), []);
    assert.deepEqual(privileged(await c.ownDiagnostics(uri)), [['9:6-9:22', DiagnosticSeverity.Error]]);
  }),
);

test('config exclude, exemptions and strict mode apply to open documents', { timeout: 20000 }, () =>
  withWorkspace(
    yaml(
      'exclude:',
      '  - "vendor/**"',
      'exemptions:',
      '  - rules: [pss-privileged]',
      '    names: [legacy-*]',
      '    reason: scheduled for removal',
      'disableInlineSuppressions: true',
    ),
    {},
    async (c, dir, configUri) => {
      assert.deepEqual(await c.diagnostics(configUri), []);
      const at = (rel: string) => pathToFileURL(path.join(dir, rel)).toString();
      assert.deepEqual(await c.open(at('vendor/pod.yaml'), PRIVILEGED_POD), []);
      assert.deepEqual(privileged(await c.open(at('legacy.yaml'), PRIVILEGED_POD.replace('name: web', 'name: legacy-web'))), []);
      const suppressed = PRIVILEGED_POD.replace(
        '    securityContext:',
        '    # kube-guardrails-disable-next-line pss-privileged\n    securityContext:',
      );
      assert.deepEqual(privileged(await c.open(at('app.yaml'), suppressed)), [['10:6-10:22', DiagnosticSeverity.Error]]);
    },
  ),
);

test('the config file itself, when open, shows its own problems and no manifest findings', { timeout: 20000 }, () =>
  withWorkspace(yaml('profile: strict'), {}, async (c, _dir, configUri) => {
    const first = await c.diagnostics(configUri);
    assert.deepEqual(
      first.map((d) => rangeStr(d.range)),
      ['0:9-0:15'],
    );
    const opened = await c.open(configUri, yaml('profile: strict'));
    assert.deepEqual(
      opened.map((d) => rangeStr(d.range)),
      ['0:9-0:15'],
    );
    await c.close(configUri);
    assert.deepEqual(
      (await c.diagnostics(configUri)).map((d) => rangeStr(d.range)),
      ['0:9-0:15'],
    );
  }),
);

test('workspace folder URIs with a trailing slash find the config file too', { timeout: 20000 }, async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kg-lsp-'));
  fs.writeFileSync(path.join(dir, '.kube-guardrails.yaml'), yaml('rules:', '  pss-privileged: warning'));
  const c = new TestClient();
  try {
    await c.initialize({ folders: [{ uri: pathToFileURL(dir).toString() + '/', name: 'ws' }] });
    const uri = pathToFileURL(path.join(dir, 'pod.yaml')).toString();
    assert.deepEqual(privileged(await c.open(uri, PRIVILEGED_POD)), [['9:6-9:22', DiagnosticSeverity.Warning]]);
  } finally {
    c.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

/** A workspace folder on disk holding the given files (path relative to it -> text). */
async function withFiles(
  files: Record<string, string>,
  fn: (c: TestClient, dir: string, at: (rel: string) => string) => Promise<void>,
): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kg-lsp-'));
  for (const [rel, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), text);
  }
  const c = new TestClient();
  try {
    await c.initialize({ folders: [{ uri: pathToFileURL(dir).toString(), name: 'ws' }] });
    await fn(c, dir, (rel) => pathToFileURL(path.join(dir, rel)).toString());
  } finally {
    c.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

test('the nearest config file applies, as in the CLI: a nested config wins below it, the root config elsewhere', { timeout: 20000 }, () =>
  withFiles(
    {
      '.kube-guardrails.yaml': yaml('rules:', '  pss-privileged: warning'),
      'team/.kube-guardrails.yaml': yaml('rules:', '  pss-privileged: info', 'bogus: 1'),
    },
    async (c, _dir, at) => {
      assert.deepEqual(await c.diagnostics(at('.kube-guardrails.yaml')), []);
      assert.deepEqual(privileged(await c.openOwn(at('team/pod.yaml'), PRIVILEGED_POD)), [['9:6-9:22', DiagnosticSeverity.Information]]);
      assert.deepEqual(privileged(await c.openOwn(at('team/apps/deep/pod.yaml'), PRIVILEGED_POD)), [
        ['9:6-9:22', DiagnosticSeverity.Information],
      ]);
      assert.deepEqual(privileged(await c.openOwn(at('pod.yaml'), PRIVILEGED_POD)), [['9:6-9:22', DiagnosticSeverity.Warning]]);
      assert.deepEqual(privileged(await c.openOwn(at('other/pod.yaml'), PRIVILEGED_POD)), [['9:6-9:22', DiagnosticSeverity.Warning]]);
      // The nested config's own problems are published on it, at the exact key.
      const problems = await c.diagnostics(at('team/.kube-guardrails.yaml'));
      assert.deepEqual(
        problems.map((p) => [rangeStr(p.range), p.code]),
        [['2:0-2:5', 'config-schema']],
      );
    },
  ),
);

test('creating and deleting a nested config file changes the diagnostics of an open document below it', { timeout: 20000 }, () =>
  withFiles({ '.kube-guardrails.yaml': yaml('rules:', '  pss-privileged: warning') }, async (c, dir, at) => {
    assert.deepEqual(await c.diagnostics(at('.kube-guardrails.yaml')), []);
    const below = at('team/pod.yaml');
    const beside = at('pod.yaml');
    assert.deepEqual(privileged(await c.openOwn(below, PRIVILEGED_POD)), [['9:6-9:22', DiagnosticSeverity.Warning]]);
    assert.deepEqual(privileged(await c.openOwn(beside, PRIVILEGED_POD)), [['9:6-9:22', DiagnosticSeverity.Warning]]);

    const nested = path.join(dir, 'team', '.kube-guardrails.yaml');
    fs.mkdirSync(path.join(dir, 'team'));
    fs.writeFileSync(nested, yaml('rules:', '  pss-privileged: off'));
    await c.fileChanged(at('team/.kube-guardrails.yaml'), FileChangeType.Created);
    assert.deepEqual(privileged(await c.ownDiagnostics(below)), []);
    assert.deepEqual(privileged(await c.ownDiagnostics(beside)), [['9:6-9:22', DiagnosticSeverity.Warning]]);
    assert.deepEqual(await c.diagnostics(at('team/.kube-guardrails.yaml')), []);

    fs.writeFileSync(nested, yaml('rules:', '  pss-privileged: loud'));
    await c.fileChanged(at('team/.kube-guardrails.yaml'), FileChangeType.Changed);
    assert.deepEqual(
      (await c.diagnostics(at('team/.kube-guardrails.yaml'))).map((p) => rangeStr(p.range)),
      ['1:18-1:22'],
    );
    // An invalid level is ignored: the default severity (error) applies below the nested config.
    assert.deepEqual(privileged(await c.ownDiagnostics(below)), [['9:6-9:22', DiagnosticSeverity.Error]]);
    await c.ownDiagnostics(beside);

    fs.rmSync(nested);
    await c.fileChanged(at('team/.kube-guardrails.yaml'), FileChangeType.Deleted);
    assert.deepEqual(await c.diagnostics(at('team/.kube-guardrails.yaml')), [], 'a deleted config keeps no problems');
    assert.deepEqual(privileged(await c.ownDiagnostics(below)), [['9:6-9:22', DiagnosticSeverity.Warning]]);
  }),
);

test('without file watching, a nested config document opened or saved in the editor takes effect', { timeout: 20000 }, async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kg-lsp-'));
  const c = new TestClient();
  try {
    await c.initialize({
      capabilities: { workspace: { configuration: true, workspaceFolders: true } },
      folders: [{ uri: pathToFileURL(dir).toString(), name: 'ws' }],
    });
    const below = pathToFileURL(path.join(dir, 'team', 'pod.yaml')).toString();
    assert.deepEqual(privileged(await c.openOwn(below, PRIVILEGED_POD)), [['9:6-9:22', DiagnosticSeverity.Error]]);
    fs.mkdirSync(path.join(dir, 'team'));
    const nested = path.join(dir, 'team', '.kube-guardrails.yml');
    fs.writeFileSync(nested, yaml('rules:', '  pss-privileged: info'));
    const nestedUri = pathToFileURL(nested).toString();
    await c.conn.sendNotification('textDocument/didOpen', {
      textDocument: { uri: nestedUri, languageId: 'yaml', version: 1, text: yaml('rules:', '  pss-privileged: info') },
    });
    assert.deepEqual(privileged(await c.ownDiagnostics(below)), [['9:6-9:22', DiagnosticSeverity.Information]]);
    fs.writeFileSync(nested, yaml('rules:', '  pss-privileged: warning'));
    await c.save(nestedUri);
    assert.deepEqual(privileged(await c.ownDiagnostics(below)), [['9:6-9:22', DiagnosticSeverity.Warning]]);
  } finally {
    c.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test(
  'a config above the workspace folder is not used inside it; a file outside every folder searches upward like the CLI',
  { timeout: 20000 },
  async () => {
    const parent = fs.mkdtempSync(path.join(os.tmpdir(), 'kg-lsp-'));
    fs.writeFileSync(path.join(parent, '.kube-guardrails.yaml'), yaml('rules:', '  pss-privileged: info'));
    fs.mkdirSync(path.join(parent, 'ws'));
    const c = new TestClient();
    try {
      await c.initialize({ folders: [{ uri: pathToFileURL(path.join(parent, 'ws')).toString(), name: 'ws' }] });
      const inside = pathToFileURL(path.join(parent, 'ws', 'pod.yaml')).toString();
      assert.deepEqual(privileged(await c.openOwn(inside, PRIVILEGED_POD)), [['9:6-9:22', DiagnosticSeverity.Error]]);
      const outside = pathToFileURL(path.join(parent, 'elsewhere', 'pod.yaml')).toString();
      assert.deepEqual(privileged(await c.openOwn(outside, PRIVILEGED_POD)), [['9:6-9:22', DiagnosticSeverity.Information]]);
    } finally {
      c.dispose();
      fs.rmSync(parent, { recursive: true, force: true });
    }
  },
);
