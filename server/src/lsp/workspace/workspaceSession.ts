import * as path from 'path';
import type { Diagnostic } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { PssEvaluator } from '../../core/workspace/admission';
import { WorkspaceIndex } from '../../core/workspace/workspaceIndex';
import { ineligibility } from '../eligibility';
import type { ServerSettings } from '../settings';
import { pathToUri, uriToPath } from '../uris';
import { readManifest } from './readManifest';
import { isManifestPath } from './scanFolders';
import { diagnosticsByUri, type BuildFindings } from './workspaceFindings';
import { WorkspaceBuilds } from './workspaceBuilds';
import { DEFAULT_MAX_FILE_SIZE } from '../../core/engine/inputGuard';
import type { IndexingStatus, ReindexControl, SessionDeps } from './workspaceService';
import { withValuesFilesSetting } from './chartValuesSetting';
import type { NotAnalyzedIn } from '../../core/lint/lintBuilds';

/**
 * The workspace analysis's state, with no connection: the index of every manifest of the
 * workspace folders (open documents' text wins over the disk), the Pod Security evaluator,
 * which open documents changed since they were indexed, and the re-index generation,
 * progress and cancellation. With no workspace folder at all, the open documents are the
 * workspace, so the cross-file rules see the same files as the CLI run on them.
 */
export class WorkspaceSession {
  readonly index = new WorkspaceIndex();
  readonly pss = new PssEvaluator();
  private folderPaths: string[] = [];
  /** Open documents edited since they were last indexed. */
  private readonly dirty = new Set<string>();
  /**
   * Of those, the ones still in their typing quiet period: the scheduled publish leaves
   * them for the validation that ends it (requests at the cursor still read them).
   */
  private readonly typing = new Set<string>();
  /** Bumped by every re-index request: a running re-index stops when it is no longer the latest. */
  private generation = 0;
  private status: IndexingStatus | undefined;
  private cancelled = false;
  /** Workspace-wide settings last read (see `workspaceSettings`). */
  lastSettings: ServerSettings | undefined;
  /** Each folder's settings last read, for what is set per folder (a chart's values files). */
  private folderSettings = new Map<string, ServerSettings>();
  /** How long the last cross-file analysis took, in ms. */
  lastAnalysisMs = 0;
  /** How long re-indexing the last edited open document took, in ms (a big bundle: tens). */
  lastDocumentIndexMs = 0;
  /** Bumped by every change of the index (and every re-index): `findings` is cached until then. */
  private changes = 0;
  private cached: { key: string; byUri: Map<string, Diagnostic[]> } | undefined;
  /** `changes` when the findings were last published (see `notePublished`). */
  private publishedChanges = -1;

  /** Kustomize builds and Helm charts: their parts are analysed through them, their built objects are indexed. */
  readonly builds: WorkspaceBuilds;
  /** The placed findings of the last analysis, for the quick fixes of build diagnostics. */
  buildFindings: BuildFindings | undefined;
  /** What of the builds the last analysis could not analyse (the security map's "not analysed" list). */
  buildsNotAnalyzed: readonly NotAnalyzedIn[] = [];

  constructor(private readonly deps: SessionDeps) {
    this.builds = new WorkspaceBuilds(
      (file) => deps.documents.get(pathToUri(file))?.getText(),
      () => this.folderPaths,
      () => this.lastSettings?.maxFileSize ?? DEFAULT_MAX_FILE_SIZE,
      (chartDir) => {
        const folder = this.folderOf(chartDir);
        const configured = deps.chartRenderOptions?.(chartDir) ?? {};
        return withValuesFilesSetting(configured, chartDir, folder, folder === undefined ? undefined : this.folderSettings.get(folder));
      },
    );
  }

  /** Set while a re-index runs: the index is partial, so findings wait for it to finish. */
  get indexing(): IndexingStatus | undefined {
    return this.status;
  }

  /** The user cancelled indexing: no cross-file findings until the next re-index (settings or folders change). */
  get paused(): boolean {
    return this.cancelled;
  }

  /** A re-index begins (before the folders are listed): the index is partial until `endIndexing`. */
  beginIndexing(): void {
    this.status = { done: 0, total: 0 };
    this.cancelled = false;
  }

  /** `cancelled`: the user stopped it, so a partial index would report unread policies and bindings as missing. */
  endIndexing(cancelled: boolean): void {
    this.status = undefined;
    this.cancelled = cancelled;
  }

  get folders(): readonly string[] {
    return this.folderPaths;
  }

  setFolders(folders: readonly string[]): void {
    this.folderPaths = [...folders];
  }

