import { PassThrough } from 'stream';
import {
  ConfigurationRequest,
  createConnection,
  createProtocolConnection,
  DidChangeConfigurationNotification,
  DidChangeTextDocumentNotification,
  DidChangeWatchedFilesNotification,
  DidCloseTextDocumentNotification,
  DidOpenTextDocumentNotification,
  DidSaveTextDocumentNotification,
  FileChangeType,
  InitializedNotification,
  InitializeRequest,
  ProposedFeatures,
  PublishDiagnosticsNotification,
  RegistrationRequest,
  StreamMessageReader,
  StreamMessageWriter,
  CodeActionRequest,
  CodeActionResolveRequest,
  HoverRequest,
  type ClientCapabilities,
  type CodeAction,
  type Diagnostic,
  type Hover,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
  type Range,
  type Registration,
  type TextEdit,
  type WorkspaceEdit,
  type WorkspaceFolder,
} from 'vscode-languageserver/node';
import { startServer, type ServerHandle, type StartOptions } from '../../server/src/lsp/startServer';

/** Capabilities of a client like VS Code, as far as this server looks at them. */
export const VSCODE_LIKE: ClientCapabilities = {
  workspace: {
    configuration: true,
    didChangeConfiguration: { dynamicRegistration: true },
    didChangeWatchedFiles: { dynamicRegistration: true },
    workspaceFolders: true,
    workspaceEdit: { documentChanges: true },
  },
  textDocument: { publishDiagnostics: { versionSupport: true } },
};

/**
 * A language client in the test process, talking to `startServer` over two in-memory
 * streams. Diagnostics are queued per uri; `diagnostics(uri)` returns the next unread
 * notification, waiting for it when none has arrived yet (never a sleep).
 */
export class TestClient {
  readonly conn: ProtocolConnection;
  settings: Record<string, unknown> = {};
  readonly registrations: Registration[] = [];
  /** The in-process server (see `settled`). */
  readonly server: ServerHandle;
  /** The last diagnostics notification per uri. */
  private readonly latest = new Map<string, PublishDiagnosticsParams>();
  private readonly queues = new Map<string, PublishDiagnosticsParams[]>();
  private readonly waiters = new Map<string, Array<(p: PublishDiagnosticsParams) => void>>();
  private readonly versions = new Map<string, number>();
  private readonly texts = new Map<string, string>();

  constructor(options: StartOptions = {}) {
    const toServer = new PassThrough();
    const toClient = new PassThrough();
    // Message readers/writers (not raw streams): with raw streams the library exits the process when a stream ends.
    this.server = startServer(
      createConnection(ProposedFeatures.all, new StreamMessageReader(toServer), new StreamMessageWriter(toClient)),
      { debounceMs: 5, ...options },
    );
    this.conn = createProtocolConnection(new StreamMessageReader(toClient), new StreamMessageWriter(toServer));
    this.conn.onNotification(PublishDiagnosticsNotification.type, (p) => this.deliver(p));
    this.conn.onRequest(ConfigurationRequest.type, (params) =>
      params.items.map((i) => (i.section === 'kubeGuardrails' ? this.settings : null)),
    );
    this.conn.onRequest(RegistrationRequest.type, (params) => {
      this.registrations.push(...params.registrations);
    });
    this.conn.listen();
  }

  async initialize(
    opts: {
      capabilities?: ClientCapabilities;
      folders?: WorkspaceFolder[];
      settings?: Record<string, unknown>;
      initializationOptions?: unknown;
    } = {},
  ): Promise<void> {
    if (opts.settings) this.settings = opts.settings;
    await this.conn.sendRequest(InitializeRequest.type, {
      processId: null,
      rootUri: null,
      capabilities: opts.capabilities ?? VSCODE_LIKE,
      workspaceFolders: opts.folders ?? null,
      ...(opts.initializationOptions !== undefined ? { initializationOptions: opts.initializationOptions } : {}),
    });
    await this.conn.sendNotification(InitializedNotification.type, {});
  }

  private deliver(p: PublishDiagnosticsParams): void {
    this.latest.set(p.uri, p);
    const w = this.waiters.get(p.uri);
    if (w && w.length > 0) w.shift()!(p);
    else this.queues.set(p.uri, [...(this.queues.get(p.uri) ?? []), p]);
  }

  /** The next diagnostics notification for `uri`. */
  next(uri: string): Promise<PublishDiagnosticsParams> {
    const q = this.queues.get(uri);
    if (q && q.length > 0) return Promise.resolve(q.shift()!);
    return new Promise((resolve) => this.waiters.set(uri, [...(this.waiters.get(uri) ?? []), resolve]));
  }

  async diagnostics(uri: string): Promise<Diagnostic[]> {
    return (await this.next(uri)).diagnostics;
  }

  /**
   * The next diagnostics the per-document validator published for `uri` (they carry the
   * document version); the workspace analysis's re-publishes (no version) are skipped.
   */
  async ownDiagnostics(uri: string): Promise<Diagnostic[]> {
    for (;;) {
      const p = await this.next(uri);
      if (p.version !== undefined) return p.diagnostics;
    }
  }

  /** The diagnostics last published for `uri` (none when nothing was). */
  lastDiagnostics(uri: string): Diagnostic[] {
    return this.latest.get(uri)?.diagnostics ?? [];
  }

