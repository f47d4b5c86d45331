import { applyExemptions, todayUtc } from '../config';
import { safeMessage } from '../display';
import { compareFindings, type Finding, type RelatedInfo } from '../engine/finding';
import { joinDocuments, type BuiltText } from '../sources/builtText';
import { placeRange, placeRelated, type SourceTexts } from '../sources/placement';
import type { BuildResult } from '../sources/types';
import { DIRECTIVE, parseDirectiveLine } from '../suppress/directives';
import { UNUSED_SUPPRESSION } from '../suppress/unusedRule';
import type { ObjectRef } from '../types';
import { LineIndex } from '../yaml/lineIndex';
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
}

interface Placed {
  finding: Finding;
  builds: Array<{ build: Build; object: ObjectRef }>;
}

/** Built-object findings placed in source files, one entry per (rule, place) across every build. */
export class PlacedFindings {
  private readonly byFile = new Map<string, Map<string, Placed>>();
  readonly notAnalyzed: NotAnalyzedIn[] = [];
  constructor(private readonly texts: SourceTexts) {}

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
    let inFile = this.byFile.get(p.file);
    if (!inFile) this.byFile.set(p.file, (inFile = new Map()));
    const key = `${f.ruleId}\u0000${p.range.start}\u0000${p.range.end}`;
    const known = inFile.get(key);
    if (known) {
      if (!known.builds.some((b) => b.build === build)) known.builds.push({ build, object: f.object });
      return;
    }
    const placed: Finding = { ...f, range: p.range };
    delete placed.fix; // Fix ops address built nodes: translating them to the source is not done yet.
    if (f.related) placed.related = placeRelated(f.related, builtOf, this.texts);
    inFile.set(key, { finding: placed, builds: [{ build, object: f.object }] });
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
      for (const { finding, builds } of entries.values()) {
        const f = withBuilds(finding, builds);
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
): NotAnalyzedIn[] {
  const lint = lintFile(build.built.text, { ...scope, exemptions: undefined });
  for (const f of lint.findings) placed.add(build, f, builtOf);
  const out: NotAnalyzedIn[] = lint.notAnalyzed.map((n) => ({
    file: build.file,
    item: { ...n, start: 0, message: `build of ${build.label}: ${n.message}` },
  }));
  for (const p of build.result.problems) {
    out.push({
      file: p.origin?.file ?? build.file,
      item: {
        start: p.origin?.range.start ?? 0,
        reason: BUILD_INCOMPLETE,
        message: safeMessage(`build of ${build.label} is incomplete: ${p.message}`),
      },
    });
  }
  return out;
}

function describe(o: ObjectRef): string {
  const name = o.name ? `${o.kind} "${o.name}"` : o.kind || 'an object';
  return o.namespace ? `${name} in namespace "${o.namespace}"` : name;
}

/** The message names the built object(s); related information names each build. */
function withBuilds(f: Finding, builds: Placed['builds']): Finding {
  const names = builds.map((b) => `${describe(b.object)} built by ${b.build.label}`);
  const message = safeMessage(
    builds.length === 1 ? `${f.message} (${names[0]})` : `${f.message} (${builds.length} builds: ${names.join('; ')})`,
  );
  const related: RelatedInfo[] = builds.map((b) => ({
    file: b.build.file,
    range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
    message: `built as ${describe(b.object)} by ${b.build.label}`,
  }));
  return { ...f, message, related: [...(f.related ?? []), ...related] };
}
