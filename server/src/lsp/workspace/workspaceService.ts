import type {
  ClientCapabilities,
  CodeAction,
  CodeActionParams,
  CodeLens,
  FileEvent,
  Hover,
  TextDocumentPositionParams,
} from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { WorkspaceIndex } from '../../core/workspace/workspaceIndex';
import type { ServerSettings } from '../settings';
import type { ReachabilityResult, SecurityMapResult } from '../securityMapProtocol';

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
  /** The file's resolved options and rule set (built-in plus custom), for analysing what a build rooted there produces. */
  options?: AnalysisOptions | undefined;
  ruleSet?: readonly Rule[] | undefined;
};
import type { ExemptionScope } from '../../core/lint';
import type { WorkspaceRule } from '../../core/workspace/types';
import type { AnalysisOptions } from '../../core/engine/options';
import type { Rule } from '../../core/rules/types';
import type { RenderOptions } from '../../core/sources/helm/helm/render';

export interface AttachOptions {
  /**
   * How long the cross-file publish waits for more events before it runs (ms), so a burst
   * (a branch switch's file events) gives one analysis. Edits reach the workspace after the
   * server's per-document quiet period, so this is not a second typing debounce.
   */
  publishDelayMs?: number | undefined;
  /**
   * `documentSettled` (the validator's request before it publishes a document) analyses the
   * workspace synchronously only while that analysis takes at most this long; in a
   * workspace where it takes longer, keystrokes are not held up and the scheduled publish
   * brings the update.
   */
  syncAnalysisMs?: number;
  resolveFile?: ResolveFile | undefined;
  /** The cross-file rules to run (default all); tests pass their own. */
  workspaceRules?: readonly WorkspaceRule[] | undefined;
  onPartsChanged?: SessionDeps['onPartsChanged'];
  chartRenderOptions?: SessionDeps['chartRenderOptions'];
}

export interface StartWorkspaceOptions {
  /** Workspace folder paths; asked from the client (`workspace/workspaceFolders`) when absent. */
  folders?: readonly string[];
  /** The client's capabilities: file watching and CodeLens are registered dynamically when it allows. */
  capabilities?: ClientCapabilities;
  /** The client shows the security map: send it change notifications and "Show in security map" lenses (securityMapProtocol.ts). */
  securityMapView?: boolean;
}

/** What the server wires into the handlers and the document events it owns. */
export interface WorkspaceService {
  readonly index: WorkspaceIndex;
  /** Indexes the workspace folders with work-done progress, then publishes. Call once initialized. */
  start(opts?: StartWorkspaceOptions): Promise<void>;
  /** Settings or workspace folders changed: re-list and re-index everything, then publish. */
  refresh(folders?: readonly string[]): Promise<void>;
  /** An open document was opened or edited: its indexed text is stale (cheap; call at once). */
  documentEdited(uri: string): void;
  /** An open document was closed: its file on disk counts again. */
  documentClosed(uri: string): void;
  /**
   * The validator is about to analyse and publish `uri` (opened, edited and quiet, saved,
   * re-validated): when its text changed, schedules the cross-file publish, and while that
   * analysis is fast, indexes the document now and records its current workspace
   * diagnostics in the publisher, so the validator's one notification carries them.
   */
  documentSettled(uri: string, settings: ServerSettings): void;
  /** `workspace/didChangeWatchedFiles`: changed, created or deleted manifests on disk. */
  filesChanged(changes: readonly FileEvent[]): Promise<void>;
  /** Effective permissions of the ServiceAccount under the cursor, or null. */
  hover(params: TextDocumentPositionParams): Promise<Hover | null>;
  codeLenses(uri: string): Promise<CodeLens[]>;
  /** Quick fixes for workspace diagnostics (create a NetworkPolicy), to add to the server's own. */
  codeActions(params: CodeActionParams): CodeAction[];
  /** `kubeGuardrails/securityMap`: the map of the indexed workspace and its drawing (params checked here). */
  securityMap(params: unknown): Promise<SecurityMapResult>;
  /** `kubeGuardrails/reachability`: whether one workload can reach another. */
  reachability(params: unknown): Promise<ReachabilityResult>;
  /** Whether the file is a part of a Kustomize build (analysed through it, never alone). */
  isBuildPart(file: string): boolean;
  /** Resolves once pending edits are indexed, analysed and published. */
  idle(): Promise<void>;
  dispose(): void;
}

/** What a WorkspaceSession reads from outside. */
export interface SessionDeps {
  /** The open documents: their text wins over the disk. */
  documents: { get(uri: string): TextDocument | undefined; all(): TextDocument[] };
  getSettings: GetSettings;
  resolveFile?: ResolveFile | undefined;
  workspaceRules?: readonly WorkspaceRule[] | undefined;
  log: (message: string) => void;
  /** Files that became or stopped being parts of a Kustomize build: their own diagnostics must be recomputed. */
  onPartsChanged?: ((files: readonly string[]) => void) | undefined;
  /** The config file's render options for a chart folder (`helm.charts`). */
  chartRenderOptions?: ((chartDir: string) => RenderOptions) | undefined;
}

/** How far a running re-index has got (the index is partial meanwhile). */
export interface IndexingStatus {
  done: number;
  total: number;
}

export interface ReindexControl {
  /** Checked before each file: true stops the re-index where it is. */
  shouldStop(): boolean;
  /** Called after each file (the scheduler's time slices); true when it yielded. */
  pause?(): Promise<boolean>;
  /** Called when `pause` yielded, to report progress. */
  progress?(status: IndexingStatus): void;
}
