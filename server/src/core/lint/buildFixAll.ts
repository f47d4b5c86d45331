import { pushAll } from '../arrays';
import { applyEdits } from '../fix/edits';
import { PlanBuilder } from '../fix/plan';
import { renderPlan } from '../fix/renderPlan';
import type { SourceFix, SourceParses } from '../sources/fixTranslate';
import { editsInLiteral } from '../sources/helm/templateLiteral';
import type { TextEdit } from '../types';
import { check, sourceFixOf, type BuiltFinding, type LintedBuild, type Rebuild } from './buildFixes';

/**
 * Fix-all for findings placed from builds (`PlacedFindings.fixAllAcross` / `#fixAllPerBuildSet`): the
 * verified fixes of several placed findings combined into one edit set per source file, as
 * `core/fix/fixAll.ts` does for one file, verified by rebuilding (`buildFixes.ts`).
 */

/** Fix-all in one source file: which placed findings were fixed, and the one edit set. */
export interface BuildFixAll {
  edits: TextEdit[];
  /** Indexes into the `placed` list given. */
  fixed: number[];
}

/** Fixes already taken in other files: their new texts and findings, verified again with each later file's set. */
export interface PriorFixes {
  texts: ReadonlyMap<string, string>;
  expected: readonly BuiltFinding[];
}

const NO_PRIOR: PriorFixes = { texts: new Map(), expected: [] };

/** Bounds the one-at-a-time fallback: each try rebuilds every build reading the file. */
const MAX_INCREMENTAL = 50;

type Candidate = { index: number; sf: SourceFix; sources: readonly BuiltFinding[] };

/**
 * Combines the fixes of `placed` (each: a placed finding's built findings) that land in
 * `file` into one edit set, as `core/fix/fixAll.ts` does for one file: ops are planned
 * together (grouped per source node; a fix that conflicts with those taken is dropped) and
 * verified by rebuild. Fixes whose finding survives are dropped and the rest re-verified;
 * when the set breaks something no single finding can be blamed for (a new finding, a build
 * problem), fixes are added one at a time, each step verified. `stop` (the caller's time
 * budget or cancellation) ends the search with what is verified so far. With `prior` (fixes
 * taken in other files), every set is verified together with them.
 */
function fixAllOfPlaced(
  file: string,
  placed: ReadonlyArray<readonly BuiltFinding[]>,
  readers: readonly LintedBuild[],
  parses: SourceParses,
  rebuild: Rebuild,
  stop: () => boolean = () => false,
  prior: PriorFixes = NO_PRIOR,
): BuildFixAll {
  const candidates: Candidate[] = [];
  placed.forEach((sources, index) => {
    for (const s of sources) {
      const sf = sourceFixOf(s, parses);
      if (sf?.file === file) return void candidates.push({ index, sf, sources });
    }
  });
  // A template's candidates all address the parse of its literal YAML (see SourceFix.template).
  const template = candidates[0]?.sf.template;
  const parsed = candidates[0]?.sf.parsed;
  const none: BuildFixAll = { edits: [], fixed: [] };
  if (!parsed || candidates.some((c) => c.sf.parsed !== parsed)) return none;
  const text = template?.text ?? parsed.text;
  const found = (list: Candidate[], edits: TextEdit[]): BuildFixAll => ({ edits, fixed: list.map((c) => c.index) });
  /** Plans `list` (dropping what does not combine) and renders it: the plan kept, or undefined. */
  const plan = (list: Candidate[]): { list: Candidate[]; edits: TextEdit[] } | undefined => {
    const builder = new PlanBuilder(parsed);
    const taken = list.filter((c) => builder.add(c.sf.proposal) === undefined);
    const edits = renderPlan(parsed, builder.state);
    return edits?.length && (!template || editsInLiteral(template, edits)) ? { list: taken, edits } : undefined;
  };
  const verify = (p: { list: Candidate[]; edits: TextEdit[] }, sourcesOf: (c: Candidate) => readonly BuiltFinding[]) =>
    check(
      new Map([...prior.texts, [file, applyEdits(text, p.edits)]]),
      [...prior.expected, ...p.list.flatMap(sourcesOf)],
      readers,
      rebuild,
    );
  let list = candidates;
  for (let pass = 0; pass < 4 && !stop(); pass++) {
    const p = plan(list);
    if (!p) break;
    const result = verify(p, (c) => c.sources);
    if (result.ok) return found(p.list, p.edits);
    if (result.broke) break;
    const next = p.list.filter((c) => !c.sources.some((s) => result.notGone.has(s)));
    if (!next.length || next.length === p.list.length) break;
    list = next;
  }
  // One at a time: keep each fix that still plans, renders and verifies with those kept.
  let kept: Candidate[] = [];
  let edits: TextEdit[] = [];
  for (const c of candidates.slice(0, MAX_INCREMENTAL)) {
    if (stop()) break;
    const p = plan([...kept, c]);
    if (!p || p.list.length !== kept.length + 1) continue;
    if (!verify(p, (x) => x.sources).ok) continue;
    kept = p.list;
    edits = p.edits;
  }
  return kept.length ? found(kept, edits) : none;
}

