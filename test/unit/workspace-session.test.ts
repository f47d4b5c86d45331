import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { DEFAULT_SETTINGS } from '../../server/src/lsp/settings';
import { pathToUri } from '../../server/src/lsp/uris';
import { WorkspaceSession } from '../../server/src/lsp/workspace/workspaceSession';
import { yaml } from '../helpers';

/** The workspace state driven directly: no connection, no timers. */
const WEB = yaml(
  'apiVersion: apps/v1',
  'kind: Deployment',
  'metadata: {name: web, namespace: shop}',
  'spec:',
  '  selector: {matchLabels: {app: web}}',
  '  template:',
  '    metadata: {labels: {app: web}}',
  '    spec: {containers: [{name: web, image: nginx:1.27}]}',
);
const POLICY = yaml(
  'apiVersion: networking.k8s.io/v1',
  'kind: NetworkPolicy',
  'metadata: {name: web, namespace: shop}',
  'spec:',
  '  podSelector: {matchLabels: {app: web}}',
  '  policyTypes: [Ingress, Egress]',
);

function session(): { s: WorkspaceSession; open: (file: string, text: string) => TextDocument; close: (file: string) => void } {
  const docs = new Map<string, TextDocument>();
  const s = new WorkspaceSession({
    documents: { get: (uri) => docs.get(uri), all: () => [...docs.values()] },
    getSettings: () => DEFAULT_SETTINGS,
    log: (m) => assert.fail(m),
  });
  return {
    s,
    open: (file, text) => {
      const doc = TextDocument.create(pathToUri(file), 'yaml', 1, text);
      docs.set(doc.uri, doc);
      return doc;
    },
    close: (file) => void docs.delete(pathToUri(file)),
  };
}

function codes(byUri: Map<string, Array<{ code?: string | number }>>, file: string): Array<string | number | undefined> {
  return (byUri.get(pathToUri(file)) ?? []).map((d) => d.code).sort();
}

test('without a folder, open documents are the workspace; files on disk are not', async () => {
  const { s, open } = session();
  const app = path.join(os.tmpdir(), 'kg-no-folder', 'app.yaml');
  await s.setDocument(open(app, WEB));
  assert.deepEqual(s.index.files(), [app]);
  assert.deepEqual(codes(s.findings(DEFAULT_SETTINGS), app), [
    'netpol-default-deny',
    'netpol-egress-isolation',
    'netpol-ingress-isolation',
  ]);
  await s.setDisk(app);
  assert.deepEqual(s.index.files(), [], 'a closed file outside every folder leaves the workspace');
});

test('with a folder, a document outside it takes no part; findings are computed once per index state and settings', async () => {
  const { s, open } = session();
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'kg-session-'));
  try {
    s.setFolders([root]);
    await s.setDocument(open(path.join(os.tmpdir(), 'elsewhere.yaml'), WEB));
    assert.deepEqual(s.index.files(), []);
    const app = path.join(root, 'app.yaml');
    const policy = path.join(root, 'policy.yaml');
    fs.writeFileSync(app, WEB);
    await s.setDisk(app);
    const first = s.findings(DEFAULT_SETTINGS);
    assert.ok(codes(first, app).includes('netpol-ingress-isolation'));
    assert.equal(s.findings(DEFAULT_SETTINGS), first, 'unchanged index and settings: the same result');
    assert.notEqual(s.findings({ ...DEFAULT_SETTINGS, rules: { 'netpol-ingress-isolation': 'off' } }), first);
    // An open document's text wins; while it is being typed in, only a request's flush reads it.
    const doc = open(policy, POLICY);
    s.markDirty(doc.uri);
    await s.flush();
    assert.deepEqual(s.index.files(), [app], 'still in its quiet period');
    s.settle(doc.uri);
    await s.flush();
    assert.deepEqual(s.index.files(), [app, policy]);
    assert.deepEqual(codes(s.findings(DEFAULT_SETTINGS), app), ['netpol-default-deny']);
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});

test('reindex reads the listed files until told to stop, and drops files no longer listed', async () => {
  const { s } = session();
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'kg-session-'));
  try {
    s.setFolders([root]);
    const files = ['a.yaml', 'b.yaml', 'c.yaml'].map((n) => path.join(root, n));
    for (const f of files) fs.writeFileSync(f, WEB.replace('name: web', `name: ${path.basename(f, '.yaml')}`));
    let read = 0;
    const done = await s.reindex(files, { shouldStop: () => read++ >= 2 });
    assert.equal(done, false);
    assert.deepEqual(s.index.files(), files.slice(0, 2));
    assert.deepEqual(s.indexing, { done: 2, total: 3 });
    assert.equal(await s.reindex(files.slice(1), { shouldStop: () => false }), true);
    assert.deepEqual(s.index.files(), files.slice(1));
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});
