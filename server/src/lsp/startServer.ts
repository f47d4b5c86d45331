import * as path from 'path';
import type { WorkspaceRule } from '../core/workspace/types';
import {
  CodeActionKind,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  TextDocumentSyncKind,
  type ClientCapabilities,
  type Connection,
  type InitializeResult,
} from 'vscode-languageserver/node';
import { VERSION } from '../core/version';
import { FIX_ALL_KIND } from './commands';
import { ConfigStore } from './configStore';
import { coreServices } from './coreServices';
import { DiagnosticsPublisher } from './diagnosticsPublisher';
import { Guard } from './guard';
import { registerRequests } from './requests';
import type { SecurityMapClientOptions } from './securityMapProtocol';
import { Debouncer } from './scheduler';
import type { Services } from './services';
import { SettingsStore } from './settingsStore';
import { trackedDocuments } from './trackedDocuments';
import { pathToUri, uriToPath } from './uris';
import { ruleSetFor } from './workspaceConfig';
import { Validator } from './validator';
import { Folders } from './workspaceFolders';
import { attachWorkspace } from './workspace/attachWorkspace';

export interface StartOptions {
  /** Analysis services; tests may pass fakes. Defaults to the real core. */
  services?: Services;
  /**
   * Quiet period after a keystroke before a document is re-analysed and the workspace is
   * told the edit is done (the one typing debounce; default 200 ms).
   */
  debounceMs?: number;
  /** How long the workspace's cross-file publish waits to coalesce events (see AttachOptions). */
  workspacePublishDelayMs?: number;
  /** The cross-file rules to run (default all); tests pass their own. */
  workspaceRules?: readonly WorkspaceRule[];
  /** Time budget of a code action request's quick fixes (see codeActions.ts). */
  requestBudgetMs?: number;
  /** Time budget of one fix-all computation. */
  fixAllBudgetMs?: number;
  /** Clock for the budgets; tests pass a fake one. */
  now?: () => number;
}

/** What a caller (tests) can ask the running server. */
export interface ServerHandle {
  /** Resolves once no edit, validation or workspace analysis is pending: every publish is sent. */
  idle(): Promise<void>;
}

/**
 * Wires the LSP handlers to the analysis core on an already-created connection and starts
 * listening. `server.ts` calls it with the IPC/stdio connection; tests call it with an
 * in-memory one. No analysis logic lives here.
 */
