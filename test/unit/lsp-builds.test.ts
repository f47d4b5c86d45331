import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { TestClient, applyWorkspaceEdit, rangeStr } from '../lsp/harness';
import { pathToUri } from '../../server/src/lsp/uris';
import { SHARED } from '../helpers';
import { FIX_ALL_KIND } from '../../server/src/lsp/commands';

/**
 * The editor analyses Kustomize builds: a patch's finding is shown in the patch (not the
 * standalone false warnings), and editing the patch rebuilds and moves it.
 */

const FIXTURE = path.join(__dirname, '..', '..', '..', 'test', 'fixtures', 'kustomize', 'overlay-privileged');

const SCAFFOLD = path.join(SHARED, 'corpus', 'helm', 'helm-create', 'chart');

/**
 * A workspace folder holding a copy of `source` (at `into` inside it), changed by `prepare`,
 * served to a fresh client that has indexed it; removed afterwards.
 */
async function inWorkspace(
  source: string,
  into: string,
  body: (c: TestClient, dir: string) => Promise<void>,
  prepare?: (dir: string) => void,
): Promise<void> {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'kg-builds-')));
  fs.cpSync(source, path.join(dir, into), { recursive: true });
  prepare?.(dir);
  const c = new TestClient({ workspacePublishDelayMs: 0 });
  try {
    await c.initialize({ folders: [{ uri: pathToFileURL(dir).toString(), name: 'ws' }] });
    await c.settled();
    await body(c, dir);
  } finally {
    c.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Replaces `from` by `to` in the file at `rel` of the workspace. */
const rewrite = (rel: string, from: string, to: string) => (dir: string) => {
  const file = path.join(dir, rel);
  fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace(from, to));
};

const summary = (ds: ReadonlyArray<{ code?: string | number | undefined; range: Parameters<typeof rangeStr>[0] }>) =>
  ds.map((d) => `${String(d.code)} ${rangeStr(d.range)}`).sort();

test('a patch shows only the finding its value causes in the build, and it follows edits', async () => {
  await inWorkspace(FIXTURE, '', async (c, dir) => {
    const patch = path.join(dir, 'overlays/prod/replicas.yaml');
    const uri = pathToUri(patch);
    const text = fs.readFileSync(patch, 'utf8');
    await c.open(uri, text);
    await c.settled();
    assert.deepEqual(summary(c.lastDiagnostics(uri)), ['pss-privileged 11:12-11:28']);
    const privileged = c.lastDiagnostics(uri)[0]!;
    assert.match(
      privileged.message,
      /^Container "web" of Deployment "web" is privileged\. \(Deployment "web" in namespace "prod" built by overlays\/prod\)$/,
    );
    assert.deepEqual(
      privileged.relatedInformation?.map((r) => [r.location.uri, r.message]),
      [[pathToUri(path.join(dir, 'overlays/prod/kustomization.yaml')), 'built as Deployment "web" in namespace "prod" by overlays/prod']],
    );
    // The base shows what the build gives it (cross-file findings on the built object), not standalone warnings.
    const base = pathToUri(path.join(dir, 'base/deployment.yaml'));
    assert.deepEqual(summary(c.lastDiagnostics(base)), [
      'default-service-account 15:4-15:8',
      'netpol-default-deny 3:2-3:11',
      'netpol-egress-isolation 3:2-3:11',
      'netpol-ingress-isolation 3:2-3:11',
    ]);

    // Two lines inserted above: the finding moves with the value.
    await c.sendChange(uri, text.replace('  replicas: 3\n', '  replicas: 3\n  minReadySeconds: 5\n  revisionHistoryLimit: 2\n'));
    await c.settled();
    assert.deepEqual(summary(c.lastDiagnostics(uri)), ['pss-privileged 13:12-13:28']);
    // The quick fix edits the patch (the file that wrote the value), verified by a rebuild.
    const moved = c.lastDiagnostics(uri)[0]!;
    const actions = await c.codeActions(uri, moved.range, [moved]);
    const fix = actions.find((a) => a.isPreferred);
    assert.equal(fix?.title, 'Set privileged: false');
    const edited = applyWorkspaceEdit(c.text(uri), uri, fix.edit);
    assert.equal(edited, c.text(uri).replace('privileged: true', 'privileged: false'));
    await c.sendChange(uri, edited);
    await c.settled();
    assert.deepEqual(summary(c.lastDiagnostics(uri)), []);
  });
});

test('deleting the overlay kustomization makes the patch a standalone manifest again', async () => {
  await inWorkspace(FIXTURE, '', async (c, dir) => {
    const patch = pathToUri(path.join(dir, 'overlays/prod/replicas.yaml'));
    await c.open(patch, fs.readFileSync(path.join(dir, 'overlays/prod/replicas.yaml'), 'utf8'));
    await c.settled();
    assert.deepEqual(summary(c.lastDiagnostics(patch)), ['pss-privileged 11:12-11:28']);
    const k = path.join(dir, 'overlays/prod/kustomization.yaml');
    fs.rmSync(k);
    await c.fileChanged(pathToUri(k), 3);
    await c.settled();
    assert.ok(c.lastDiagnostics(patch).length > 5, summary(c.lastDiagnostics(patch)).join(', '));
  });
});

