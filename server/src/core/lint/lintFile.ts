import { applyExemptions, todayUtc, type ConfigProblem, type ResolvedConfig } from '../config';
import { analyzeText, type FileAnalysis } from '../engine/analyze';
import type { DocumentCache } from '../engine/documentCache';
import { compareFindings, type Finding } from '../engine/finding';
import type { AnalysisOptions } from '../engine/options';
import { RULES } from '../rules/registry';
import type { Rule } from '../rules/types';
import { applySuppressions } from '../suppress/apply';
import { UNUSED_SUPPRESSION } from '../suppress/unusedRule';
import { notAnalyzedOf, type NotAnalyzed } from './notAnalyzed';

/** The config file whose exemptions apply to a file, and the file's place relative to it. */
export interface ExemptionScope {
  config: ResolvedConfig;
  /** The file's path relative to the config file's folder; undefined outside it (`files` selectors never match). */
  filePath: string | undefined;
}

/** How one file is linted once its options are resolved (settings, config file, flags). */
export interface FileScope {
  /** The resolved options: their `rules` levels also switch off or re-level `unused-suppression`. */
  options: AnalysisOptions;
  /** Strict mode (`disableInlineSuppressions`): comment directives and annotations count for nothing. */
  strict: boolean;
  /** Absent when no config file applies. */
  exemptions?: ExemptionScope | undefined;
  /** The rules that ran (built-in plus the config's custom rules); default the built-in registry. */
  rules?: readonly Rule[];
  /** `YYYY-MM-DD` (UTC) that decides which exemptions have expired; default today. */
  today?: string;
}

/** The final result for one file: what every front end shows, with nothing left to filter. */
export interface FileLint {
  analysis: FileAnalysis;
  /** Final findings, `unused-suppression` included at its level, sorted by `compareFindings`. */
  findings: Finding[];
  /** The file or documents whose findings are incomplete: never present them as clean. */
  notAnalyzed: NotAnalyzed[];
  /** Expired exemptions that would have matched a finding (warnings on the config file). */
  expiredExemptionProblems: ConfigProblem[];
}

/** Analyses one file's text and lints the result (see `lintAnalysis`). */
export function lintFile(text: string, scope: FileScope, cache?: DocumentCache): FileLint {
  return lintAnalysis(analyzeText(text, scope.options, scope.rules ?? RULES, cache), scope);
}

/**
 * The one findings pipeline for a file, in the order the README documents:
 * 1. the engine's findings, at the levels the options gave their rules;
 * 2. inline suppressions (none in strict mode);
 * 3. the config file's exemptions, applied to what suppressions left (so a directive that
 *    also matches an exemption counts as used and is not reported unused);
 * 4. `unused-suppression` findings, switched off or re-levelled by `rules`; exemptions do not
 *    apply to them (they are about the suppression comment, not an object's problem).
 */
export function lintAnalysis(analysis: FileAnalysis, scope: FileScope): FileLint {
  const suppression = applySuppressions(analysis, { disableInlineSuppressions: scope.strict });
  let kept = suppression.kept;
  let expiredExemptionProblems: ConfigProblem[] = [];
  if (scope.exemptions) {
    const result = applyExemptions(kept, { filePath: scope.exemptions.filePath }, scope.exemptions.config, scope.today ?? todayUtc());
    kept = result.kept;
    expiredExemptionProblems = result.expiredExemptionProblems;
  }
  const findings = [...kept, ...levelUnused(suppression.unused, scope.options.rules)].sort(compareFindings);
  return { analysis, findings, notAnalyzed: notAnalyzedOf(analysis, scope.rules ?? RULES), expiredExemptionProblems };
}

/**
 * `unused-suppression` is a pseudo-rule reported by the suppression pass (info by default):
 * `rules: { unused-suppression: off | error | ... }` switches it off or re-levels it.
 */
export function levelUnused<T extends Pick<Finding, 'severity'>>(unused: readonly T[], rules: AnalysisOptions['rules']): T[] {
  const level = rules[UNUSED_SUPPRESSION.id];
  if (level === 'off') return [];
  return level ? unused.map((u) => ({ ...u, severity: level })) : [...unused];
}
