import * as fs from 'fs';
import * as path from 'path';
import {
  CodeLensRefreshRequest,
  CodeLensRequest,
  type Diagnostic,
  DidChangeWatchedFilesNotification,
  FileChangeType,
  MarkupKind,
  type ClientCapabilities,
  type CodeAction,
  type CodeActionParams,
  type CodeLens,
  type Connection,
  type FileEvent,
  type Hover,
  type Position,
  type Range,
  type TextDocumentPositionParams,
  type TextDocuments,
} from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { refusedOutside } from '../../core/config/insideRoots';
import { PssEvaluator } from '../../core/workspace/admission';
import type { AnalysisOptions } from '../../core/engine/options';
import { lintWorkspace, type ExemptionScope } from '../../core/lint';
import { lensTitle, lensTooltip, workloadLensData } from '../../core/workspace/codeLens';
import { effectivePermissionsMarkdown } from '../../core/workspace/permissions';
import { namespaceOf, WorkspaceIndex } from '../../core/workspace/workspaceIndex';
import { isExcluded } from '../exclude';
import { hasExcludeHint } from '../fileHints';
import type { ServerSettings } from '../settings';
import { pathToUri, uriToPath } from '../uris';
import { DiagnosticsMerger } from './diagnosticsMerger';
import { isManifestPath, listManifests } from './scanFolders';
import { workspaceCodeActions } from './codeActions';
import { workspaceDiagnostic } from './toDiagnostics';
import { decodedText } from '../../core/engine/decode';

/** Settings scoped to a uri (a document, or a workspace folder for workspace-wide values). */
export type GetSettings = (uri: string) => Promise<ServerSettings> | ServerSettings;

/**
 * How the server's config file (`.kube-guardrails.yaml`) applies to one file: excluded or
 * not, and the rule levels in force there. Without it only the editor settings apply.
 */
export type ResolveFile = (
  filePath: string,
  settings: ServerSettings,
) => {
  excluded: boolean;
  rules: AnalysisOptions['rules'];
  /** Strict mode (`disableInlineSuppressions`) for the file; default: the settings'. */
  strict?: boolean;
  /** The config file's exemptions for the file. */
  exemptions?: ExemptionScope | undefined;
};

export interface AttachOptions {
  /** Quiet period after an edit before the workspace is re-analysed (ms). */
  debounceMs?: number;
  /**
   * The cross-file analysis runs inside a document's publish (so one notification carries
   * fresh findings) only while it takes at most this long; in a workspace where it takes
   * longer, keystrokes are not held up and the debounced publish brings the update.
   */
  syncAnalysisMs?: number;
  resolveFile?: ResolveFile;
}

export interface StartWorkspaceOptions {
  /** Workspace folder paths; asked from the client (`workspace/workspaceFolders`) when absent. */
  folders?: readonly string[];
  /** The client's capabilities: file watching and CodeLens are registered dynamically when it allows. */
  capabilities?: ClientCapabilities;
}

/** What the server wires into the handlers it owns (one handler per LSP method). */
export interface WorkspaceService {
  readonly index: WorkspaceIndex;
  /** Indexes the workspace folders with work-done progress, then publishes. Call once initialized. */
  start(opts?: StartWorkspaceOptions): Promise<void>;
  /** Settings or workspace folders changed: re-list and re-index everything, then publish. */
  refresh(folders?: readonly string[]): Promise<void>;
  /** `workspace/didChangeWatchedFiles`: changed, created or deleted manifests on disk. */
  filesChanged(changes: readonly FileEvent[]): Promise<void>;
  /** Effective permissions of the ServiceAccount under the cursor, or null. */
  hover(params: TextDocumentPositionParams): Promise<Hover | null>;
  codeLenses(uri: string): Promise<CodeLens[]>;
  /** Quick fixes for workspace diagnostics (create a NetworkPolicy), to add to the server's own. */
  codeActions(params: CodeActionParams): CodeAction[];
  /** Resolves once pending edits are indexed, analysed and published. */
  idle(): Promise<void>;
}

const TEMPLATE_LANGUAGES = new Set(['helm']);

/**
 * Indexing works in slices of about this many milliseconds, then lets queued messages
 * through (hovers, edits, cancellations), so the editor stays responsive meanwhile.
 */
