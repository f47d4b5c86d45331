import { analyzeText, type FileAnalysis } from '../engine/analyze';
import type { Finding } from '../engine/finding';
import { applyEdits } from '../fix/edits';
import { opsHold } from '../fix/opsHold';
import { clonePlan, PlanBuilder } from '../fix/plan';
import { renderFix } from '../fix/render';
import { renderPlan } from '../fix/renderPlan';
import { countKeys, findingKey } from '../fix/verify';
import { RULES } from '../rules/registry';
import { joinDocuments } from '../sources/builtText';
import { translateFix, type SourceFix, type SourceParses } from '../sources/fixTranslate';
import type { BuildResult } from '../sources/types';
import type { TextEdit } from '../types';
import type { Build } from './lintBuilds';
import type { FileScope } from './lintFile';

/**
 * Quick fixes for findings on built objects, in the source file a person edits
 * (`sources/fixTranslate.ts` moves the ops), verified the way `core/fix/verify.ts` verifies a
 * file's fix, but through the build: the edited file is rebuilt into every build that reads
 * it and each build is re-analysed. A fix is offered only when its finding is gone from every
 * build it was reported for, no build gained a finding, a build problem or lost a document,
 * and each op's value landed at its path in the rebuilt object.
 */

/** A build as linted: its analysis (whose nodes the findings' fixes name) and the scope it ran with. */
export interface LintedBuild {
  build: Build;
  analysis: FileAnalysis;
  scope: FileScope;
}

/**
 * Rebuilds `build`'s root with some source files' texts replaced (file → new text), or
 * undefined when it cannot. The caller knows how the build was made (a kustomization
 * directory and its `SourceFiles`; see `overlayFiles`).
 */
export type Rebuild = (build: Build, overrides: ReadonlyMap<string, string>) => BuildResult | undefined;

/** A built finding and the build it was found in. */
export interface BuiltFinding {
  linted: LintedBuild;
  finding: Finding;
}

/** A verified fix: edits of one source file. */
export interface BuildFix {
  file: string;
  title: string;
  edits: TextEdit[];
}

/**
 * The fix of one placed finding: `sources` are its findings in each build it was reported
 * for (the same source place), `readers` every linted build (those that read the edited file
 * are rebuilt). Undefined when no honest, verified fix exists.
 */
export function fixOfPlaced(
  sources: readonly BuiltFinding[],
  readers: readonly LintedBuild[],
  parses: SourceParses,
  rebuild: Rebuild,
): BuildFix | undefined {
  for (const s of sources) {
    const sf = translateFix(s.linted.build.built, s.linted.analysis, s.finding, parses);
    if (!sf) continue;
    const edits = renderFix(sf.parsed, sf.proposal);
    if (!edits) return undefined;
    return verify(sf.file, applyEdits(sf.parsed.text, edits), sources, readers, rebuild)
      ? { file: sf.file, title: sf.proposal.title, edits }
      : undefined;
  }
  return undefined;
}

/** Fix-all in one source file: which placed findings were fixed, and the one edit set. */
export interface BuildFixAll {
  edits: TextEdit[];
  /** Indexes into the `placed` list given. */
  fixed: number[];
}

/** Bounds the one-at-a-time fallback: each try rebuilds every build reading the file. */
const MAX_INCREMENTAL = 50;

/**
 * Combines the fixes of `placed` (each: a placed finding's built findings) that land in
 * `file` into one edit set, as `core/fix/fixAll.ts` does for one file: ops are planned
 * together (grouped per source node, conflicts dropped) and verified once by rebuild. When
 * that fails, fixes are added one at a time and each step verified.
 */
export function fixAllOfPlaced(
  file: string,
  placed: ReadonlyArray<readonly BuiltFinding[]>,
  readers: readonly LintedBuild[],
  parses: SourceParses,
  rebuild: Rebuild,
): BuildFixAll {
  const candidates: Array<{ index: number; sf: SourceFix; sources: readonly BuiltFinding[] }> = [];
  placed.forEach((sources, index) => {
    for (const s of sources) {
      const sf = translateFix(s.linted.build.built, s.linted.analysis, s.finding, parses);
      if (sf?.file === file) return void candidates.push({ index, sf, sources });
    }
  });
  const parsed = parses.get(file);
  if (!parsed || !candidates.length) return { edits: [], fixed: [] };
  const tryAll = (list: typeof candidates): TextEdit[] | undefined => {
    const builder = new PlanBuilder(parsed);
    for (const c of list) if (builder.add(c.sf.proposal) !== undefined) return undefined;
    const edits = renderPlan(parsed, builder.state);
    if (!edits?.length) return undefined;
    const sources = list.flatMap((c) => c.sources);
    return verify(file, applyEdits(parsed.text, edits), sources, readers, rebuild) ? edits : undefined;
  };
  const all = tryAll(candidates);
  if (all) return { edits: all, fixed: candidates.map((c) => c.index) };
  // One at a time: keep each fix that still plans, renders and verifies with those kept.
  let kept: typeof candidates = [];
  let edits: TextEdit[] = [];
  const planned = new PlanBuilder(parsed);
  for (const c of candidates.slice(0, MAX_INCREMENTAL)) {
    const snapshot = clonePlan(planned.state);
    const next = planned.add(c.sf.proposal) === undefined ? tryAll([...kept, c]) : undefined;
    if (next) {
      kept = [...kept, c];
      edits = next;
    } else planned.state = snapshot;
  }
  return { edits, fixed: kept.map((c) => c.index) };
}

/**
 * `file` with `newText` rebuilt into every build that read it: each must build as before (no
 * new problem, the same number of documents, no new YAML error), gain no finding, lose each
 * expected finding, and hold each fixed op's value at its path.
 */
function verify(
  file: string,
  newText: string,
  expected: readonly BuiltFinding[],
  readers: readonly LintedBuild[],
  rebuild: Rebuild,
): boolean {
  const affected = readers.filter((r) => r.build.result.filesRead.includes(file));
  for (const e of expected) if (!affected.includes(e.linted)) return false;
  try {
    for (const r of affected) {
      const result = rebuild(r.build, new Map([[file, newText]]));
      if (!result || result.documents.length !== r.build.result.documents.length) return false;
      const problemsBefore = new Set(r.build.result.problems.map((p) => p.message));
      if (result.problems.some((p) => !problemsBefore.has(p.message))) return false;
      const after = analyzeText(joinDocuments(result.documents).text, r.scope.options, r.scope.rules ?? RULES);
      if (errorCount(after) > errorCount(r.analysis)) return false;
      const was = countKeys(r.analysis.findings);
      const now = countKeys(after.findings);
      const mine = expected.filter((e) => e.linted === r);
      const allowed = new Map(was);
      for (const e of mine) allowed.set(findingKey(e.finding), (allowed.get(findingKey(e.finding)) ?? 0) - 1);
      for (const [k, n] of now) if (n > (allowed.get(k) ?? 0)) return false;
      for (const e of mine) {
        const doc = after.parsed.documents.find((d) => d.index === e.finding.documentIndex);
        if (!e.finding.fix || !doc || !opsHold(e.finding.fix, r.analysis.parsed, doc.doc.contents)) return false;
      }
    }
    return affected.length > 0;
  } catch {
    return false; // a rebuild or analysis that throws on the edited text: offer nothing
  }
}

function errorCount(a: FileAnalysis): number {
  return a.parsed.documents.filter((d) => d.error || d.doc.errors.length).length;
}