test('a Helm chart: its template shows the findings of the render, placed in the template', async () => {
  await inWorkspace(SCAFFOLD, 'demo', async (c, dir) => {
    const file = path.join(dir, 'demo/templates/deployment.yaml');
    const uri = pathToUri(file);
    await c.open(uri, fs.readFileSync(file, 'utf8'));
    await c.settled();
    const codes = c.lastDiagnostics(uri).map((d) => String(d.code));
    assert.ok(codes.includes('pss-run-as-non-root'), codes.join(', '));
    assert.ok(!codes.includes('not-analyzed'), codes.join(', '));
    for (const d of c.lastDiagnostics(uri))
      assert.match(d.message, /\(Deployment "release-name-chart"( in namespace "default")? built by demo\)$/);
  });
});

test('a Helm value: the finding is on the values key, and its quick fix edits the values file', async () => {
  const privileged = rewrite('demo/values.yaml', 'securityContext: {}', 'securityContext:\n  privileged: true');
  await inWorkspace(
    SCAFFOLD,
    'demo',
    async (c, dir) => {
      const valuesFile = path.join(dir, 'demo/values.yaml');
      const uri = pathToUri(valuesFile);
      const text = fs.readFileSync(valuesFile, 'utf8');
      await c.open(uri, text);
      await c.settled();
      const line = text.split('\n').indexOf('  privileged: true');
      // The value on its key; the fields the container's securityContext (`toYaml .Values.securityContext`) lacks on the values key.
      const missing = [
        'pss-allow-privilege-escalation',
        'pss-capabilities-restricted',
        'pss-run-as-non-root',
        'pss-seccomp-profile-restricted',
        'read-only-root-filesystem',
      ];
      const onKey = missing.map((r) => `${r} ${line - 1}:0-${line - 1}:15`);
      assert.deepEqual(summary(c.lastDiagnostics(uri)), [...onKey, `pss-privileged ${line}:2-${line}:18`].sort());
      const d = c.lastDiagnostics(uri).find((x) => x.code === 'pss-privileged')!;
      const fix = (await c.codeActions(uri, d.range, [d])).find((a) => a.isPreferred);
      assert.equal(fix?.title, 'Set privileged: false');
      const edited = applyWorkspaceEdit(text, uri, fix.edit);
      assert.equal(edited, text.replace('  privileged: true', '  privileged: false'));
      await c.sendChange(uri, edited);
      await c.settled();
      assert.deepEqual(summary(c.lastDiagnostics(uri)), onKey.sort());
    },
    privileged,
  );
});

test('helm create: a missing field under "with .Values.securityContext" is fixed in values.yaml', async () => {
  await inWorkspace(SCAFFOLD, 'demo', async (c, dir) => {
    const template = path.join(dir, 'demo/templates/deployment.yaml');
    const uri = pathToUri(template);
    await c.open(uri, fs.readFileSync(template, 'utf8'));
    await c.settled();
    const d = c.lastDiagnostics(uri).find((x) => x.code === 'read-only-root-filesystem');
    assert.ok(d, summary(c.lastDiagnostics(uri)).join(', '));
    const fix = (await c.codeActions(uri, d.range, [d])).find((a) => a.isPreferred);
    assert.equal(fix?.title, 'Set readOnlyRootFilesystem: true (in values.yaml: securityContext)');
    const valuesFile = path.join(dir, 'demo/values.yaml');
    const valuesUri = pathToUri(valuesFile);
    const values = fs.readFileSync(valuesFile, 'utf8');
    const edited = applyWorkspaceEdit(values, valuesUri, fix.edit);
    assert.equal(edited, values.replace('\nsecurityContext: {}\n', '\nsecurityContext: {readOnlyRootFilesystem: true}\n'));
    await c.open(valuesUri, values);
    await c.sendChange(valuesUri, edited);
    await c.settled();
    assert.ok(!c.lastDiagnostics(uri).some((x) => x.code === 'read-only-root-filesystem'), summary(c.lastDiagnostics(uri)).join(', '));
  });
});

test('fix-all in an overlay patch: every verified fix of its findings, in the patch', async () => {
  const both = rewrite('overlays/prod/replicas.yaml', 'privileged: true', 'privileged: true\n            allowPrivilegeEscalation: true');
  await inWorkspace(
    FIXTURE,
    '',
    async (c, dir) => {
      const patchFile = path.join(dir, 'overlays/prod/replicas.yaml');
      const text = fs.readFileSync(patchFile, 'utf8');
      const uri = pathToUri(patchFile);
      await c.open(uri, text);
      await c.settled();
      assert.deepEqual(summary(c.lastDiagnostics(uri)), ['pss-allow-privilege-escalation 12:12-12:42', 'pss-privileged 11:12-11:28']);
      const actions = await c.codeActions(uri, { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, [], [FIX_ALL_KIND]);
      assert.deepEqual(
        actions.map((a) => [a.title, a.kind]),
        [['Fix all auto-fixable problems', FIX_ALL_KIND]],
      );
      const fixed = applyWorkspaceEdit(text, uri, actions[0]!.edit);
      assert.equal(
        fixed,
        text.replace('privileged: true', 'privileged: false').replace('allowPrivilegeEscalation: true', 'allowPrivilegeEscalation: false'),
      );
    },
    both,
  );
});
