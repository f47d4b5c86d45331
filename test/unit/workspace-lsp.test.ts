import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { PassThrough } from 'stream';
import {
  CodeActionRequest,
  CodeLensRefreshRequest,
  CodeLensRequest,
  createConnection,
  createProtocolConnection,
  DidChangeTextDocumentNotification,
  DidChangeWatchedFilesNotification,
  DidCloseTextDocumentNotification,
  DidOpenTextDocumentNotification,
  FileChangeType,
  HoverRequest,
  InitializedNotification,
  InitializeRequest,
  ProposedFeatures,
  PublishDiagnosticsNotification,
  RegistrationRequest,
  StreamMessageReader,
  StreamMessageWriter,
  TextDocuments,
  TextDocumentSyncKind,
  WorkDoneProgressCancelNotification,
  WorkDoneProgressCreateRequest,
  type Diagnostic,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
  type Registration,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { attachWorkspace, type AttachOptions, type WorkspaceService } from '../../server/src/lsp/workspace/attachWorkspace';
import { DiagnosticsPublisher } from '../../server/src/lsp/diagnosticsPublisher';
import { DEFAULT_SETTINGS, type ServerSettings } from '../../server/src/lsp/settings';
import { pathToUri } from '../../server/src/lsp/uris';
import { yaml } from '../helpers';

/**
 * The workspace glue driven in-process: a minimal server (what startServer wires: document
 * sync and its fan-out, initialized -> start, watched files, hover) plus a fake
 * per-document validator that publishes one diagnostic per open document through the same
 * publisher, to check the two producers' diagnostics merge.
 */
const WEB = yaml(
  'apiVersion: apps/v1',
  'kind: Deployment',
  'metadata:',
  '  name: web',
  '  namespace: shop',
  'spec:',
  '  selector: {matchLabels: {app: web}}',
  '  template:',
  '    metadata:',
  '      labels: {app: web}',
  '    spec:',
  '      serviceAccountName: web',
  '      containers:',
  '        - name: web',
  '          image: nginx:1.27',
);
const SA = yaml(
  'apiVersion: v1',
  'kind: ServiceAccount',
  'metadata:',
  '  name: web',
  '  namespace: shop',
  '---',
  'apiVersion: rbac.authorization.k8s.io/v1',
  'kind: RoleBinding',
  'metadata: {name: web-secrets, namespace: shop}',
  'roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: edit}',
  'subjects:',
  '  - kind: ServiceAccount',
  '    name: web',
);
const POLICY = yaml(
  'apiVersion: networking.k8s.io/v1',
  'kind: NetworkPolicy',
  'metadata: {name: web, namespace: shop}',
  'spec:',
  '  podSelector: {matchLabels: {app: web}}',
  '  policyTypes: [Ingress, Egress]',
);

class Harness {
  readonly client: ProtocolConnection;
  readonly service: WorkspaceService;
  readonly registrations: Registration[] = [];
  readonly progress: unknown[] = [];
  settings: ServerSettings = DEFAULT_SETTINGS;
  /** The scope uri of every settings lookup. */
  readonly settingsAsked: string[] = [];
  codeLensRefreshes = 0;
  readonly progressTokens: Array<string | number> = [];
  /** Every diagnostics notification, in order. */
  readonly published: PublishDiagnosticsParams[] = [];
  started?: Promise<void>;
  private readonly latest = new Map<string, PublishDiagnosticsParams>();
  private readonly waiters: Array<() => void> = [];
  private versions = new Map<string, number>();

  constructor(
    readonly root: string,
    attachOptions: AttachOptions = {},
  ) {
    const toServer = new PassThrough();
    const toClient = new PassThrough();
    const connection = createConnection(ProposedFeatures.all, new StreamMessageReader(toServer), new StreamMessageWriter(toClient));
    const documents = new TextDocuments(TextDocument);
    const publisher = new DiagnosticsPublisher((p) => connection.sendDiagnostics(p));
    this.service = attachWorkspace(
      connection,
      documents,
      (uri) => {
        this.settingsAsked.push(uri);
        return this.settings;
      },
      publisher,
      { publishDelayMs: 1, ...attachOptions },
    );
    connection.onInitialize(() => ({ capabilities: { textDocumentSync: TextDocumentSyncKind.Incremental, hoverProvider: true } }));
    connection.onRequest('test/ping', () => null);
    connection.onInitialized(() => {
      this.started = this.service.start({
        folders: [root],
        capabilities: {
          workspace: {
            didChangeWatchedFiles: { dynamicRegistration: true },
            workspaceEdit: { documentChanges: true, resourceOperations: ['create'] },
            codeLens: { refreshSupport: true },
          },
          textDocument: { codeLens: { dynamicRegistration: true } },
        },
      });
    });
    connection.onDidChangeWatchedFiles((p) => void this.service.filesChanged(p.changes));
    connection.onHover((p) => this.service.hover(p));
    connection.onCodeAction((p) => this.service.codeActions(p));
    // startServer's fan-out (without its quiet period), with a stand-in for the per-document
    // validator: one diagnostic on line 0 of each open document, published after settling
    // the workspace for that document (as the validator does).
    documents.onDidChangeContent(({ document }) => {
      this.service.documentEdited(document.uri);
      const own: Diagnostic = {
        range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } },
        message: 'per-document',
        source: 'validator',
      };
      this.service.documentSettled(document.uri, this.settings);
      void publisher.publish(document.uri, 'document', [own], document.version);
    });
    documents.onDidClose(({ document }) => this.service.documentClosed(document.uri));
    documents.listen(connection);
    connection.listen();
    this.client = createProtocolConnection(new StreamMessageReader(toClient), new StreamMessageWriter(toServer));
    this.client.onNotification(PublishDiagnosticsNotification.type, (p) => {
      this.published.push(p);
      this.latest.set(p.uri, p);
      this.waiters.splice(0).forEach((w) => w());
    });
    this.client.onRequest(RegistrationRequest.type, (p) => void this.registrations.push(...p.registrations));
    this.client.onRequest(WorkDoneProgressCreateRequest.type, (p) => void this.progressTokens.push(p.token));
    this.client.onRequest(CodeLensRefreshRequest.type, () => void this.codeLensRefreshes++);
    this.client.onProgress({ method: '$/progress' } as never, undefined as never, () => undefined);
    this.client.onNotification('$/progress', (p: unknown) => void this.progress.push(p));
    this.client.listen();
  }

  async init(): Promise<void> {
    await this.initNoWait();
    await this.ping(); // the server has handled `initialized`, so start() is running
    await this.started;
    await this.settle();
  }

  /** Initializes and returns at once: indexing has just begun. */
  async initNoWait(): Promise<void> {
    await this.client.sendRequest(InitializeRequest.type, {
      processId: null,
      rootUri: null,
      capabilities: { window: { workDoneProgress: true } },
      workspaceFolders: null,
    });
    await this.client.sendNotification(InitializedNotification.type, {});
  }

  /** A round trip: the server answers after handling every message sent before it. */
  ping(): Promise<unknown> {
    return this.client.sendRequest('test/ping');
  }

  /** Waits until the server has indexed, analysed and published everything pending. */
  async settle(): Promise<void> {
    await this.ping();
    await this.service.idle();
    // Diagnostics published before idle() resolved precede this answer on the stream.
    await this.ping();
  }

  uri(name: string): string {
    return pathToUri(path.join(this.root, name));
  }
  rules(name: string): string[] {
    return (this.latest.get(this.uri(name))?.diagnostics ?? []).map((d) => String(d.code ?? d.source));
  }
  diagnostics(name: string): Diagnostic[] {
    return this.latest.get(this.uri(name))?.diagnostics ?? [];
  }
  async open(name: string, text: string): Promise<void> {
    this.versions.set(name, 1);
    await this.client.sendNotification(DidOpenTextDocumentNotification.type, {
      textDocument: { uri: this.uri(name), languageId: 'yaml', version: 1, text },
    });
    await this.settle();
  }
  async change(name: string, text: string): Promise<void> {
    const v = (this.versions.get(name) ?? 1) + 1;
    this.versions.set(name, v);
    await this.client.sendNotification(DidChangeTextDocumentNotification.type, {
      textDocument: { uri: this.uri(name), version: v },
      contentChanges: [{ text }],
    });
    await this.settle();
  }
  async close(name: string): Promise<void> {
    await this.client.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri: this.uri(name) } });
    await this.settle();
  }
  async watched(name: string, type: FileChangeType): Promise<void> {
    await this.client.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri: this.uri(name), type }] });
    await this.settle();
  }
  dispose(): void {
    this.client.dispose();
  }
}

