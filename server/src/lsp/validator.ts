import type { Connection, TextDocuments } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { lintDocument, skippedDocument, type LintedDocument } from './lintedDocument';
import type { ConfigStore } from './configStore';
import type { DiagnosticsPublisher } from './diagnosticsPublisher';
import { ineligibility } from './eligibility';
import type { Guard } from './guard';
import type { ResolvedDocumentOptions, Services, WorkspaceConfig } from './services';
import type { ServerSettings } from './settings';
import type { SettingsStore } from './settingsStore';
import { uriToPath } from './uris';
import type { Folders } from './workspaceFolders';
import { DocumentCache } from '../core/engine/documentCache';
import { DocumentLines } from './documentLines';
import { DEFAULT_OPTIONS } from '../core/engine/options';
import { ANALYSIS_ABANDONED, type RuleFailure } from '../core/engine/analyze';
import { LineIndex } from '../core/yaml/lineIndex';
import { safeMessage } from '../core/display';
import { notAnalyzedDiagnostic } from './diagnostics';

/** The reason code of a document whose analysis threw as a whole (not one rule). */
const ANALYSIS_FAILED = 'analysis-failed';

/** A rule's error message is its own text, but keep a runaway one from flooding the log. */
function truncate(message: string, max = 500): string {
  return message.length > max ? `${message.slice(0, max)}…` : message;
}

export type Trigger = 'open' | 'change' | 'save' | 'refresh';

export interface ValidatorDeps {
  connection: Connection;
  documents: TextDocuments<TextDocument>;
  services: Services;
  settings: SettingsStore;
  configs: ConfigStore;
  folders: Folders;
  guard: Guard;
  publisher: DiagnosticsPublisher;
  /**
   * Called first on every validation: the workspace indexes the document's new text and,
   * while its analysis is fast, brings the document's cross-file diagnostics up to date in
   * the publisher at once, so they ride along in this validation's notification (see
   * WorkspaceService.documentSettled).
   */
  settleWorkspace?: (uri: string, settings: ServerSettings) => void;
  /** A part of a Kustomize build (a base, a patch): analysed through the build, so no diagnostics of its own. */
  isBuildPart?: (file: string) => boolean;
}

/**
 * Analyses open documents and publishes their diagnostics. Results are cached per uri +
 * version (+ a generation bumped whenever settings or a config file change), so hovers,
 * code actions and repeated triggers reuse one analysis.
 */
export class Validator {
  private readonly cache = new Map<string, { entry: LintedDocument; generation: number }>();
  private readonly skipLogged = new Set<string>();
  /** `<uri>\0<rule id>` of rule failures already logged: once per document and rule, not per keystroke. */
  private readonly failuresLogged = new Set<string>();
  private readonly chunkCaches = new Map<string, DocumentCache>();
  /** Bumped when settings or config files change: every cached analysis is then stale. */
  generation = 0;

  constructor(private readonly deps: ValidatorDeps) {}

  /** An edit of an open document (see trackedDocuments.ts): the next analysis reuses around it. */
  noteEdit(uri: string, start: number, end: number, insertedLength: number): void {
    this.chunkCaches.get(uri)?.noteEdit(start, end, insertedLength);
  }

  /** The document's text was replaced by other means (reopened): match its chunks by content. */
  forgetEdits(uri: string): void {
    this.chunkCaches.get(uri)?.forgetEdits();
  }

  forget(uri: string): void {
    this.cache.delete(uri);
    this.skipLogged.delete(uri);
    this.chunkCaches.delete(uri);
    for (const k of this.failuresLogged) if (k.startsWith(`${uri}\0`)) this.failuresLogged.delete(k);
  }

  /** The analysis of the document's current version, computing it if needed. */
  async analysisFor(uri: string): Promise<LintedDocument | undefined> {
    const settings = await this.deps.settings.get(uri);
    const doc = this.deps.documents.get(uri);
    if (!doc) return undefined;
    const cached = this.cache.get(uri);
    if (cached && cached.entry.version === doc.version && cached.generation === this.generation) return cached.entry;
    const entry = this.compute(doc, settings);
    this.cache.set(uri, { entry, generation: this.generation });
    return entry;
  }

