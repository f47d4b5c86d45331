import { analyzeText, type FileAnalysis } from '../engine/analyze';
import type { Finding } from '../engine/finding';
import { applyEdits } from '../fix/edits';
import { opsHold } from '../fix/opsHold';
import { renderFix } from '../fix/render';
import { countKeys, findingKey } from '../fix/verify';
import { RULES } from '../rules/registry';
import { joinDocuments } from '../sources/builtText';
import { translateFix, type SourceFix, type SourceParses } from '../sources/fixTranslate';
import { guardedValuesFix } from '../sources/helm/guardedValuesFix';
import { editsInLiteral } from '../sources/helm/templateLiteral';
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
    const sf = sourceFixOf(s, parses);
    if (!sf) continue;
    const edits = renderFix(sf.parsed, sf.proposal);
    if (!edits || (sf.template && !editsInLiteral(sf.template, edits))) return undefined;
    const verified = check(new Map([[sf.file, applyEdits(sf.template?.text ?? sf.parsed.text, edits)]]), sources, readers, rebuild).ok;
    return verified ? { file: sf.file, title: sf.proposal.title, edits } : undefined;
  }
  return undefined;
}

/**
 * The built finding's fix moved to a source file. The `with .Values.x` idiom comes first: the
 * map it guards is missing from the render, and adding it as literal text next to the `with`
 * block would write the key twice once the values set it.
 */
export function sourceFixOf(s: BuiltFinding, parses: SourceParses): SourceFix | undefined {
  return (
    guardedValuesFix(s.linted.build.built, s.linted.analysis, s.finding, parses, parses.texts) ??
    translateFix(s.linted.build.built, s.linted.analysis, s.finding, parses)
  );
}

export interface CheckResult {
  ok: boolean;
  /** Something broke that no expected finding can be blamed for (a new finding or problem, a lost document). */
  broke: boolean;
  /** Expected findings still there (or whose op's value is not at its path). */
  notGone: Set<BuiltFinding>;
}

/**
 * The source files with new texts (`changed`: file → text; one file for a quick fix, several
 * for a fix-all across a template and its values file) rebuilt into every build that read any
 * of them: each must build as before (no new problem, the same number of documents, no new
 * YAML error), gain no finding, lose each expected finding, and hold each fixed op's value at
 * its path.
 */
export function check(
  changed: ReadonlyMap<string, string>,
  expected: readonly BuiltFinding[],
  readers: readonly LintedBuild[],
  rebuild: Rebuild,
): CheckResult {
  const notGone = new Set<BuiltFinding>();
  const broken: CheckResult = { ok: false, broke: true, notGone };
  const files = [...changed.keys()];
  const affected = readers.filter((r) => files.some((f) => r.build.result.filesRead.includes(f)));
  if (!affected.length || expected.some((e) => !affected.includes(e.linted))) return broken;
  try {
    for (const r of affected) {
      const result = rebuild(r.build, changed);
      if (!result || result.documents.length !== r.build.result.documents.length) return broken;
      const problemsBefore = new Set(r.build.result.problems.map((p) => p.message));
      if (result.problems.some((p) => !problemsBefore.has(p.message))) return broken;
      const after = analyzeText(joinDocuments(result.documents).text, r.scope.options, r.scope.rules ?? RULES);
      if (errorCount(after) > errorCount(r.analysis)) return broken;
      const was = countKeys(r.analysis.findings);
      const now = countKeys(after.findings);
      const mine = expected.filter((e) => e.linted === r);
      const allowed = new Map(was);
      for (const e of mine) allowed.set(findingKey(e.finding), (allowed.get(findingKey(e.finding)) ?? 0) - 1);
      for (const [k, n] of now) if (n > (was.get(k) ?? 0)) return broken;
      for (const e of mine) {
        const k = findingKey(e.finding);
        const doc = after.parsed.documents.find((d) => d.index === e.finding.documentIndex);
        const holds = !!e.finding.fix && !!doc && opsHold(e.finding.fix, r.analysis.parsed, doc.doc.contents);
        if ((now.get(k) ?? 0) > (allowed.get(k) ?? 0) || !holds) notGone.add(e);
      }
    }
  } catch {
    return broken; // a rebuild or analysis that throws on the edited text: offer nothing
  }
  return { ok: notGone.size === 0, broke: false, notGone };
}

function errorCount(a: FileAnalysis): number {
  return a.parsed.documents.filter((d) => d.error || d.doc.errors.length).length;
}
