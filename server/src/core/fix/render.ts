import type { FixProposal } from '../rules/types';
import type { TextEdit } from '../types';
import type { ParsedFile } from '../yaml/parseFile';
import { PlanBuilder } from './plan';
import { renderPlan } from './renderPlan';

/**
 * Renders one proposal into minimal edits of `parsed.text`, or undefined when it cannot
 * be done safely (parse errors, alias/anchor/merge key/tag in the way, conflicting ops,
 * a shape the renderer does not handle) or would change nothing. `parsed` must be the
 * parse whose nodes the proposal's ops reference.
 */
export function renderFix(parsed: ParsedFile, fix: FixProposal): TextEdit[] | undefined {
  return explainFix(parsed, fix).edits;
}

/** Like `renderFix` but says why a proposal was refused (for tests and logs). */
export function explainFix(parsed: ParsedFile, fix: FixProposal): { edits?: TextEdit[]; refused?: string } {
  try {
    return explain(parsed, fix);
  } catch (e) {
    // A malformed proposal (a rule bug) must cost that fix, never the analysis.
    return { refused: `internal error: ${e instanceof Error ? e.message : String(e)}` };
  }
}

function explain(parsed: ParsedFile, fix: FixProposal): { edits?: TextEdit[]; refused?: string } {
  const builder = new PlanBuilder(parsed);
  const refused = builder.add(fix);
  if (refused !== undefined) return { refused };
  const edits = renderPlan(parsed, builder.state);
  if (!edits) return { refused: 'edits could not be rendered without overlap' };
  if (!edits.length) return { refused: 'nothing to change' };
  return { edits };
}
