import {
  CodeLensRefreshRequest,
  CodeLensRequest,
  DidChangeWatchedFilesNotification,
  FileChangeType,
  type CodeLens,
  type Connection,
  type TextDocuments,
} from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { lensTitle, lensTooltip, workloadLensData } from '../../core/workspace/codeLens';
import type { DiagnosticsPublisher } from '../diagnosticsPublisher';
import { uriToPath } from '../uris';
import { buildCodeActions } from './buildCodeActions';
import { workspaceCodeActions } from './codeActions';
import { IndexScheduler } from './indexScheduler';
import { mergeHovers, permissionsHover } from './permissionsHover';
import { isManifestPath, listManifests } from './scanFolders';
import { WorkspaceSession } from './workspaceSession';
import { SECURITY_MAP_CHANGED } from '../securityMapProtocol';
import { SecurityMapRequests, securityMapHover, securityMapLens } from './securityMap';
import type { AttachOptions, GetSettings, WorkspaceService } from './workspaceService';

export type { AttachOptions, GetSettings, WorkspaceService } from './workspaceService';

/**
 * The LSP side of the workspace analysis: work-done progress, file events, CodeLens,
 * hovers, dynamic registration and publishing. The state lives in a WorkspaceSession, the
 * timing in an IndexScheduler; diagnostics go out through the server's one publisher, as
 * the `workspace` part of each uri's list, for every file whose cross-file findings
 * changed, open or not.
 */