/** Fix-all over findings whose fixes land in several files: per file, and the files verified together. */
export interface BuildFixAllAcross {
  files: Array<{ file: string; edits: TextEdit[] }>;
  /** Indexes into the `placed` list given. */
  fixed: number[];
}

/**
 * Fix-all over placed findings wherever their fixes land, as each one's quick fix would edit
 * (`fixOfPlaced`: the first of its builds' findings that has a source fix): a template's own
 * literal text, or values.yaml for a field missing under its `with .Values.x` block. One
 * `fixAllOfPlaced` per target file, in the order the findings name them; each file's set is
 * verified together with the sets already taken, so the edits of all files hold at once.
 */
export function fixAllAcross(
  placed: ReadonlyArray<readonly BuiltFinding[]>,
  readers: readonly LintedBuild[],
  parses: SourceParses,
  rebuild: Rebuild,
  stop: () => boolean = () => false,
): BuildFixAllAcross {
  const byFile = new Map<string, number[]>();
  placed.forEach((sources, index) => {
    for (const s of sources) {
      const file = sourceFixOf(s, parses)?.file;
      if (file === undefined) continue;
      const list = byFile.get(file);
      if (list) list.push(index);
      else byFile.set(file, [index]);
      return;
    }
  });
  const texts = new Map<string, string>();
  const expected: BuiltFinding[] = [];
  const out: BuildFixAllAcross = { files: [], fixed: [] };
  for (const [file, indexes] of byFile) {
    const original = parses.texts.get(file)?.text;
    if (stop() || original === undefined) continue;
    const mine = indexes.map((i) => placed[i]!);
    const r = fixAllOfPlaced(file, mine, readers, parses, rebuild, stop, { texts, expected });
    if (!r.edits.length) continue;
    texts.set(file, applyEdits(original, r.edits));
    for (const i of r.fixed) pushAll(expected, mine[i]!);
    out.files.push({ file, edits: r.edits });
    for (const i of r.fixed) out.fixed.push(indexes[i]!);
  }
  out.fixed.sort((a, b) => a - b);
  return out;
}

/** One set of builds' fix-all (`fixAllPerBuildSet`): `owner` is the file of its first build (who fixes it under `--shard`). */
export interface BuildSetFixAll extends BuildFixAllAcross {
  owner: string;
}

/**
 * Fix-all over every placed finding (`scan --fix`): the editor's engine (`fixAllAcross`),
 * once per set of builds that read a common file (a chart, overlays sharing a base), so a
 * values.yaml takes the fixes of its templates' findings whether or not it has findings of
 * its own, and sets that cannot touch one another are verified apart (each rebuild stays
 * within its set). Sets in the order of their first finding.
 */
export function fixAllPerBuildSet(
  placed: ReadonlyArray<readonly BuiltFinding[]>,
  readers: readonly LintedBuild[],
  parses: SourceParses,
  rebuild: Rebuild,
  stop: () => boolean = () => false,
): BuildSetFixAll[] {
  const setOf = buildSets(readers);
  const members = new Map<LintedBuild, number[]>();
  placed.forEach((sources, index) => {
    const root = sources[0] && setOf.get(sources[0].linted);
    if (!root) return;
    const list = members.get(root);
    if (list) list.push(index);
    else members.set(root, [index]);
  });
  const out: BuildSetFixAll[] = [];
  for (const [root, indexes] of members) {
    const mine = indexes.map((i) => placed[i]!);
    const r = fixAllAcross(mine, readers, parses, rebuild, stop);
    if (r.files.length) out.push({ owner: root.build.file, files: r.files, fixed: r.fixed.map((i) => indexes[i]!) });
  }
  return out;
}

/** Each build → the first build of its set (builds joined when they read a common file). */
function buildSets(readers: readonly LintedBuild[]): Map<LintedBuild, LintedBuild> {
  const parent = new Map<LintedBuild, LintedBuild>(readers.map((r) => [r, r]));
  const find = (r: LintedBuild): LintedBuild => {
    let root = r;
    while (parent.get(root) !== root) root = parent.get(root)!;
    parent.set(r, root);
    return root;
  };
  const firstReader = new Map<string, LintedBuild>();
  for (const r of readers)
    for (const file of r.build.result.filesRead) {
      const other = firstReader.get(file);
      if (!other) firstReader.set(file, r);
      else if (find(other) !== find(r)) parent.set(find(r), find(other));
    }
  return new Map(readers.map((r) => [r, find(r)]));
}
