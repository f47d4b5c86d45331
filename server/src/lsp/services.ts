import type { FileAnalysis } from '../core/engine/analyze';
import type { Finding } from '../core/engine/finding';
import type { AnalysisOptions } from '../core/engine/options';
import type { OffsetRange, Severity, TextEdit } from '../core/types';

/**
 * What the LSP layer needs from the analysis core beyond `analyzeText`: suppressions,
 * fixes and the workspace config file. The server depends on this interface only; the
 * real implementation (`coreServices.ts`) forwards to `core/suppress`, `core/fix` and
 * `core/config`, and tests can substitute a fake to exercise the LSP wiring alone.
 */
export interface SuppressionOutcome {
  /** Findings that remain after inline suppressions and config exemptions. */
  findings: Finding[];
  /** Suppressions that suppressed nothing, reported as information diagnostics. */
  unused: Array<{ range: OffsetRange; message: string }>;
}

export interface ConfigProblem {
  range: OffsetRange;
  message: string;
  severity: Severity;
  code: string;
}

/** The `.kube-guardrails.yaml` of one workspace folder, loaded and validated. */
export interface WorkspaceConfig {
  /** Absolute path of the file, when one exists. */
  file?: string;
  /** The file's text (for ranges); empty when absent. */
  text: string;
  problems: ConfigProblem[];
  /**
   * Analysis options for one document: built-in defaults, then the editor settings, then
   * the config file (which wins, so the editor agrees with CI). `excluded` when the file
   * matches the config's exclusions.
   */
  resolve(settings: SettingsInput, filePath: string | undefined): { options: AnalysisOptions; excluded: boolean; disableInlineSuppressions: boolean };
}

/** The subset of settings that feeds analysis options. */
export interface SettingsInput {
  profile: AnalysisOptions['profile'];
  pssVersion: string;
  rules: AnalysisOptions['rules'];
  disableInlineSuppressions: boolean;
}

export interface Services {
  analyze(text: string, options: AnalysisOptions): FileAnalysis;
  suppress(analysis: FileAnalysis, options: AnalysisOptions, strict: boolean, config: WorkspaceConfig, filePath: string | undefined): SuppressionOutcome;
  /** Verified minimal edits for the finding's own fix; undefined when none or unsafe. */
  quickFix(analysis: FileAnalysis, finding: Finding, options: AnalysisOptions): TextEdit[] | undefined;
  /** Verified edits fixing every auto-fixable finding at once; undefined when nothing to do. */
  fixAll(analysis: FileAnalysis, findings: readonly Finding[], options: AnalysisOptions): TextEdit[] | undefined;
  ignoreLine(analysis: FileAnalysis, finding: Finding): TextEdit[] | undefined;
  ignoreObject(analysis: FileAnalysis, finding: Finding): TextEdit[] | undefined;
  /** The folder's config file; an empty config (settings only) for no folder or no file. */
  loadConfig(folderPath: string | undefined): WorkspaceConfig;
  /** Names of the config file looked for at each workspace folder root. */
  configFileNames: readonly string[];
}