/** `n` small Service files under svc/: a workspace big enough that indexing it takes a while. */
function manyServices(n: number): Record<string, string> {
  const files: Record<string, string> = {};
  for (let i = 0; i < n; i++)
    files[`svc/s${i}.yaml`] = yaml(
      'apiVersion: v1',
      'kind: Service',
      `metadata: {name: s${i}, namespace: shop}`,
      'spec: {selector: {app: web}}',
    );
  return files;
}

function tempWorkspace(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kg-ws-'));
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

test('indexes the folder on start with work-done progress and publishes for closed files', async () => {
  const root = tempWorkspace({
    'app.yaml': WEB,
    'rbac.yaml': SA,
    'node_modules/x/dep.yaml': POLICY,
    '.git/p.yaml': POLICY,
    'notes.txt': POLICY,
  });
  const h = new Harness(root);
  try {
    await h.init();
    assert.deepEqual(h.service.index.files(), [path.join(root, 'app.yaml'), path.join(root, 'rbac.yaml')]);
    assert.ok(h.rules('app.yaml').includes('netpol-ingress-isolation'));
    assert.ok(h.rules('app.yaml').includes('workload-sa-permissions'));
    const kinds = h.progress.map((p) => (p as { value: { kind: string } }).value.kind);
    assert.equal(kinds[0], 'begin');
    assert.equal(kinds[kinds.length - 1], 'end');
    assert.deepEqual(
      h.registrations.map((r) => r.method).sort(),
      [CodeLensRequest.method, DidChangeWatchedFilesNotification.method].sort(),
    );
  } finally {
    h.dispose();
  }
});

test('editing an open file (adding, then removing a NetworkPolicy) changes findings in another, closed file', async () => {
  const root = tempWorkspace({ 'app.yaml': WEB, 'policy.yaml': '' });
  const h = new Harness(root);
  try {
    await h.init();
    assert.ok(h.rules('app.yaml').includes('netpol-ingress-isolation'));
    await h.open('policy.yaml', '');
    await h.change('policy.yaml', POLICY);
    assert.ok(!h.rules('app.yaml').includes('netpol-ingress-isolation'), 'the policy in the open buffer isolates web');
    assert.ok(!h.rules('app.yaml').includes('netpol-egress-isolation'));
    // The open buffer wins over the disk (still empty there), and diagnostics merge with the per-document ones.
    assert.deepEqual(h.rules('policy.yaml'), ['validator']);
    await h.change('policy.yaml', POLICY.replace('app: web', 'app: other'));
    const ingress = h.diagnostics('app.yaml').find((d) => d.code === 'netpol-ingress-isolation')!;
    assert.ok(ingress, 'web is open again once the policy selects other pods');
    assert.deepEqual(ingress.range, { start: { line: 3, character: 2 }, end: { line: 3, character: 11 } });
    assert.deepEqual(ingress.relatedInformation, [
      {
        location: { uri: h.uri('policy.yaml'), range: { start: { line: 4, character: 2 }, end: { line: 4, character: 42 } } },
        message: 'NetworkPolicy "web" selects app=other, not these pods.',
      },
    ]);
    // Closing discards the unsaved buffer: the disk's empty file counts again.
    await h.close('policy.yaml');
    assert.ok(h.rules('app.yaml').includes('netpol-ingress-isolation'));
  } finally {
    h.dispose();
  }
});

test('watched file events add and remove objects of closed files; open documents keep their own text', async () => {
  const root = tempWorkspace({ 'app.yaml': WEB });
  const h = new Harness(root);
  try {
    await h.init();
    assert.ok(h.rules('app.yaml').includes('netpol-ingress-isolation'));
    fs.writeFileSync(path.join(root, 'policy.yaml'), POLICY);
    await h.watched('policy.yaml', FileChangeType.Created);
    assert.ok(!h.rules('app.yaml').includes('netpol-ingress-isolation'));
    fs.rmSync(path.join(root, 'policy.yaml'));
    await h.watched('policy.yaml', FileChangeType.Deleted);
    assert.ok(h.rules('app.yaml').includes('netpol-ingress-isolation'));
    // An open document ignores disk events for its uri.
    await h.open('app.yaml', WEB.replace('app: web}', 'app: web, tier: x}'));
    fs.writeFileSync(path.join(root, 'app.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n');
    await h.watched('app.yaml', FileChangeType.Changed);
    assert.equal(h.service.index.byKind('Deployment').length, 1);
  } finally {
    h.dispose();
  }
});

test('kubeGuardrails.exclude and rule levels apply to the workspace analysis', async () => {
  const root = tempWorkspace({ 'app.yaml': WEB, 'generated/policy.yaml': POLICY });
  const h = new Harness(root);
  h.settings = {
    ...DEFAULT_SETTINGS,
    exclude: ['generated/**'],
    rules: { 'netpol-egress-isolation': 'off', 'netpol-ingress-isolation': 'error' },
  };
  try {
    await h.init();
    assert.deepEqual(h.service.index.files(), [path.join(root, 'app.yaml')]);
    const d = h.diagnostics('app.yaml');
    assert.equal(d.find((x) => x.code === 'netpol-ingress-isolation')?.severity, 1);
    assert.equal(
      d.some((x) => x.code === 'netpol-egress-isolation'),
      false,
    );
  } finally {
    h.dispose();
  }
});

test('hover on serviceAccountName and on a ServiceAccount shows effective permissions; CodeLens per workload', async () => {
  const root = tempWorkspace({ 'app.yaml': WEB, 'rbac.yaml': SA });
  const h = new Harness(root);
  try {
    await h.init();
    const onWorkload = await h.client.sendRequest(HoverRequest.type, {
      textDocument: { uri: h.uri('app.yaml') },
      position: { line: 11, character: 12 },
    });
    const md = (onWorkload?.contents as { value: string }).value;
    assert.match(md, /^\*\*Effective permissions of ServiceAccount web\*\* \(namespace shop\)/);
    assert.match(md, /get, list, watch secrets .*namespace "shop", via RoleBinding "web-secrets" → ClusterRole "edit"/);
    assert.deepEqual(onWorkload?.range, { start: { line: 11, character: 6 }, end: { line: 11, character: 29 } });
    const onSa = await h.client.sendRequest(HoverRequest.type, {
      textDocument: { uri: h.uri('rbac.yaml') },
      position: { line: 3, character: 9 },
    });
    assert.equal((onSa?.contents as { value: string }).value, md);
    const nothing = await h.client.sendRequest(HoverRequest.type, {
      textDocument: { uri: h.uri('app.yaml') },
      position: { line: 0, character: 1 },
    });
    assert.equal(nothing, null);
    const lenses = await h.client.sendRequest(CodeLensRequest.type, { textDocument: { uri: h.uri('app.yaml') } });
    assert.equal(lenses?.length, 1);
    assert.match(
      lenses![0]!.command!.title,
      /^PSS: baseline · Ingress: not isolated · Egress: not isolated · SA "web": \d+ dangerous permissions$/,
    );
  } finally {
    h.dispose();
  }
});

test('through startServer: a policy opened in one file clears the isolation finding of a closed file', { timeout: 20000 }, async () => {
  // The real server (lsp/startServer.ts) with the workspace wired in, driven by the LSP test client.
  const { TestClient } = await import('../lsp/harness');
  const root = tempWorkspace({ 'app.yaml': WEB });
  const c = new TestClient();
  try {
    await c.initialize({ folders: [{ uri: pathToUri(root), name: 'ws' }] });
    const appUri = pathToUri(path.join(root, 'app.yaml'));
    let ds = await c.diagnostics(appUri);
    assert.ok(
      ds.some((d) => d.code === 'netpol-ingress-isolation'),
      'indexed from disk on initialized',
    );
    const policyUri = pathToUri(path.join(root, 'policy.yaml'));
    const own = await c.open(policyUri, POLICY);
    assert.deepEqual(
      own.filter((d) => d.code === 'netpol-ingress-isolation'),
      [],
    );
    // The next publish for app.yaml (closed) drops the isolation findings.
    do ds = await c.diagnostics(appUri);
    while (ds.some((d) => d.code === 'netpol-ingress-isolation'));
    assert.deepEqual(
      ds.filter((d) => String(d.code).startsWith('netpol-') && d.code !== 'netpol-default-deny'),
      [],
    );
  } finally {
    c.dispose();
  }
});

test('quick fixes on workspace findings create a NetworkPolicy: appended to the file or in a new file', async () => {
  const svc = yaml(
    'apiVersion: v1',
    'kind: Service',
    'metadata: {name: web, namespace: shop}',
    'spec:',
    '  selector: {app: web}',
    '  ports: [{port: 80, targetPort: 8080}]',
  );
  const root = tempWorkspace({ 'app.yaml': WEB, 'svc.yaml': svc });
  const h = new Harness(root);
  try {
    await h.init();
    const isolation = h.diagnostics('app.yaml').find((d) => d.code === 'netpol-ingress-isolation')!;
    const actions = (await h.client.sendRequest(CodeActionRequest.type, {
      textDocument: { uri: h.uri('app.yaml') },
      range: isolation.range,
      context: { diagnostics: [isolation] },
    })) as Array<{
      title: string;
      edit: { changes?: Record<string, Array<{ range: unknown; newText: string }>>; documentChanges?: unknown[] };
    }>;
    assert.deepEqual(
      actions.map((a) => a.title),
      [
        'Create a default-deny NetworkPolicy for namespace "shop" (append to this file)',
        'Create a default-deny NetworkPolicy for namespace "shop" (new file networkpolicy-default-deny-shop.yaml)',
        'Allow the traffic the Services of Deployment "web" expose (append to this file)',
        'Allow the traffic the Services of Deployment "web" expose (new file networkpolicy-web-allow-service-ports.yaml)',
      ],
    );
    const append = actions[2]!.edit.changes![h.uri('app.yaml')]![0];
    assert.deepEqual(append!.range, { start: { line: 15, character: 0 }, end: { line: 15, character: 0 } });
    assert.match(append!.newText, /^---\napiVersion: networking.k8s.io\/v1\nkind: NetworkPolicy\n/);
    assert.equal(actions[1]!.edit.documentChanges!.length, 2);
    // Apply the append edit on disk: the finding goes away.
    fs.appendFileSync(path.join(root, 'app.yaml'), append!.newText);
    await h.watched('app.yaml', FileChangeType.Changed);
    assert.ok(!h.rules('app.yaml').includes('netpol-ingress-isolation'));
    // Only workspace diagnostics get these actions.
    const other = await h.client.sendRequest(CodeActionRequest.type, {
      textDocument: { uri: h.uri('app.yaml') },
      range: isolation.range,
      context: { diagnostics: [{ ...isolation, data: undefined }] },
    });
    assert.deepEqual(other, []);
  } finally {
    h.dispose();
  }
});

test('settings are asked once per workspace folder, not once per file, when indexing', async () => {
  const files: Record<string, string> = { 'app.yaml': WEB, 'rbac.yaml': SA };
  for (let i = 0; i < 20; i++) files[`team/svc-${i}.yaml`] = POLICY.replace('name: web', `name: p${i}`);
  const root = tempWorkspace(files);
  const h = new Harness(root);
  try {
    await h.init();
    assert.equal(h.service.index.files().length, 22);
    assert.deepEqual([...new Set(h.settingsAsked)], [pathToUri(root)]);
  } finally {
    h.dispose();
  }
});

test('a newer re-index supersedes a queued one: two refreshes in a row index once', async () => {
  const root = tempWorkspace({ 'app.yaml': WEB, 'rbac.yaml': SA });
  const h = new Harness(root);
  try {
    await h.init();
    h.progress.length = 0;
    void h.service.refresh();
    await h.service.refresh();
    await h.settle();
    const kinds = h.progress.map((p) => (p as { value: { kind: string } }).value.kind);
    assert.deepEqual([kinds.filter((k) => k === 'begin').length, kinds[kinds.length - 1]], [1, 'end']);
  } finally {
    h.dispose();
  }
});

test('while a big workspace is indexed, requests are answered at once: the hover says the index is partial, CodeLenses wait for a refresh', async () => {
  const files: Record<string, string> = { 'app.yaml': WEB, 'rbac.yaml': SA, ...manyServices(3000) };
  const root = tempWorkspace(files);
  const h = new Harness(root);
  const hoverSa = () =>
    h.client.sendRequest(HoverRequest.type, { textDocument: { uri: h.uri('app.yaml') }, position: { line: 11, character: 12 } });
  const lenses = () => h.client.sendRequest(CodeLensRequest.type, { textDocument: { uri: h.uri('app.yaml') } });
  try {
    await h.initNoWait();
    await h.client.sendNotification(DidOpenTextDocumentNotification.type, {
      textDocument: { uri: h.uri('app.yaml'), languageId: 'yaml', version: 1, text: WEB },
    });
    const during = ((await hoverSa())?.contents as { value: string }).value;
    assert.match(during, /^\*\*Effective permissions of ServiceAccount web\*\*/);
    assert.match(during, /_The workspace is still being indexed( \(\d+ of 3002 files\))?: bindings in files not read yet are missing\._$/);
    assert.deepEqual(await lenses(), []);
    assert.equal(h.codeLensRefreshes, 0);
    await h.started;
    await h.settle();
    assert.equal(h.service.index.files().length, 3002);
    assert.equal(h.codeLensRefreshes, 1, 'the client is asked to re-request CodeLenses once indexing ends');
    assert.doesNotMatch(((await hoverSa())?.contents as { value: string }).value, /still being indexed/);
    assert.equal((await lenses())?.length, 1);
  } finally {
    h.dispose();
    fs.rmSync(root, { recursive: true, force: true });
  }
});

test("an edit's own publish carries its fresh cross-file findings while that analysis is fast; when slow, the debounced publish does", async () => {
  for (const [syncAnalysisMs, fresh] of [
    [undefined, true],
    [-1, false],
  ] as const) {
    const root = tempWorkspace({ 'app.yaml': WEB });
    const h = new Harness(root, syncAnalysisMs === undefined ? {} : { syncAnalysisMs });
    try {
      await h.init();
      await h.open('app.yaml', WEB);
      assert.ok(h.rules('app.yaml').includes('netpol-ingress-isolation'));
      await h.change('app.yaml', `${WEB}---\n${POLICY}`);
      const own = h.published.filter((p) => p.uri === h.uri('app.yaml') && p.version === 2);
      assert.equal(own.length, 1);
      const codes = own[0]!.diagnostics.map((d) => d.code);
      assert.equal(codes.includes('netpol-ingress-isolation'), !fresh, `syncAnalysisMs ${syncAnalysisMs}: the version-2 publish`);
      assert.ok(!h.rules('app.yaml').includes('netpol-ingress-isolation'), 'either way, the settled state is fresh');
    } finally {
      h.dispose();
      fs.rmSync(root, { recursive: true, force: true });
    }
  }
});

test('cancelling the indexing progress stops it and withdraws cross-file findings until the next re-index', async () => {
  const files: Record<string, string> = { 'app.yaml': WEB, ...manyServices(3000) };
  const root = tempWorkspace(files);
  const h = new Harness(root);
  const kinds = () => h.progress.map((p) => (p as { value: { kind: string } }).value.kind);
  try {
    await h.initNoWait();
    while (!kinds().includes('begin')) await h.ping();
    await h.client.sendNotification(WorkDoneProgressCancelNotification.type, { token: h.progressTokens[0] });
    await h.started;
    await h.settle();
    assert.equal(kinds()[kinds().length - 1], 'end');
    assert.ok(h.service.index.files().length < 3001, `indexing stopped early (${h.service.index.files().length} files)`);
    assert.deepEqual(h.rules('app.yaml'), [], 'no cross-file findings from a partial index');
    const lenses = await h.client.sendRequest(CodeLensRequest.type, { textDocument: { uri: h.uri('app.yaml') } });
    assert.deepEqual(lenses, []);
    // The next re-index (a settings or folder change) indexes everything again.
    await h.service.refresh();
    await h.settle();
    assert.equal(h.service.index.files().length, 3001);
    assert.ok(h.rules('app.yaml').includes('netpol-ingress-isolation'));
  } finally {
    h.dispose();
    fs.rmSync(root, { recursive: true, force: true });
  }
});
