import type { RenderOptions } from '../core/sources/helm/helm/render';
import type { FileAnalysis } from '../core/engine/analyze';
import type { DocumentCache } from '../core/engine/documentCache';
import type { Finding } from '../core/engine/finding';
import type { ExemptionScope, FileLint, FileScope } from '../core/lint';
import type { AnalysisOptions } from '../core/engine/options';
import type { OffsetRange, Severity, TextEdit } from '../core/types';
import type { ServerSettings } from './settings';

/**
 * What the LSP layer needs from the analysis core: analysis, the findings pipeline, fixes
 * and the workspace config file. The server depends on this interface only;
 * `coreServices.ts` forwards to `core/engine`, `core/lint`, `core/suppress`, `core/fix` and
 * `core/config`, and tests can substitute a fake to exercise the LSP wiring alone.
 */

export interface ConfigProblem {
  range: OffsetRange;
  message: string;
  severity: Severity;
  code: string;
}

/** How one document is analysed, after settings and the config file are combined. */
export interface ResolvedDocumentOptions {
  options: AnalysisOptions;
  /** The config file's `exclude` matches the document. */
  excluded: boolean;
  /** Strict mode from the settings or the config file: inline suppressions are ignored. */
  strict: boolean;
  /** The config file's exemptions for the document; absent without a config file. */
  exemptions?: ExemptionScope | undefined;
}

/** One `.kube-guardrails.yaml` (the nearest at or above a document), loaded and validated. */
export interface WorkspaceConfig {
  /** Absolute path of the file, when one exists. */
  file?: string | undefined;
  /** The file's text (problem ranges are offsets into it); empty when absent. */
  text: string;
  problems: ConfigProblem[];
  resolve(settings: ServerSettings, filePath: string | undefined): ResolvedDocumentOptions;
  /** How the chart in `chartDir` is rendered (`helm.charts` of this file); empty without one. */
  chartRenderOptions(chartDir: string): RenderOptions;
}

/** Checked between verification passes; `stop` true makes a fix computation give up (see budget.ts). */
export interface StopCheck {
  readonly stop: boolean;
}

export interface Services {
  analyze(text: string, options: AnalysisOptions, cache?: DocumentCache): FileAnalysis;
  /** The core's findings pipeline over an analysis: final findings and what was not analyzed. */
  lint(analysis: FileAnalysis, scope: FileScope): FileLint;
  /**
   * Verified minimal edits for the finding's own fix; undefined when none or unsafe.
   * Throws `BudgetExceeded` when `budget` stopped the verification (the answer is unknown).
   */
  quickFix(analysis: FileAnalysis, finding: Finding, options: AnalysisOptions, budget?: StopCheck): TextEdit[] | undefined;
  /**
   * Verified edits fixing the given findings at once; undefined when nothing can be fixed.
   * Throws `BudgetExceeded` when `budget` stopped it before a verified result.
   */
  fixAll(analysis: FileAnalysis, findings: readonly Finding[], options: AnalysisOptions, budget?: StopCheck): TextEdit[] | undefined;
  /** A comment directive on (or above) the finding's line; appends to an existing one. */
  ignoreLine(analysis: FileAnalysis, finding: Finding): TextEdit[] | undefined;
  /** An annotation on the finding's object. */
  ignoreObject(analysis: FileAnalysis, finding: Finding): TextEdit[] | undefined;
  /** Loads one config file; a settings-only config for none. */
  loadConfig(configFile: string | undefined, workspaceFolders?: readonly string[]): WorkspaceConfig;
  /**
   * The nearest config file in `startDir` or a folder above it, stopping after `stopDir`
   * (the workspace folder) when `startDir` is inside it; otherwise up to the filesystem root.
   */
  findConfig(startDir: string, stopDir: string | undefined): string | undefined;
  /** Names of the config file looked for in each folder. */
  configFileNames: readonly string[];
}
