import { applyExemptions, todayUtc } from '../config';
import { safeMessage } from '../display';
import { compareFindings, type Finding, type RelatedInfo } from '../engine/finding';
import { joinDocuments, type BuiltText } from '../sources/builtText';
import { placeRange, placeRelated, type SourceTexts } from '../sources/placement';
import { SourceParses } from '../sources/fixTranslate';
import type { BuildResult } from '../sources/types';
import { DIRECTIVE, parseDirectiveLine } from '../suppress/directives';
import { UNUSED_SUPPRESSION } from '../suppress/unusedRule';
import type { ObjectRef } from '../types';
import { LineIndex } from '../yaml/lineIndex';
import type { DocumentCache } from '../engine/documentCache';
import { formatValuesPath } from '../sources/helm/valuesPath';
import { describeObject as describe, withBuilds, type PlacedFrom } from './builtMessage';
import { fixOfPlaced, type BuildFix, type BuiltFinding, type LintedBuild, type Rebuild } from './buildFixes';
import { fixAllAcross, fixAllPerBuildSet, type BuildFixAllAcross } from './buildFixAll';
import { levelUnused, lintFile, type FileScope } from './lintFile';
import type { NotAnalyzed } from './notAnalyzed';

/**
 * Lints what a source builds (a Kustomize overlay today, a Helm chart next) and reports it
 * where it was written: the rules run on the built objects, then each finding is placed,
 * through the build's provenance, on the source node that produced the value (the patch's
 * `privileged: true`, the base's container, the kustomization's `namespace:` entry).
 * Comment directives and config exemptions are those of the file a finding lands in.
 */

/** A build ready to lint: its built text and the name it has in the workspace index. */
export interface Build {
  /** What people call it: the kustomization's directory. */
  label: string;
  /** The file that stands for the build (its kustomization file): build-level problems go there. */
  file: string;
  /** The name of the built text in the workspace index (never a real file). */
  indexName: string;
  result: BuildResult;
  built: BuiltText;
  lines: LineIndex;
}

export function prepareBuild(label: string, file: string, result: BuildResult): Build {
  const built = joinDocuments(result.documents);
  return { label, file, indexName: `${file}#build`, result, built, lines: new LineIndex(built.text) };
}

/** `reason` of a part of a build that was not built (remote resource, plugin, Helm chart, error). */
const BUILD_INCOMPLETE = 'build-incomplete';
/** `reason` of a finding on built text that no source position produced: its findings are not shown. */
const PLACEMENT_FAILED = 'placement-failed';

/** Something not (fully) analysed, in a source file. */
export interface NotAnalyzedIn {
  file: string;
  item: NotAnalyzed;
  /** The root file of the build it came from: where the editor shows it when `file` has no text (a packaged subchart). */
  root?: string | undefined;
}

interface Placed {
  finding: Finding;
  /** Each build's own finding is kept (never serialised) so its fix can be moved to the source when asked. */
  builds: Array<PlacedFrom & { build: Build; builtFinding: Finding }>;
}

/** Built-object findings placed in source files, one entry per (rule, place) across every build. */
export class PlacedFindings {
  private readonly byFile = new Map<string, Map<string, Placed>>();
  readonly notAnalyzed: NotAnalyzedIn[] = [];
  /** The builds linted into this set, with the analyses their findings' fixes address. */
  private readonly linted = new Map<Build, LintedBuild>();
  /** `finish`'s findings → what was placed, for `fixFor` / `fixAllAcross`. */
  private readonly finished = new WeakMap<Finding, Placed>();
  private readonly fixes = new WeakMap<Finding, { fix: BuildFix | undefined }>();
  constructor(private readonly texts: SourceTexts) {}

  /**
   * The text of `file` this set's ranges and fixes are offsets into (read once per set). A
   * caller turning them into positions must check the file still has this text.
   */
  sourceText(file: string): string | undefined {
    return this.texts.get(file)?.text;
  }

  /** Called by `lintBuildObjects`: a build's analysis, so its findings' fixes can be translated later. */
  recordBuild(build: Build, analysis: LintedBuild['analysis'], scope: FileScope): void {
    this.linted.set(build, { build, analysis, scope });
  }

