import type { FileAnalysis } from '../engine/analyze';
import type { Finding } from '../engine/finding';
import type { TextEdit } from '../types';
import { applyEdits } from './edits';
import { clonePlan, PlanBuilder } from './plan';
import { renderPlan } from './renderPlan';
import { countKeys, documentCount, findingKey, type Reanalyze } from './verify';

export interface FixAllResult {
  /** One non-overlapping edit set against the original text (empty when nothing is fixable). */
  edits: TextEdit[];
  /** The text after the edits. */
  text: string;
  /** Findings the edits fix (verified on the final text). */
  fixed: Finding[];
  /** Findings with a fix that was left out: refused, conflicting, or not verified. */
  skipped: Finding[];
}

export interface FixAllOptions {
  /** Only these findings (e.g. one rule's, for "Fix all X problems"). Default: every finding with a fix. */
  filter?: (f: Finding) => boolean;
  /** Verification passes before giving up. Default 4. */
  maxPasses?: number;
}

/**
 * Combines the fixes of every finding of a file into one edit set: ops that land in the
 * same map are grouped (three `set`s into a missing `securityContext` become one block),
 * a fix that conflicts with one already taken is dropped, and the final text is
 * re-analysed: it must parse with no new error, every fixed finding must be gone and no
 * new finding may appear. Findings whose fix fails that check (or whose document it
 * breaks) are dropped and the rest re-verified, for a few passes.
 */
export function fixAll(analysis: FileAnalysis, reanalyze: Reanalyze, options: FixAllOptions = {}): FixAllResult {
  const text = analysis.parsed.text;
  const candidates = analysis.findings.filter((f) => f.fix && (options.filter ? options.filter(f) : true));
  const skipped = new Set<Finding>();
  const maxPasses = options.maxPasses ?? 4;
  const baseErrors = new Set(analysis.parsed.documents.filter((d) => d.error || d.doc.errors.length).map((d) => d.index));
  const before = countKeys(analysis.findings);

  for (let pass = 0; pass < maxPasses; pass++) {
    let planned: ReturnType<typeof plan>;
    try {
      planned = plan(
        analysis,
        candidates.filter((f) => !skipped.has(f)),
        skipped,
      );
    } catch {
      break; // a rule's malformed proposal: offer nothing rather than crash
    }
    if (!planned) break;
    const { edits, included } = planned;
    if (!included.length) break;
    const newText = applyEdits(text, edits);
    let after: FileAnalysis;
    try {
      after = reanalyze(newText);
    } catch {
      break;
    }
    if (documentCount(after) !== documentCount(analysis)) {
      // A fix split or merged documents: we cannot tell which, so trust none.
      included.forEach((f) => skipped.add(f));
      continue;
    }
    const badDocs = new Set<number>();
    for (const d of after.parsed.documents) {
      if ((d.error || d.doc.errors.length) && !baseErrors.has(d.index)) badDocs.add(d.index);
    }
    const now = countKeys(after.findings);
    // New findings (more of a key than before): blame the fixes in that document.
    for (const f of after.findings) {
      const k = findingKey(f);
      if ((now.get(k) ?? 0) > (before.get(k) ?? 0)) badDocs.add(f.documentIndex);
    }
    const expected = new Map(before);
    for (const f of included) expected.set(findingKey(f), (expected.get(findingKey(f)) ?? 0) - 1);
    let dropped = false;
    for (const f of included) {
      const k = findingKey(f);
      if (badDocs.has(f.documentIndex) || (now.get(k) ?? 0) > (expected.get(k) ?? 0)) {
        skipped.add(f);
        dropped = true;
      }
    }
    if (!dropped && badDocs.size === 0) {
      return { edits, text: newText, fixed: included, skipped: candidates.filter((f) => !included.includes(f)) };
    }
    if (!dropped) break; // something broke that no included fix can be blamed for
  }
  return { edits: [], text, fixed: [], skipped: candidates };
}

/** Plans as many findings as combine cleanly; the others go to `skipped`. */
function plan(
  analysis: FileAnalysis,
  findings: readonly Finding[],
  skipped: Set<Finding>,
): { edits: TextEdit[]; included: Finding[] } | undefined {
  const builder = new PlanBuilder(analysis.parsed);
  const included: Finding[] = [];
  for (const f of findings) {
    if (builder.add(f.fix!) === undefined) included.push(f);
    else skipped.add(f);
  }
  let edits = renderPlan(analysis.parsed, builder.state);
  if (edits) return { edits, included };
  // Some combination does not render (e.g. an insertion into a pair another fix
  // removes): add one at a time and keep only those that still render.
  const incremental = new PlanBuilder(analysis.parsed);
  const kept: Finding[] = [];
  for (const f of included) {
    const snapshot = clonePlan(incremental.state);
    if (incremental.add(f.fix!) !== undefined || !renderPlan(analysis.parsed, incremental.state)) {
      incremental.state = snapshot;
      skipped.add(f);
    } else kept.push(f);
  }
  edits = renderPlan(analysis.parsed, incremental.state);
  return edits ? { edits, included: kept } : undefined;
}