  folderOf(file: string): string | undefined {
    return this.folderPaths.find((f) => file === f || file.startsWith(f + path.sep));
  }

  /** Workspace-wide settings: those of the first folder (folder-specific ones apply per file). */
  async workspaceSettings(): Promise<ServerSettings> {
    const folder = this.folderPaths[0];
    const folders = [...this.folderPaths];
    const settings = await this.deps.getSettings(folder ? pathToUri(folder) : '');
    const each = await Promise.all(folders.map((f) => (f === folder ? settings : this.deps.getSettings(pathToUri(f)))));
    this.folderSettings = new Map(folders.map((f, i) => [f, each[i] ?? settings]));
    return (this.lastSettings = settings);
  }

  /**
   * Whether a file takes part, by path and settings (content is checked when read). The
   * workspace is its folders: with folders open, a document outside all of them (an editor
   * opened on one file beside the folders) gets no cross-file analysis; with none, every
   * open document does.
   */
  accepts(file: string, settings: ServerSettings, open: boolean, languageId?: string): boolean {
    const folder = this.folderOf(file);
    if (folder === undefined && !(open && this.folderPaths.length === 0)) return false;
    if (!isManifestPath(file)) return false;
    const configExcludes = () => this.deps.resolveFile?.(file, settings).excluded === true;
    return ineligibility({ uri: pathToUri(file), folder, settings, languageId, configExcludes }) === undefined;
  }

  /** Whether listing the folders skips a path (a folder or a file): disabled, or excluded by the settings' globs. */
  skipsPath(file: string, settings: ServerSettings): boolean {
    return ineligibility({ uri: pathToUri(file), folder: this.folderOf(file), settings }) !== undefined;
  }

  /** Indexes an open document's current text (with its own settings, or the ones given). */
  async setDocument(doc: TextDocument, settings?: ServerSettings): Promise<void> {
    this.setDocumentWith(doc, settings ?? (await this.deps.getSettings(doc.uri)));
  }

  setDocumentWith(doc: TextDocument, settings: ServerSettings): void {
    const file = uriToPath(doc.uri);
    if (!file) return;
    this.dirty.delete(doc.uri);
    const started = performance.now();
    if (!this.accepts(file, settings, true, doc.languageId)) this.remove(file);
    // An open buffer is re-indexed on every change, so its sections are kept for reuse.
    else this.setText(file, doc.getText(), settings, true);
    this.lastDocumentIndexMs = performance.now() - started;
  }

  /**
   * Indexes a file from disk with its folder's settings: VS Code resolves a resource's
   * settings at folder level anyway, and asking once per folder instead of once per file
   * saves a client round trip per file (10,000 of them in a big workspace).
   */
  async setDisk(file: string): Promise<void> {
    const settings = await this.deps.getSettings(pathToUri(this.folderOf(file) ?? file));
    if (!this.accepts(file, settings, false)) return this.remove(file);
    const text = readManifest(file, settings.maxFileSize, this.folderPaths);
    if (text === undefined)
      this.remove(file); // deleted, unreadable, not a file or too big
    else this.setText(file, text, settings, false);
  }

  remove(file: string): void {
    this.builds.noteFile(file, false);
    if (this.index.removeFile(file)) this.changes++;
  }

  private setText(file: string, text: string, settings: ServerSettings, open: boolean): void {
    const uri = pathToUri(file);
    if (ineligibility({ uri, folder: this.folderOf(file), settings, text }) !== undefined) return this.remove(file);
    this.changes++;
    this.builds.noteFile(file, true);
    // A part of a build (a base, a patch) is indexed only as the built objects.
    if (this.builds.isPart(file)) this.index.removeFile(file);
    else this.index.setFileText(file, text, { keepChunks: open });
  }

  /**
   * Rebuilds stale builds and brings the index in line: built texts under their index names,
   * parts out, former parts back in. Returns the files whose part status changed (their
   * per-document diagnostics change: a part has none of its own).
   */
  syncBuilds(): string[] {
    if (!this.builds.isStale) return [];
    const r = this.builds.refresh();
    for (const name of r.dropped) this.index.removeFile(name);
    // Kept in sections like an open document's: after an edit, only the objects whose built text changed are parsed again.
    for (const b of r.indexed) this.index.setFileText(b.indexName, b.built.text, { keepChunks: true });
    for (const file of r.partsChanged) {
      if (this.builds.isPart(file)) this.index.removeFile(file);
      else {
        const open = this.deps.documents.get(pathToUri(file));
        const settings = this.lastSettings;
        const text = open?.getText() ?? (settings ? readManifest(file, settings.maxFileSize, this.folderPaths) : undefined);
        if (text !== undefined && settings && this.accepts(file, settings, open !== undefined)) this.index.setFileText(file, text);
      }
    }
    this.changes++;
    return r.partsChanged;
  }