  /** Places a finding on `build`'s text; a finding that cannot be placed is reported, never dropped silently. */
  add(build: Build, f: Finding, builtOf: Parameters<typeof placeRelated>[1]): void {
    const p = placeRange(build.built, f.range, this.texts);
    if (!p) {
      this.notAnalyzed.push({
        file: build.file,
        item: {
          start: 0,
          reason: PLACEMENT_FAILED,
          message: `a ${f.ruleId} finding on ${describe(f.object)} built by ${build.label} has no source position: not reported`,
        },
      });
      return;
    }
    const usedIn = p.usedAt && this.texts.get(p.usedAt.file);
    const usedAt: RelatedInfo | undefined =
      p.usedAt && usedIn
        ? { file: p.usedAt.file, range: usedIn.lines.rangeOf(p.usedAt.range), message: `the value is used here for ${describe(f.object)}` }
        : undefined;
    // On a Helm values key: the path a message names (`--set` syntax).
    const valuesPath = p.origin.via.kind === 'values' ? formatValuesPath(p.origin.via.path) : undefined;
    let inFile = this.byFile.get(p.file);
    if (!inFile) this.byFile.set(p.file, (inFile = new Map()));
    const key = `${f.ruleId}\u0000${p.range.start}\u0000${p.range.end}`;
    const known = inFile.get(key);
    if (known) {
      // One place, several builds or several objects of one build (a values key two templates use): listed once each.
      const same = (o: ObjectRef) => o.kind === f.object.kind && o.name === f.object.name && o.namespace === f.object.namespace;
      if (!known.builds.some((b) => b.build === build && same(b.object)))
        known.builds.push({ build, object: f.object, builtFinding: f, usedAt, valuesPath });
      return;
    }
    const placed: Finding = { ...f, range: p.range };
    delete placed.fix; // Its ops address built nodes: `fixFor` moves them to the source on demand.
    if (f.related) placed.related = placeRelated(f.related, builtOf, this.texts);
    inFile.set(key, { finding: placed, builds: [{ build, object: f.object, builtFinding: f, usedAt, valuesPath }] });
  }

  /**
   * The verified quick fix of a finding `finish` returned, as edits of the one source file it
   * changes (the patch that wrote the value, the base that wrote the map), or undefined.
   * Computed on demand: translating and rebuilding costs far more than placing.
   */
  fixFor(finding: Finding, rebuild: Rebuild): BuildFix | undefined {
    // Remembered: an editor asks again for the same diagnostic (hover, light bulb, menu), and the
    // answer cannot change while this set (one snapshot of the source texts) stands.
    const known = this.fixes.get(finding);
    if (known) return known.fix;
    const placed = this.finished.get(finding);
    const fix = placed && fixOfPlaced(this.sourcesOf(placed), [...this.linted.values()], new SourceParses(this.texts), rebuild);
    this.fixes.set(finding, { fix });
    return fix;
  }

  /**
   * Fix-all over the findings `finish` returned for one file (the editor's fix-all in a chart
   * template), wherever each one's quick fix edits: the template's literal text, values.yaml.
   * Edits per file, verified together by rebuilding; `stop` (a time budget, cancellation) ends the
   * search with what is verified so far.
   */
  fixAllAcross(
    findings: readonly Finding[],
    rebuild: Rebuild,
    stop?: () => boolean,
  ): { files: BuildFixAllAcross['files']; fixed: Finding[] } {
    const mine = findings.filter((f) => this.finished.has(f));
    const sources = mine.map((f) => this.sourcesOf(this.finished.get(f)!));
    const result = fixAllAcross(sources, [...this.linted.values()], new SourceParses(this.texts), rebuild, stop);
    return { files: result.files, fixed: result.fixed.map((i) => mine[i]!) };
  }

  /**
   * `scan --fix`: fix-all over every finding `finish` returned, with the editor's engine
   * (`fixAllAcross`) once per set of builds that read a common file; each set's edits per
   * file, verified together, and `owner` (its first build's file).
   */
  fixAllPerBuildSet(findings: readonly Finding[], rebuild: Rebuild): Array<{ owner: string; files: BuildFixAllAcross['files'] }> {
    const mine = findings.filter((f) => this.finished.has(f));
    const sources = mine.map((f) => this.sourcesOf(this.finished.get(f)!));
    return fixAllPerBuildSet(sources, [...this.linted.values()], new SourceParses(this.texts), rebuild).map((s) => ({
      owner: s.owner,
      files: s.files,
    }));
  }