const SLICE_MS = 15;

/**
 * The text of a regular file of at most `maxSize` bytes; undefined otherwise or when
 * unreadable. Synchronous on purpose: a manifest is small, and a synchronous read costs a
 * fraction of a promise-based one's four thread-pool round trips (open, stat, read, close),
 * which dominated indexing a 10,000-file workspace. Callers read in time slices.
 */
function readManifest(file: string, maxSize: number, folders: readonly string[]): string | undefined {
  try {
    // A linked manifest is read only when it leads to a file inside a workspace folder.
    if (fs.lstatSync(file).isSymbolicLink() && refusedOutside(file, folders) !== undefined) return undefined;
    // stat first: opening a named pipe that happens to be called x.yaml would block.
    const st = fs.statSync(file);
    if (!st.isFile() || st.size > maxSize) return undefined;
    return decodedText(fs.readFileSync(file));
  } catch {
    return undefined;
  }
}

function contains(r: Range, p: Position): boolean {
  const after = p.line > r.start.line || (p.line === r.start.line && p.character >= r.start.character);
  const before = p.line < r.end.line || (p.line === r.end.line && p.character <= r.end.character);
  return after && before;
}

/**
 * The editor side of the workspace analysis. Keeps a `WorkspaceIndex` of every manifest of
 * the workspace folders current (open documents' text wins over the disk), re-runs the
 * cross-object rules after each change and publishes their diagnostics, with
 * `relatedInformation`, for every file whose workspace findings changed, open or not.
 * Registers its own document listeners, the CodeLens handler and the diagnostics merger;
 * the server forwards `initialized`, watched-file events and hovers (see WorkspaceService).
 */
