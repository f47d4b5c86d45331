import type { FileAnalysis } from '../engine/analyze';
import type { Rule } from '../rules/types';

/**
 * `reason` of a document in which a rule threw (the rule's findings for it are lost); the
 * rule is named in `ruleId`. Every other reason is the engine's own code, passed through
 * as it comes: a whole-file `SkipReason.reason` ('binary', 'too-large', ...) or the
 * pseudo rule id of a `RuleFailure` ('analysis-abandoned', ...).
 */
export const RULE_FAILED = 'rule-failed';

/**
 * A file or one document of it that was not (fully) analysed: its findings are incomplete,
 * so every front end reports it (CLI `errors`, an editor diagnostic) and never calls the
 * file clean. Built generically from `FileAnalysis.skipped` and `FileAnalysis.ruleFailures`,
 * so a reason the engine adds later flows through unchanged.
 */
export interface NotAnalyzed {
  /** The `---` document concerned; absent when the whole file was not analysed. */
  documentIndex?: number;
  /** Offset where that document starts (0 for the whole file): where the editor reports it. */
  start: number;
  /** Stable code, see `RULE_FAILED`. */
  reason: string;
  /** The rule that threw (reason `rule-failed` only). */
  ruleId?: string;
  /** One line for a person: what was not analysed and why. */
  message: string;
}

/**
 * What of `analysis` was not fully analysed: the whole file when it was skipped, else one
 * entry per document and failure (a rule failing in several documents gives one entry each).
 * `rules` tells a failing rule's id from a reason code.
 */
export function notAnalyzedOf(analysis: FileAnalysis, rules: readonly Pick<Rule, 'id'>[]): NotAnalyzed[] {
  if (analysis.skipped) return [{ start: 0, reason: analysis.skipped.reason, message: analysis.skipped.message }];
  const templates = templateDocuments(analysis);
  if (analysis.ruleFailures.length === 0) return templates;
  const ruleIds = new Set(rules.map((r) => r.id));
  const starts = new Map<number, number>();
  for (const d of analysis.parsed.documents) starts.set(d.index, d.start);
  for (const d of analysis.unparsed) starts.set(d.index, d.start);
  const failures = analysis.ruleFailures.map((f): NotAnalyzed => {
    const start = starts.get(f.documentIndex) ?? 0;
    const where = `document ${f.documentIndex + 1}`;
    if (ruleIds.has(f.ruleId)) {
      return {
        documentIndex: f.documentIndex,
        start,
        reason: RULE_FAILED,
        ruleId: f.ruleId,
        message: `${where} not fully analysed: rule ${f.ruleId} failed: ${f.message}`,
      };
    }
    return { documentIndex: f.documentIndex, start, reason: f.ruleId, message: `${where} not fully analysed: ${f.message}` };
  });
  return [...templates, ...failures].sort((a, b) => a.start - b.start);
}

/** `reason` of a Helm template document analysed on its own: it is data only once its chart renders it. */
const HELM_TEMPLATE = 'helm-template';

/**
 * Go-template documents are not manifests until rendered. Inside a chart the render is
 * analysed instead (the template is a part of it, never linted alone); anywhere else it is
 * reported, never passed as clean.
 */
function templateDocuments(analysis: FileAnalysis): NotAnalyzed[] {
  return analysis.parsed.documents
    .filter((d) => d.templated)
    .map((d) => ({
      documentIndex: d.index,
      start: d.start,
      reason: HELM_TEMPLATE,
      message: `document ${d.index + 1} is a Helm template: it is analysed only as part of its chart's render (a folder with Chart.yaml), not on its own`,
    }));
}