  private sourcesOf(placed: Placed): BuiltFinding[] {
    const out: BuiltFinding[] = [];
    for (const b of placed.builds) {
      const linted = this.linted.get(b.build);
      if (linted && b.builtFinding.fix) out.push({ linted, finding: b.builtFinding });
    }
    return out;
  }

  /**
   * Final findings per source file: the origin file's comment directives (unless its scope is
   * strict), its config exemptions, and `unused-suppression` for directives in `partFiles`
   * that suppressed nothing (those files are analysed only through builds).
   */
  finish(scopeOf: (file: string) => FileScope | undefined, partFiles: Iterable<string>, today = todayUtc()): Map<string, Finding[]> {
    const out = new Map<string, Finding[]>();
    const used = new Set<string>(); // `${file}:${line}:${id}`
    for (const [file, entries] of this.byFile) {
      const scope = scopeOf(file);
      const source = this.texts.get(file);
      let kept: Finding[] = [];
      for (const entry of entries.values()) {
        const f = withBuilds(entry.finding, entry.builds);
        this.finished.set(f, entry);
        const line = source ? source.lines.positionAt(f.range.start).line : 0;
        const directive = source && !scope?.strict && line > 0 ? parseDirectiveLine(source.text, source.lines, line - 1) : undefined;
        if (directive?.ids.some((x) => x.id === f.ruleId)) {
          used.add(`${file}:${line - 1}:${f.ruleId}`);
          continue;
        }
        kept.push(f);
      }
      if (scope?.exemptions) {
        kept = applyExemptions(kept, { filePath: scope.exemptions.filePath }, scope.exemptions.config, scope.today ?? today).kept;
      }
      if (kept.length) out.set(file, kept);
    }
    for (const file of partFiles) {
      const scope = scopeOf(file);
      const source = this.texts.get(file);
      if (!scope || scope.strict || !source || !source.text.includes(DIRECTIVE)) continue;
      const unused: Finding[] = [];
      for (let line = 0; line < source.lines.lineCount; line++) {
        const d = parseDirectiveLine(source.text, source.lines, line);
        for (const x of d?.ids ?? []) {
          if (used.has(`${file}:${line}:${x.id}`)) continue;
          unused.push({
            ruleId: UNUSED_SUPPRESSION.id,
            severity: UNUSED_SUPPRESSION.severity,
            message: safeMessage(`Unused suppression: no "${x.id}" finding on the next line of any build using this file.`),
            range: x.range,
            object: { apiVersion: '', kind: '' },
            documentIndex: 0,
          });
        }
      }
      const levelled = levelUnused(unused, scope.options.rules);
      if (levelled.length) out.set(file, [...(out.get(file) ?? []), ...levelled]);
    }
    for (const list of out.values()) list.sort(compareFindings);
    return out;
  }
}

/**
 * Lints one build's objects with the root's scope (levels, strict mode; exemptions apply
 * later, per source file) and places the findings. Returns what was not analysed.
 */
export function lintBuildObjects(
  build: Build,
  scope: FileScope,
  placed: PlacedFindings,
  builtOf: Parameters<typeof placeRelated>[1],
  cache?: DocumentCache,
): NotAnalyzedIn[] {
  // The editor keeps a cache per build root: an unchanged object rebuilds to the same text, so only edited objects are analysed again.
  const built: FileScope = { ...scope, options: builtOptions(scope.options), exemptions: undefined };
  const lint = lintFile(build.built.text, built, cache);
  placed.recordBuild(build, lint.analysis, built);
  for (const f of lint.findings) placed.add(build, f, builtOf);
  const out: NotAnalyzedIn[] = lint.notAnalyzed.map((n) => ({
    file: build.file,
    item: { ...n, start: 0, message: `build of ${build.label}: ${n.message}` },
  }));
  for (const p of build.result.problems) {
    out.push({
      file: p.origin?.file ?? build.file,
      root: build.file,
      item: {
        start: p.origin?.range.start ?? 0,
        reason: BUILD_INCOMPLETE,
        message: safeMessage(`build of ${build.label} is incomplete: ${p.message}`),
      },
    });
  }
  return out;
}

/** The options a build's output is analysed with: the scope's, marked as built output (one object per scope's options, so caches keyed by options keep hitting). */
const builtOptionsOf = new WeakMap<FileScope['options'], FileScope['options']>();
function builtOptions(options: FileScope['options']): FileScope['options'] {
  let o = builtOptionsOf.get(options);
  if (!o) builtOptionsOf.set(options, (o = { ...options, builtOutput: true }));
  return o;
}