export function startServer(connection: Connection, opts: StartOptions = {}): ServerHandle {
  const services = opts.services ?? coreServices;
  // Edits are reported to the validator (declared below) so big files re-analyse around them.
  const documents = trackedDocuments({
    edited: (uri, start, end, inserted) => validator.noteEdit(uri, start, end, inserted),
    reset: (uri) => validator.forgetEdits(uri),
  });
  const guard = new Guard((m) => connection.console.error(m));
  const debouncer = new Debouncer(opts.debounceMs ?? 200);
  const folders = new Folders();
  let caps: ClientCapabilities = {};
  const settings = new SettingsStore(connection, () => caps.workspace?.configuration === true);
  // Both producers (the validator and the workspace analysis) publish through this one object.
  const publisher = new DiagnosticsPublisher((p) => connection.sendDiagnostics(p));
  const configs = new ConfigStore(publisher, services, folders);
  const validator = new Validator({
    connection,
    documents,
    services,
    settings,
    configs,
    folders,
    guard,
    publisher,
    settleWorkspace: (uri, s) => workspace.documentSettled(uri, s),
    isBuildPart: (file) => workspace.isBuildPart(file),
  });
  // Cross-file analysis over every manifest of the workspace folders, or of the open documents without one (see lsp/workspace).
  const workspace = attachWorkspace(connection, documents, (uri) => settings.get(uri), publisher, {
    publishDelayMs: opts.workspacePublishDelayMs,
    workspaceRules: opts.workspaceRules,
    resolveFile: (file, s) => {
      const config = configs.forFile(file);
      const r = config.resolve(s, file);
      return {
        excluded: r.excluded,
        rules: r.options.rules,
        strict: r.strict,
        exemptions: r.exemptions,
        options: r.options,
        ruleSet: ruleSetFor(r.options),
      };
    },
    chartRenderOptions: (chartDir) => configs.forFile(path.join(chartDir, 'Chart.yaml')).chartRenderOptions(chartDir),
    // A file that became (or stopped being) a part of a Kustomize build: its own diagnostics change.
    onPartsChanged: (files) => {
      for (const file of files) {
        const uri = pathToUri(file);
        if (!documents.get(uri)) continue;
        validator.forget(uri);
        validate(uri, 'refresh');
      }
    },
  });
  const openedAt = new Map<string, number>();

  /** Validations in flight (for `idle`). */
  const validating = new Set<Promise<void>>();
  const validate = (uri: string, trigger: Parameters<Validator['validate']>[1]) => {
    const run = guard.runAsync(`validating ${uri}`, undefined, () => validator.validate(uri, trigger));
    validating.add(run);
    void run.finally(() => validating.delete(run));
  };
  const revalidateAll = () => {
    validator.generation++;
    for (const d of documents.all()) validate(d.uri, 'refresh');
  };

  let mapView = false;
  connection.onInitialize((params): InitializeResult => {
    caps = params.capabilities;
    mapView = (params.initializationOptions as SecurityMapClientOptions | null | undefined)?.securityMapView === true;
    folders.set(params.workspaceFolders, params.rootUri);
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
        hoverProvider: true,
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND], resolveProvider: true },
        workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
      },
      serverInfo: { name: 'kube-guardrails', version: VERSION },
    };
  });

  connection.onInitialized(() =>
    guard.run('initialized', undefined, () => {
      if (caps.workspace?.didChangeConfiguration?.dynamicRegistration) {
        void connection.client.register(DidChangeConfigurationNotification.type, { section: 'kubeGuardrails' });
      }
      if (caps.workspace?.didChangeWatchedFiles?.dynamicRegistration) {
        const names = services.configFileNames.join(',');
        void connection.client.register(DidChangeWatchedFilesNotification.type, { watchers: [{ globPattern: `**/{${names}}` }] });
      }
      if (caps.workspace?.workspaceFolders) {
        connection.workspace.onDidChangeWorkspaceFolders((e) =>
          guard.run('workspace folders', undefined, () => {
            folders.remove(e.removed.map((f) => f.uri));
            folders.add(e.added.map((f) => f.uri));
            configs.forgetLookups();
            for (const f of folders.all()) configs.publishFolder(f);
            revalidateAll();
            void workspace.refresh(folders.all());
          }),
        );
      }
      // Publish config-file problems up front, not only once a manifest is opened.
      for (const f of folders.all()) configs.publishFolder(f);
      void workspace.start({ folders: folders.all(), capabilities: caps, securityMapView: mapView });
    }),
  );

  connection.onDidChangeConfiguration((change) =>
    guard.run('configuration change', undefined, () => {
      settings.changed(change.settings);
      revalidateAll();
      void workspace.refresh();
    }),
  );

  connection.onDidChangeWatchedFiles((params) =>
    guard.run('watched files', undefined, () => {
      void workspace.filesChanged(params.changes);
      let changed = false;
      for (const c of params.changes) {
        const file = uriToPath(c.uri);
        // Any config file, nested ones included: a created, changed or deleted one can change which applies.
        if (!file || !configs.isConfigFile(file)) continue;
        configs.refresh(file);
        changed = true;
      }
      if (changed) revalidateAll();
    }),
  );

  // The one subscription to document events, fanned out from here. The workspace learns of
  // an edit at once (its index entry is stale) and is settled by the validation that
  // follows (Validator.validate): typing has one quiet period, `debounceMs` per document.
  documents.onDidOpen(({ document }) => {
    openedAt.set(document.uri, document.version);
    workspace.documentEdited(document.uri);
    const file = uriToPath(document.uri);
    if (file && configs.isConfigFile(file)) {
      // A config document opened (perhaps just created): lookups are redone, so clients without file watching see it take effect.
      configs.forgetLookups();
      revalidateAll();
      return;
    }
    validate(document.uri, 'open');
  });
  documents.onDidChangeContent(({ document }) => {
    // TextDocuments fires a content change right after open; the open already validated.
    if (openedAt.get(document.uri) === document.version) return;
    openedAt.delete(document.uri);
    // At once, so a hover or CodeLens during the quiet period indexes the current text.
    workspace.documentEdited(document.uri);
    debouncer.schedule(document.uri, () => validate(document.uri, 'change'));
  });
  documents.onDidSave(({ document }) =>
    guard.run('save', undefined, () => {
      const file = uriToPath(document.uri);
      if (file && configs.isConfigFile(file)) {
        // Clients without file watching still pick up config edits on save.
        configs.refresh(file);
        revalidateAll();
        return;
      }
      debouncer.cancel(document.uri);
      validate(document.uri, 'save');
    }),
  );
  documents.onDidClose(({ document }) =>
    guard.run('close', undefined, () => {
      debouncer.cancel(document.uri);
      openedAt.delete(document.uri);
      workspace.documentClosed(document.uri);
      validator.forget(document.uri);
      settings.forget(document.uri);
      const file = uriToPath(document.uri);
      // A config file keeps its problems when closed; a manifest's are cleared.
      const keep = file && configs.isConfigFile(file) ? configs.diagnosticsFor(file) : [];
      void publisher.publish(document.uri, 'document', keep);
    }),
  );

  registerRequests(connection, { services, validator, workspace, guard, capabilities: () => caps, options: opts });

  connection.onShutdown(() => {
    debouncer.dispose();
    workspace.dispose();
  });

  documents.listen(connection);
  connection.listen();
  return {
    async idle() {
      // A validation can schedule workspace work and the other way round: wait until neither has any.
      while (debouncer.pending() || validating.size > 0) {
        await Promise.all(validating);
        if (debouncer.pending()) await new Promise((r) => setTimeout(r, 1));
      }
      await workspace.idle();
      if (debouncer.pending() || validating.size > 0) await this.idle();
    },
  };
}
