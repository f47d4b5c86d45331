import * as path from 'path';
import { Range, Uri, ViewColumn, window, workspace, type Disposable, type ExtensionContext, type WebviewPanel } from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import type { SecurityMap } from '../../../server/src/core/map/model';
import {
  REACHABILITY_REQUEST,
  SECURITY_MAP_CHANGED,
  SECURITY_MAP_REQUEST,
  type MapView,
  type ReachabilityResult,
  type SecurityMapResult,
  type ShowSecurityMapArgs,
} from '../../../server/src/lsp/securityMapProtocol';
import { makeNonce, mapPageHtml } from './html';
import { locOfTarget, type MapTarget } from './locate';

/** How long the view waits after the server's change notification before asking again (a burst of publishes gives one request). */
const REFRESH_DELAY_MS = 300;

/**
 * The "Security map" webview panel: one per window, asks the language server for the map
 * of the chosen tab and namespace, redraws when the server says its findings changed (only
 * while visible; when hidden, once it is shown again), and opens the manifest a click names.
 */
export class SecurityMapPanel {
  private static current: SecurityMapPanel | undefined;
  private view: MapView = 'network';
  private namespace: string | undefined;
  private focus: string | undefined;
  private map: SecurityMap | undefined;
  private stale = false;
  private requests = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly disposables: Disposable[] = [];

  /** Opens the view (or brings it forward), on a namespace with a node highlighted when given. */
  static show(context: ExtensionContext, client: LanguageClient, args?: unknown): void {
    const { namespace, focus } = parseArgs(args);
    const existing = SecurityMapPanel.current;
    const p = existing ?? (SecurityMapPanel.current = new SecurityMapPanel(context, client));
    if (namespace !== undefined || focus !== undefined) {
      p.namespace = namespace;
      p.focus = focus;
      p.view = 'network';
    }
    // A new page asks for its map once its script has loaded (the `ready` message).
    if (existing) {
      p.panel.reveal(undefined, false);
      void p.refresh();
    }
  }

  private readonly panel: WebviewPanel;

  private constructor(
    context: ExtensionContext,
    private readonly client: LanguageClient,
  ) {
    const dist = Uri.joinPath(context.extensionUri, 'dist');
    this.panel = window.createWebviewPanel(
      'kubeGuardrails.securityMap',
      'Security map',
      window.activeTextEditor ? ViewColumn.Beside : ViewColumn.Active,
      { enableScripts: true, localResourceRoots: [dist], retainContextWhenHidden: false },
    );
    const webview = this.panel.webview;
    webview.html = mapPageHtml({
      cspSource: webview.cspSource,
      scriptUri: webview.asWebviewUri(Uri.joinPath(dist, 'securityMap.js')).toString(),
      styleUri: webview.asWebviewUri(Uri.joinPath(dist, 'securityMap.css')).toString(),
      nonce: makeNonce(),
    });
    this.disposables.push(
      webview.onDidReceiveMessage((m: unknown) => void this.onMessage(m)),
      this.panel.onDidChangeViewState(() => {
        if (this.panel.visible && this.stale) void this.refresh();
      }),
      this.panel.onDidDispose(() => this.dispose()),
      client.onNotification(SECURITY_MAP_CHANGED, () => this.changed()),
    );
  }

  private changed(): void {
    if (!this.panel.visible) {
      this.stale = true;
      return;
    }
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.refresh(), REFRESH_DELAY_MS);
  }

  private async refresh(): Promise<void> {
    this.stale = false;
    const view = this.view;
    const namespace = this.namespace;
    // Answers can cross (a namespace picked while a live update is on its way): only the latest is drawn.
    const request = ++this.requests;
    try {
      const result = await this.client.sendRequest<SecurityMapResult | null>(SECURITY_MAP_REQUEST, { view, namespace });
      if (request !== this.requests) return;
      if (!result) throw new Error('the language server could not compute the map (see its output)');
      this.map = result.map;
      const focus = this.focus ?? '';
      // Focused once: live updates afterwards keep the user's pan and zoom.
      if (result.status === 'ready') this.focus = undefined;
      await this.panel.webview.postMessage({ type: 'map', result, view, namespace: namespace ?? '', focus });
    } catch (e) {
      if (request !== this.requests) return;
      await this.panel.webview.postMessage({ type: 'error', message: e instanceof Error ? e.message : String(e) });
    }
  }

  private async onMessage(raw: unknown): Promise<void> {
    if (typeof raw !== 'object' || raw === null) return;
    const m = raw as Record<string, unknown>;
    if (m.type === 'ready') return this.refresh();
    if (m.type === 'select') {
      this.view = m.view === 'rbac' ? 'rbac' : 'network';
      this.namespace = typeof m.namespace === 'string' && m.namespace !== '' ? m.namespace : undefined;
      this.focus = undefined;
      return this.refresh();
    }
    if (m.type === 'open') return this.open(m.target);
    if (m.type === 'reachability') {
      const params = { from: m.from, to: m.to, port: m.port };
      const result = await this.client
        .sendRequest<ReachabilityResult | null>(REACHABILITY_REQUEST, params)
        .catch((e: unknown) => ({ error: e instanceof Error ? e.message : String(e) }));
      await this.panel.webview.postMessage({ type: 'reachability', result: result ?? { error: 'The query failed.' } });
    }
  }

  /** Opens the manifest at the object, policy rule or binding a click named, beside the map. */
  private async open(raw: unknown): Promise<void> {
    const target = parseTarget(raw);
    const loc = target && this.map ? locOfTarget(this.map, target) : undefined;
    if (!loc) return;
    const uri = fileUri(loc.file);
    if (!uri) return;
    const { start, end } = loc.range;
    const column = this.panel.viewColumn === ViewColumn.One ? ViewColumn.Two : ViewColumn.One;
    await window
      .showTextDocument(uri, { viewColumn: column, selection: new Range(start.line, start.character, end.line, end.character) })
      .then(undefined, (e: unknown) => window.showWarningMessage(`kube-guardrails: cannot open ${loc.file}: ${String(e)}`));
  }

  private dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    for (const d of this.disposables.splice(0)) d.dispose();
    if (SecurityMapPanel.current === this) SecurityMapPanel.current = undefined;
  }
}

function parseArgs(args: unknown): ShowSecurityMapArgs {
  if (typeof args !== 'object' || args === null) return {};
  const a = args as Record<string, unknown>;
  return {
    namespace: typeof a.namespace === 'string' ? a.namespace : undefined,
    focus: typeof a.focus === 'string' ? a.focus : undefined,
  };
}

function parseTarget(raw: unknown): MapTarget | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const t = raw as Record<string, unknown>;
  if (t.kind === 'node' && typeof t.id === 'string') return { kind: 'node', id: t.id };
  if (t.kind === 'edge' && typeof t.from === 'string' && typeof t.to === 'string') return { kind: 'edge', from: t.from, to: t.to };
  return undefined;
}

/**
 * The file of a map location: absolute as the server's index has it, or relative to the first
 * workspace folder. A build's objects are indexed as `<root file>#build`: that opens the root.
 */
function fileUri(file: string): Uri | undefined {
  const name = file.replace(/#build$/, '');
  if (path.isAbsolute(name)) return Uri.file(name);
  const folder = workspace.workspaceFolders?.[0];
  return folder ? Uri.joinPath(folder.uri, name) : undefined;
}