export function attachWorkspace(connection: Connection, documents: TextDocuments<TextDocument>, getSettings: GetSettings, opts: AttachOptions = {}): WorkspaceService {
  const index = new WorkspaceIndex();
  const pss = new PssEvaluator();
  const merger = new DiagnosticsMerger(connection, (uri) => syncBeforePublish(uri));
  const debounceMs = opts.debounceMs ?? 250;
  const syncAnalysisMs = opts.syncAnalysisMs ?? 25;
  /** How long the last cross-file analysis took (see `syncAnalysisMs`). */
  let lastAnalysisMs = 0;
  let folders: string[] = [];
  let canCreateFiles = false;
  let documentChanges = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  /** Open documents edited since they were last indexed. */
  const dirty = new Set<string>();
  /** Bumped by every re-index request: a running re-index stops when it is no longer the latest. */
  let reindexGeneration = 0;
  /** Set while a re-index runs: the index is partial, so findings wait for it to finish. */
  let indexing: { done: number; total: number } | undefined;
  /** The user cancelled indexing: no cross-file findings until the next re-index (settings or folders change). */
  let paused = false;
  let codeLensRefresh = false;

  /** Workspace-wide settings: those of the first folder (folder-specific ones apply per file). */
  let lastSettings: ServerSettings | undefined;
  const workspaceSettings = async () => (lastSettings = await getSettings(folders[0] ? pathToUri(folders[0]) : ''));
  const log = (m: string) => connection.console.error(`kube-guardrails workspace: ${m}`);
  const folderOf = (file: string) => folders.find((f) => file === f || file.startsWith(f + path.sep));

  /**
   * Whether a file takes part in the index, by path and settings (content checked
   * separately). The workspace is its folders: a document outside every folder (or an
   * editor opened on a single file) gets no cross-file analysis.
   */
  const accepts = (file: string, settings: ServerSettings): boolean => {
    const folder = folderOf(file);
    if (folder === undefined || !settings.enable || !isManifestPath(file) || isExcluded(pathToUri(file), folder, settings.exclude)) return false;
    return !opts.resolveFile?.(file, settings).excluded;
  };

  /** `open`: an editor buffer, re-indexed on every change, so its sections are kept for reuse. */
  const indexText = (file: string, text: string, settings: ServerSettings, open = false): void => {
    if (Buffer.byteLength(text, 'utf8') > settings.maxFileSize || hasExcludeHint(text)) index.removeFile(file);
    else index.setFileText(file, text, { keepChunks: open });
  };

  const indexDocument = async (doc: TextDocument): Promise<void> => indexDocumentWith(doc, await getSettings(doc.uri));
  const indexDocumentWith = (doc: TextDocument, settings: ServerSettings): void => {
    const file = uriToPath(doc.uri);
    if (!file) return;
    if (!accepts(file, settings) || TEMPLATE_LANGUAGES.has(doc.languageId)) {
      index.removeFile(file);
      return;
    }
    indexText(file, doc.getText(), settings, true);
  };

  /**
   * Settings for a file on disk: those of its workspace folder. VS Code resolves a
   * resource's settings at folder level anyway, and asking once per folder instead of once
   * per file saves a client round trip per file (10,000 of them in a big workspace).
   */
  const diskSettings = (file: string) => getSettings(pathToUri(folderOf(file) ?? file));

  const indexDisk = async (file: string): Promise<void> => {
    const settings = await diskSettings(file);
    if (!accepts(file, settings)) {
      index.removeFile(file);
      return;
    }
    const text = readManifest(file, settings.maxFileSize, folders);
    if (text === undefined) index.removeFile(file); // deleted, unreadable, not a file or too big
    else indexText(file, text, settings);
  };

  const flushDirty = async (): Promise<void> => {
    for (const uri of [...dirty]) {
      dirty.delete(uri);
      const doc = documents.get(uri);
      if (doc) await indexDocument(doc);
    }
  };

  /** Indexes an open document's latest text now (a request needs it), outside the queue. */
  const flushDocument = async (uri: string): Promise<void> => {
    if (!dirty.has(uri)) return;
    dirty.delete(uri);
    const doc = documents.get(uri);
    if (doc) await indexDocument(doc);
  };

  const diagnosticsByUri = (settings: ServerSettings): Map<string, Diagnostic[]> => {
    // Every rule runs once; each file's own levels (settings + its config file) then apply.
    const started = performance.now();
    const resolved = new Map<string, ReturnType<ResolveFile>>();
    const resolve = (file: string): ReturnType<ResolveFile> => {
      let r = resolved.get(file);
      if (!r) resolved.set(file, (r = opts.resolveFile ? opts.resolveFile(file, settings) : { excluded: false, rules: settings.rules }));
      return r;
    };
    // The core's pipeline: levels, inline suppressions, exemptions, unused-suppression.
    const { byFile, ruleFailures } = lintWorkspace(index, (file) => {
      const r = resolve(file);
      return { rules: r.rules, strict: r.strict ?? settings.disableInlineSuppressions, exemptions: r.exemptions };
    }, { pss });
    lastAnalysisMs = performance.now() - started;
    for (const f of ruleFailures) log(`rule ${f.ruleId} failed: ${f.message}`);
    const findings = [...byFile.values()].flat();
    const byUri = new Map<string, Diagnostic[]>();
    for (const f of findings) {
      const uri = pathToUri(f.file);
      let list = byUri.get(uri);
      if (!list) byUri.set(uri, (list = []));
      list.push(workspaceDiagnostic(f));
    }
    return byUri;
  };

  const publish = async (): Promise<void> => {
    await flushDirty();
    if (paused) {
      for (const uri of merger.workspaceUris()) await merger.setWorkspace(uri, []);
      return;
    }
    const byUri = diagnosticsByUri(await workspaceSettings());
    for (const uri of new Set([...merger.workspaceUris(), ...byUri.keys()])) await merger.setWorkspace(uri, byUri.get(uri) ?? []);
  };

  /**
   * The validator is about to publish an open document: index its current text now (with
   * the last known settings) so this one notification carries the fresh workspace findings
   * of that document; the other files follow in the debounced publish.
   */
  const syncBeforePublish = (uri: string): void => {
    // While indexing, the index is partial (a policy not read yet would look missing): the
    // document's workspace findings come with the publish that ends the indexing.
    if (!dirty.has(uri) || !lastSettings || indexing || paused) return;
    // Too slow to hold up a keystroke: the debounced publish (already scheduled) follows.
    if (lastAnalysisMs > syncAnalysisMs) return;
    const doc = documents.get(uri);
    if (!doc) return;
    try {
      dirty.delete(uri);
      indexDocumentWith(doc, lastSettings);
      merger.setWorkspaceSilently(uri, diagnosticsByUri(lastSettings).get(uri) ?? []);
      schedule();
    } catch (e) {
      log(e instanceof Error ? e.message : String(e));
    }
  };

  /** Settles when the currently scheduled (debounced) analysis has been published. */
  let pending: { promise: Promise<void>; resolve: () => void } | undefined;
  const schedule = (): void => {
    if (!pending) {
      let resolve!: () => void;
      const promise = new Promise<void>((r) => (resolve = r));
      pending = { promise, resolve };
    }
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = undefined;
      const settle = pending?.resolve;
      pending = undefined;
      running = running
        .then(publish)
        .catch((e: unknown) => log(e instanceof Error ? e.message : String(e)))
        .then(() => settle?.());
    }, debounceMs);
  };

  const enqueue = (fn: () => Promise<void>): Promise<void> => {
    running = running.then(fn).catch((e: unknown) => log(e instanceof Error ? e.message : String(e)));
    return running;
  };

  documents.onDidOpen(({ document }) => {
    dirty.add(document.uri);
    schedule();
  });
  documents.onDidChangeContent(({ document }) => {
    dirty.add(document.uri);
    schedule();
  });
  documents.onDidClose(({ document }) => {
    dirty.delete(document.uri);
    const file = uriToPath(document.uri);
    // Unsaved edits are discarded on close: the disk is the truth again.
    if (!file) return;
    void enqueue(() => indexDisk(file));
    schedule();
  });

  /**
   * Lists every manifest of the folders and indexes it in time slices (SLICE_MS), with
   * work-done progress that ends when the findings are published. A newer re-index
   * (settings or folders changed) supersedes a running or queued one, which stops at its
   * next file and publishes nothing. The user can cancel the progress: indexing stops and
   * the cross-file findings are withdrawn until the next re-index.
   */
  const reindex = (): Promise<void> => {
    const generation = ++reindexGeneration;
    const superseded = () => generation !== reindexGeneration;
    return enqueue(async () => {
      if (superseded()) return;
      indexing = { done: 0, total: 0 };
      paused = false;
      const progress = await connection.window.createWorkDoneProgress().catch(() => undefined);
      progress?.begin('kube-guardrails: indexing manifests', 0, undefined, true);
      const cancelled = () => progress?.token.isCancellationRequested === true;
      try {
        const settings = await workspaceSettings();
        const files = await listManifests(folders, (p) => !settings.enable || isExcluded(pathToUri(p), folderOf(p), settings.exclude));
        const listed = new Set(files);
        for (const f of index.files()) if (!listed.has(f) && !documents.get(pathToUri(f))) index.removeFile(f);
        const status = (indexing = { done: 0, total: files.length });
        let sliceStart = performance.now();
        for (const file of files) {
          if (superseded() || cancelled()) break;
          const open = documents.get(pathToUri(file));
          if (open) await indexDocument(open);
          else await indexDisk(file);
          status.done++;
          if (performance.now() - sliceStart >= SLICE_MS) {
            progress?.report(Math.round((status.done / files.length) * 100), `${status.done}/${files.length} files`);
            await new Promise((r) => setImmediate(r)); // let queued messages through
            sliceStart = performance.now();
          }
        }
        if (superseded()) return;
        indexing = undefined;
        if (cancelled()) {
          // A partial index would report policies and bindings in unread files as missing.
          paused = true;
          log('indexing cancelled: cross-file findings are off until the settings or the workspace folders change');
          await publish();
          return;
        }
        progress?.report(100, `${files.length} files; analysing`);
        await publish();
        if (codeLensRefresh) void connection.sendRequest(CodeLensRefreshRequest.type).catch(() => undefined);
      } finally {
        if (!superseded()) indexing = undefined;
        progress?.done();
      }
    });
  };

  connection.onCodeLens((params) => service.codeLenses(params.textDocument.uri));

  const service: WorkspaceService = {
    index,
    async start(startOpts = {}) {
      const caps = startOpts.capabilities;
      const we = caps?.workspace?.workspaceEdit;
      documentChanges = we?.documentChanges === true;
      canCreateFiles = documentChanges && (we?.resourceOperations ?? []).includes('create');
      codeLensRefresh = caps?.workspace?.codeLens?.refreshSupport === true;
      if (startOpts.folders) folders = [...startOpts.folders];
      else {
        const ws = await connection.workspace.getWorkspaceFolders().catch(() => null);
        folders = (ws ?? []).map((f) => uriToPath(f.uri)).filter((p): p is string => !!p);
      }
      if (caps?.workspace?.didChangeWatchedFiles?.dynamicRegistration) {
        void connection.client.register(DidChangeWatchedFilesNotification.type, { watchers: [{ globPattern: '**/*.{yaml,yml}' }] }).catch(() => undefined);
      }
      if (caps?.textDocument?.codeLens?.dynamicRegistration) {
        void connection.client.register(CodeLensRequest.type, { documentSelector: [{ language: 'yaml' }], resolveProvider: false }).catch(() => undefined);
      }
      await reindex();
    },
    async refresh(newFolders) {
      if (newFolders) folders = [...newFolders];
      await reindex();
    },
    async filesChanged(changes) {
      let touched = false;
      for (const c of changes) {
        const file = uriToPath(c.uri);
        if (!file || !isManifestPath(file)) continue;
        if (documents.get(c.uri)) continue; // the open document's text wins over the disk
        touched = true;
        // Queued in order; the debounced analysis queued by schedule() runs after them.
        if (c.type === FileChangeType.Deleted) void enqueue(async () => void index.removeFile(file));
        else void enqueue(() => indexDisk(file));
      }
      if (touched) schedule();
      await running;
    },
    async hover(params) {
      const file = uriToPath(params.textDocument.uri);
      if (!file || paused) return null;
      await flushDocument(params.textDocument.uri);
      for (const o of index.objectsInFile(file)) {
        let ns: string | undefined;
        let name: string | undefined;
        let range: Range | undefined;
        if (o.kind === 'ServiceAccount' && o.name && contains(o.anchor.range, params.position)) {
          ns = namespaceOf(o);
          name = o.name;
          range = o.anchor.range;
        } else if (o.workload?.serviceAccountLoc && contains(o.workload.serviceAccountLoc.range, params.position)) {
          ns = namespaceOf(o);
          name = o.workload.serviceAccountName;
          range = o.workload.serviceAccountLoc.range;
        }
        if (!ns || !name || !range) continue;
        let value = effectivePermissionsMarkdown(index, ns, name);
        if (indexing) {
          const count = indexing.total > 0 ? ` (${indexing.done} of ${indexing.total} files)` : '';
          value += `\n\n_The workspace is still being indexed${count}: bindings in files not read yet are missing._`;
        }
        return { contents: { kind: MarkupKind.Markdown, value }, range };
      }
      return null;
    },
    async codeLenses(uri) {
      const file = uriToPath(uri);
      if (!file) return [];
      // Answered at once, never after the indexing queue; while indexing the lenses would
      // count a partial workspace, so there are none until it ends (then a refresh is asked).
      if (indexing || paused) return [];
      await flushDocument(uri);
      return workloadLensData(index, pss, file).map((d) => ({
        range: d.at.range,
        command: { title: lensTitle(d), command: '', tooltip: lensTooltip(d) } as NonNullable<CodeLens['command']>,
      }));
    },
    codeActions(params) {
      return workspaceCodeActions(index, documents, params, canCreateFiles, documentChanges);
    },
    async idle() {
      while (pending) await pending.promise;
      await running;
    },
  };
  return service;
}

/** One hover from the per-document hover (rule docs) and the workspace hover (permissions). */
export function mergeHovers(a: Hover | null | undefined, b: Hover | null | undefined): Hover | null {
  if (!a) return b ?? null;
  if (!b) return a;
  const text = (h: Hover) => (typeof h.contents === 'object' && 'kind' in h.contents ? h.contents.value : String((h.contents as { value?: string }).value ?? h.contents));
  const merged: Hover = { contents: { kind: MarkupKind.Markdown, value: `${text(a)}\n\n---\n\n${text(b)}` } };
  if (a.range) merged.range = a.range;
  return merged;
}