export function attachWorkspace(
  connection: Connection,
  documents: TextDocuments<TextDocument>,
  getSettings: GetSettings,
  publisher: DiagnosticsPublisher,
  opts: AttachOptions = {},
): WorkspaceService {
  const log = (m: string) => connection.console.error(`kube-guardrails workspace: ${m}`);
  const session = new WorkspaceSession({
    documents,
    getSettings,
    resolveFile: opts.resolveFile,
    workspaceRules: opts.workspaceRules,
    log,
    onPartsChanged: opts.onPartsChanged,
    chartRenderOptions: opts.chartRenderOptions,
  });
  const syncAnalysisMs = opts.syncAnalysisMs ?? 25;
  const client = { canCreateFiles: false, documentChanges: false, codeLensRefresh: false, securityMapView: false };
  const mapRequests = new SecurityMapRequests(session);

  const publish = async (): Promise<void> => {
    await session.flush();
    const byUri = session.findings(await session.workspaceSettings());
    session.notePublished();
    for (const uri of new Set([...publisher.workspaceUris(), ...byUri.keys()]))
      await publisher.publish(uri, 'workspace', byUri.get(uri) ?? []);
    // An open map view asks again (it may have changed: the client does not diff).
    if (client.securityMapView) void connection.sendNotification(SECURITY_MAP_CHANGED).catch(() => undefined);
  };
  const scheduler = new IndexScheduler(publish, opts.publishDelayMs ?? 50, log);

  /**
   * Lists every manifest of the folders and indexes it in time slices, with work-done
   * progress that ends when the findings are published. A newer re-index (settings or
   * folders changed) supersedes a running or queued one, which stops at its next file and
   * publishes nothing. The user can cancel the progress: indexing stops and the cross-file
   * findings are withdrawn until the next re-index.
   */
  const reindex = (): Promise<void> => {
    const generation = session.nextGeneration();
    // At once, so a validation that runs before the re-index re-reads its document too.
    session.markAllDirty();
    const superseded = () => !session.isLatest(generation);
    return scheduler.enqueue(async () => {
      if (superseded()) return;
      session.beginIndexing();
      const progress = await connection.window.createWorkDoneProgress().catch(() => undefined);
      progress?.begin('kube-guardrails: indexing manifests', 0, undefined, true);
      const cancelled = () => progress?.token.isCancellationRequested === true;
      try {
        const settings = await session.workspaceSettings();
        const files = await listManifests(session.folders, (p) => session.skipsPath(p, settings));
        await session.reindex(files, {
          shouldStop: () => superseded() || cancelled(),
          pause: scheduler.slicer(),
          progress: (s) => progress?.report(Math.round((s.done / s.total) * 100), `${s.done}/${s.total} files`),
        });
        if (superseded()) return;
        session.endIndexing(cancelled());
        if (cancelled()) {
          log('indexing cancelled: cross-file findings are off until the settings or the workspace folders change');
          await publish();
          return;
        }
        progress?.report(100, `${files.length} files; analysing`);
        await publish();
        if (client.codeLensRefresh) void connection.sendRequest(CodeLensRefreshRequest.type).catch(() => undefined);
      } finally {
        if (!superseded() && session.indexing) session.endIndexing(false);
        progress?.done();
      }
    });
  };

  connection.onCodeLens((params) => service.codeLenses(params.textDocument.uri));

  const service: WorkspaceService = {
    index: session.index,
    async start(startOpts = {}) {
      const caps = startOpts.capabilities;
      const we = caps?.workspace?.workspaceEdit;
      client.documentChanges = we?.documentChanges === true;
      client.canCreateFiles = client.documentChanges && (we?.resourceOperations ?? []).includes('create');
      client.codeLensRefresh = caps?.workspace?.codeLens?.refreshSupport === true;
      client.securityMapView = startOpts.securityMapView === true;
      if (startOpts.folders) session.setFolders(startOpts.folders);
      else {
        const ws = await connection.workspace.getWorkspaceFolders().catch(() => null);
        session.setFolders((ws ?? []).map((f) => uriToPath(f.uri)).filter((p): p is string => !!p));
      }
      if (caps?.workspace?.didChangeWatchedFiles?.dynamicRegistration) {
        void connection.client
          .register(DidChangeWatchedFilesNotification.type, { watchers: [{ globPattern: '**/*.{yaml,yml}' }] })
          .catch(() => undefined);
      }
      if (caps?.textDocument?.codeLens?.dynamicRegistration) {
        void connection.client
          .register(CodeLensRequest.type, { documentSelector: [{ language: 'yaml' }], resolveProvider: false })
          .catch(() => undefined);
      }
      await reindex();
    },
    async refresh(newFolders) {
      if (newFolders) session.setFolders(newFolders);
      await reindex();
    },
    documentEdited(uri) {
      session.markDirty(uri);
    },
    documentClosed(uri) {
      session.forgetDirty(uri);
      const file = uriToPath(uri);
      if (!file) return;
      if (session.folderOf(file) === undefined) {
        // Outside every folder, an open document is in the workspace only while open: its
        // cross-file findings go now, with the close's own publish.
        session.remove(file);
        publisher.record(uri, []);
        scheduler.schedulePublish();
        return;
      }
      // Unsaved edits are discarded on close: the disk is the truth again.
      void scheduler.enqueue(() => session.setDisk(file));
      scheduler.schedulePublish();
    },
    documentSettled(uri, documentSettings) {
      session.settle(uri);
      // A part of a build (a template, values.yaml) has no diagnostics but the build's: they
      // come with this publish, so it runs at once (the quiet period coalesced the typing).
      const file = uriToPath(uri);
      const part = file !== undefined && session.builds.isPart(file);
      if (session.isDirty(uri) || session.hasUnpublishedChanges()) scheduler.schedulePublish(part ? 0 : undefined);
      // While folders are indexed, the index is partial (a policy not read yet would look
      // missing): the document's workspace findings come with the publish that ends it.
      if ((session.indexing && session.folders.length > 0) || session.paused) return;
      // Too slow to hold up a keystroke (re-indexing the document, then the analysis): the
      // scheduled publish brings them. Both times are updated on that path too.
      if (session.lastAnalysisMs + session.lastDocumentIndexMs > syncAnalysisMs) return;
      // With folders, the workspace-wide settings, as the scheduled publish uses; without,
      // the document's own, which a settings change has already brought up to date.
      const settings = session.folders.length > 0 ? session.lastSettings : documentSettings;
      const doc = documents.get(uri);
      if (!doc || !settings) return;
      try {
        if (session.isDirty(uri)) session.setDocumentWith(doc, settings);
        publisher.record(uri, session.findings(settings).get(uri) ?? []);
      } catch (e) {
        log(e instanceof Error ? e.message : String(e));
      }
    },
    async filesChanged(changes) {
      let touched = false;
      for (const c of changes) {
        const file = uriToPath(c.uri);
        if (!file || !isManifestPath(file)) continue;
        if (documents.get(c.uri)) continue; // the open document's text wins over the disk
        touched = true;
        // Queued in order; the publish scheduled below runs after them.
        if (c.type === FileChangeType.Deleted) void scheduler.enqueue(async () => session.remove(file));
        else void scheduler.enqueue(() => session.setDisk(file));
      }
      if (touched) scheduler.schedulePublish();
      await scheduler.enqueue(async () => undefined);
    },
    async hover(params) {
      const file = uriToPath(params.textDocument.uri);
      if (!file || session.paused) return null;
      await session.flush(params.textDocument.uri);
      const link = client.securityMapView ? securityMapHover(session, file, params.position) : null;
      return mergeHovers(permissionsHover(session, file, params.position), link);
    },
    async codeLenses(uri) {
      const file = uriToPath(uri);
      if (!file) return [];
      // Answered at once, never after the indexing queue; while indexing the lenses would
      // count a partial workspace, so there are none until it ends (then a refresh is asked).
      if (session.indexing || session.paused) return [];
      await session.flush(uri);
      return workloadLensData(session.index, session.pss, file).flatMap((d) => [
        {
          range: d.at.range,
          command: { title: lensTitle(d), command: '', tooltip: lensTooltip(d) } as NonNullable<CodeLens['command']>,
        },
        ...(client.securityMapView ? [securityMapLens(d)] : []),
      ]);
    },
    codeActions(params) {
      return [
        ...buildCodeActions(session.buildFindings, session.builds, documents, params, client.documentChanges),
        ...workspaceCodeActions(session.index, documents, params, client.canCreateFiles, client.documentChanges),
      ];
    },
    securityMap: (params) => mapRequests.securityMap(params),
    reachability: (params) => mapRequests.reachability(params),
    isBuildPart: (file) => session.builds.isPart(file),
    idle: () => scheduler.idle(),
    dispose: () => scheduler.dispose(),
  };
  return service;
}