  async validate(uri: string, trigger: Trigger): Promise<void> {
    const settings = await this.deps.settings.get(uri);
    // Also when this trigger publishes nothing (`run: onSave`): cross-file findings follow edits.
    this.deps.settleWorkspace?.(uri, settings);
    if (trigger === 'change' && settings.run === 'onSave') return;
    let entry: LintedDocument | undefined;
    try {
      entry = await this.analysisFor(uri);
    } catch (e) {
      // Fail closed: an analysis that threw as a whole is shown as not analysed, never as
      // clean (the previous diagnostics would otherwise stay, or none appear). The guard
      // around this handler logs the error.
      const doc = this.deps.documents.get(uri);
      if (doc) {
        const message = `the analysis failed: ${safeMessage(e instanceof Error ? e.message : String(e))}`;
        const diagnostic = notAnalyzedDiagnostic({ start: 0, reason: ANALYSIS_FAILED, message }, new LineIndex(doc.getText()));
        await this.deps.publisher.publish(uri, 'document', [diagnostic], doc.version);
      }
      throw e;
    }
    const current = this.deps.documents.get(uri);
    if (!entry || !current) return;
    // A newer version is already scheduled when typing; publishing the old one would flicker.
    if (entry.version !== current.version && settings.run === 'onType') return;
    await this.deps.publisher.publish(uri, 'document', entry.diagnostics, entry.version);
  }

  /**
   * A rule that threw, or a document abandoned past its time budget (`analysis-abandoned`):
   * logged with the rule's own message (never document text), once per document and rule.
   * The chunk cache replays a failure on every keystroke, hence the memory.
   */
  private logFailures(uri: string, failures: readonly RuleFailure[]): void {
    for (const f of failures) {
      const key = `${uri}\0${f.ruleId}`;
      if (this.failuresLogged.has(key)) continue;
      this.failuresLogged.add(key);
      const what = f.ruleId === ANALYSIS_ABANDONED ? f.message : `rule ${f.ruleId} failed on document ${f.documentIndex + 1}: ${f.message}`;
      this.deps.connection.console.error(`kube-guardrails: ${uri}: ${truncate(what)}`);
    }
  }

  private compute(doc: TextDocument, settings: ServerSettings): LintedDocument {
    const { uri, version } = doc;
    const text = doc.getText();
    const filePath = uriToPath(uri);
    const folder = this.deps.folders.folderOf(filePath);
    const lines = new DocumentLines(doc, version, text);
    const skipped = () => skippedDocument(uri, version, text, DEFAULT_OPTIONS, lines);

    if (filePath && this.deps.configs.isConfigFile(filePath)) {
      // The config file is not a manifest: its diagnostics are its own validation problems.
      const entry = skipped();
      entry.diagnostics = this.deps.configs.diagnosticsFor(filePath);
      return entry;
    }
    // The config file is loaded only for a document the cheaper checks let through.
    let configured: { config: WorkspaceConfig; resolved: ResolvedDocumentOptions } | undefined;
    const configExcludes = () => {
      const config = this.deps.configs.forFile(filePath);
      configured = { config, resolved: config.resolve(settings, filePath) };
      return configured.resolved.excluded;
    };
    const ineligible = ineligibility({ uri, folder, settings, languageId: doc.languageId, text, configExcludes });
    // Too large: analysed anyway, so the engine's input guard records (and we log) why it was skipped.
    if ((ineligible !== undefined && ineligible !== 'too-large') || !configured) return skipped();
    // Its findings come placed from the builds that read it (the workspace channel).
    if (filePath && this.deps.isBuildPart?.(filePath)) return skipped();
    const { resolved } = configured;
    let cache = this.chunkCaches.get(uri);
    if (!cache) this.chunkCaches.set(uri, (cache = new DocumentCache({ tracksEdits: true })));
    const entry = lintDocument(
      { uri, version, text, options: resolved.options, strict: resolved.strict, exemptions: resolved.exemptions, cache, lines },
      this.deps.services,
    );
    const skip = entry.analysis?.skipped;
    if (skip && !this.skipLogged.has(uri)) {
      // Binary or over kubeGuardrails.maxFileSize: say so once per document, not per keystroke.
      this.skipLogged.add(uri);
      this.deps.connection.console.info(`kube-guardrails: ${uri}: ${skip.message}`);
    }
    this.logFailures(uri, entry.analysis?.ruleFailures ?? []);
    return entry;
  }
}