  /**
   * Resolves once the server has handled every message sent so far, has nothing pending
   * (validations, workspace indexing and publishes) and its notifications have arrived.
   */
  async settled(): Promise<void> {
    // A request the server does not handle still gets an answer after what was sent before it.
    const roundTrip = () => this.conn.sendRequest('kubeGuardrailsTest/ping').catch(() => undefined);
    await roundTrip();
    await this.server.idle();
    await roundTrip();
  }

  text(uri: string): string {
    return this.texts.get(uri) ?? '';
  }

  version(uri: string): number {
    return this.versions.get(uri) ?? 0;
  }

  async open(uri: string, text: string, languageId = 'yaml'): Promise<Diagnostic[]> {
    this.versions.set(uri, 1);
    this.texts.set(uri, text);
    await this.conn.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId, version: 1, text } });
    return this.diagnostics(uri);
  }

  /** Opens a document and returns the validator's diagnostics for it (see `ownDiagnostics`). */
  async openOwn(uri: string, text: string, languageId = 'yaml'): Promise<Diagnostic[]> {
    this.versions.set(uri, 1);
    this.texts.set(uri, text);
    await this.conn.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId, version: 1, text } });
    return this.ownDiagnostics(uri);
  }

  /** Replaces the whole text (a full-content change) and returns the next diagnostics. */
  async change(uri: string, text: string): Promise<Diagnostic[]> {
    await this.sendChange(uri, text);
    return this.diagnostics(uri);
  }

  /**
   * Replaces the whole text and returns the validator's diagnostics for exactly that version:
   * a workspace re-publish or a late notification of an earlier version, which a loaded
   * machine can deliver after the change, is skipped.
   */
  async changeOwn(uri: string, text: string): Promise<Diagnostic[]> {
    await this.sendChange(uri, text);
    const version = this.version(uri);
    for (;;) {
      const p = await this.next(uri);
      if (p.version === version) return p.diagnostics;
    }
  }

  async sendChange(uri: string, text: string): Promise<void> {
    const version = this.version(uri) + 1;
    this.versions.set(uri, version);
    this.texts.set(uri, text);
    await this.conn.sendNotification(DidChangeTextDocumentNotification.type, {
      textDocument: { uri, version },
      contentChanges: [{ text }],
    });
  }

  async save(uri: string): Promise<void> {
    await this.conn.sendNotification(DidSaveTextDocumentNotification.type, { textDocument: { uri } });
  }

  async close(uri: string): Promise<void> {
    await this.conn.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri } });
  }

  /** New settings, announced the way VS Code does (a null payload, then the server pulls). */
  async changeSettings(settings: Record<string, unknown>): Promise<void> {
    this.settings = settings;
    await this.conn.sendNotification(DidChangeConfigurationNotification.type, { settings: null });
  }

  async fileChanged(uri: string, type: FileChangeType = FileChangeType.Changed): Promise<void> {
    await this.conn.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri, type }] });
  }

  async codeActions(uri: string, range: Range, diagnostics: Diagnostic[], only?: string[]): Promise<CodeAction[]> {
    const r = await this.conn.sendRequest(CodeActionRequest.type, {
      textDocument: { uri },
      range,
      context: { diagnostics, ...(only ? { only } : {}) },
    });
    return (r ?? []) as CodeAction[];
  }

  async resolve(action: CodeAction): Promise<CodeAction> {
    return this.conn.sendRequest(CodeActionResolveRequest.type, action);
  }

  async hover(uri: string, line: number, character: number): Promise<Hover | null> {
    return this.conn.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line, character } });
  }

  dispose(): void {
    this.conn.dispose();
  }
}

/** Applies a code action's edit for `uri` to `text` the way an editor would. */
export function applyWorkspaceEdit(text: string, uri: string, edit: WorkspaceEdit | undefined): string {
  const edits: TextEdit[] = [];
  for (const dc of edit?.documentChanges ?? []) {
    if ('textDocument' in dc && dc.textDocument.uri === uri) edits.push(...(dc.edits as TextEdit[]));
  }
  edits.push(...(edit?.changes?.[uri] ?? []));
  return applyTextEdits(text, edits);
}

export function applyTextEdits(text: string, edits: readonly TextEdit[]): string {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 13 && text.charCodeAt(i + 1) === 10) continue;
    if (c === 10 || c === 13) starts.push(i + 1);
  }
  const offset = (p: { line: number; character: number }) =>
    p.line >= starts.length ? text.length : Math.min(starts[p.line]! + p.character, text.length);
  // Applied back to front; edits at one position keep their array order, as LSP specifies.
  const resolved = edits
    .map((e, i) => ({ s: offset(e.range.start), e: offset(e.range.end), t: e.newText, i }))
    .sort((a, b) => b.s - a.s || b.i - a.i);
  for (let i = 1; i < resolved.length; i++) if (resolved[i]!.e > resolved[i - 1]!.s) throw new Error('overlapping edits');
  let out = text;
  for (const r of resolved) out = out.slice(0, r.s) + r.t + out.slice(r.e);
  return out;
}

export function rangeStr(r: Range): string {
  return `${r.start.line}:${r.start.character}-${r.end.line}:${r.end.character}`;
}
