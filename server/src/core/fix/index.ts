/**
 * Quick fixes: declarative `FixProposal`s (core/rules/types.ts) rendered into minimal
 * text edits in the file's own style, verified by re-analysis, and combined for fix-all.
 * Pure: no LSP types; offsets are UTF-16 offsets into the whole file text.
 *
 * Typical use (LSP code actions):
 *   const analysis = analyzeText(text, options);
 *   const reanalyze = (t: string) => analyzeText(t, options);
 *   const edits = computeFix(analysis, finding, reanalyze);   // undefined: offer no fix
 *   const all = fixAll(analysis, reanalyze);                   // source.fixAll
 */
import type { FileAnalysis } from '../engine/analyze';
import type { Finding } from '../engine/finding';
import type { TextEdit } from '../types';
import { renderFix } from './render';
import { verifyFix, type Reanalyze } from './verify';

export { applyEdits } from './edits';
export { fixAll } from './fixAll';
export { explainFix, renderFix } from './render';
export { findingKey, verifyFix, type Reanalyze } from './verify';

/**
 * The verified edits for one finding's fix, or undefined when the finding has no fix,
 * the fix cannot be rendered safely, or applying it does not remove the finding cleanly.
 * `analysis` must be the analysis the finding came from (its nodes are used).
 */
export function computeFix(analysis: FileAnalysis, finding: Finding, reanalyze: Reanalyze): TextEdit[] | undefined {
  if (!finding.fix) return undefined;
  const edits = renderFix(analysis.parsed, finding.fix);
  if (!edits) return undefined;
  return verifyFix(analysis.parsed.text, finding, edits, reanalyze, analysis) ? edits : undefined;
}