  /** An open document changed: its indexed text is stale until `flush`, and it is being typed in until `settle`. */
  markDirty(uri: string): void {
    this.dirty.add(uri);
    this.typing.add(uri);
  }

  /** The document's quiet period ended: the next publish may index it. */
  settle(uri: string): void {
    this.typing.delete(uri);
  }

  isDirty(uri: string): boolean {
    return this.dirty.has(uri);
  }

  /** Forgets a closed document's pending edit (the disk is the truth again). */
  forgetDirty(uri: string): void {
    this.dirty.delete(uri);
    this.typing.delete(uri);
  }

  /** Every open document is to be indexed again (the settings that admit it may have changed). */
  markAllDirty(): void {
    for (const d of this.deps.documents.all()) this.dirty.add(d.uri);
  }

  /** Indexes the latest text of every changed open document not being typed in, or of `uri` only. */
  async flush(uri?: string): Promise<void> {
    const settled = [...this.dirty].filter((u) => !this.typing.has(u));
    for (const u of uri === undefined ? settled : this.dirty.has(uri) ? [uri] : []) {
      const doc = this.deps.documents.get(u);
      // Still dirty while the settings are fetched: a validation meanwhile indexes it itself.
      if (doc) await this.setDocument(doc);
      else this.dirty.delete(u);
    }
  }

  /** The findings were just published for the current index. */
  notePublished(): void {
    this.publishedChanges = this.changes;
  }

  /** The index changed since the findings were last published (a request at the cursor may have indexed an edit). */
  hasUnpublishedChanges(): boolean {
    return this.changes !== this.publishedChanges;
  }

  /** A new re-index was asked for: the running one, if any, is superseded. Returns its generation. */
  nextGeneration(): number {
    this.changes++; // settings or config files may have changed
    return ++this.generation;
  }

  isLatest(generation: number): boolean {
    return generation === this.generation;
  }

  /**
   * Brings the index to exactly `files` (plus the open documents): drops the files no longer
   * listed, then reads each listed one (an open document's text instead of the disk's),
   * until `ctl.shouldStop()`. Returns whether every file was read.
   */
  async reindex(files: readonly string[], ctl: ReindexControl): Promise<boolean> {
    const listed = new Set(files);
    for (const f of this.index.files())
      if (!listed.has(f) && !this.builds.isIndexName(f) && !this.deps.documents.get(pathToUri(f))) this.remove(f);
    this.builds.markStale();
    const status = (this.status = { done: 0, total: files.length });
    for (const file of files) {
      if (ctl.shouldStop()) return false;
      const open = this.deps.documents.get(pathToUri(file));
      if (open) await this.setDocument(open);
      else await this.setDisk(file);
      status.done++;
      if ((await ctl.pause?.()) === true) ctl.progress?.(status);
    }
    return true;
  }

  /** A source file's current text: the open document's, else the disk's (within the folders and size limit). */
  readSource(file: string, settings: ServerSettings): string | undefined {
    return (
      this.deps.documents.get(pathToUri(file))?.getText() ??
      (this.builds.builds.length ? this.builds.readSource(file) : readManifest(file, settings.maxFileSize, this.folderPaths))
    );
  }

  /**
   * The cross-file diagnostics of every file, by uri; none while paused (a partial index
   * would report policies and bindings in unread files as missing). Computed once per
   * state of the index and settings: every validation asks for its document's part.
   */
  findings(settings: ServerSettings): Map<string, Diagnostic[]> {
    if (this.paused) return new Map();
    const partsChanged = this.syncBuilds();
    if (partsChanged.length) this.deps.onPartsChanged?.(partsChanged);
    const key = `${this.changes}\0${JSON.stringify(settings)}`;
    if (this.cached?.key === key) return this.cached.byUri;
    const started = performance.now();
    const byUri = diagnosticsByUri(
      {
        index: this.index,
        builds: this.builds,
        onBuildFindings: (f) => (this.buildFindings = f),
        onNotAnalyzed: (n) => (this.buildsNotAnalyzed = n),
        readText: (file) => this.readSource(file, settings),
        pss: this.pss,
        resolveFile: this.deps.resolveFile,
        rules: this.deps.workspaceRules,
        openUris: () => this.deps.documents.all().map((d) => d.uri),
        log: this.deps.log,
      },
      settings,
    );
    this.lastAnalysisMs = performance.now() - started;
    this.cached = { key, byUri };
    return byUri;
  }
}
