import { compareFindings } from '../core/engine/finding';
import { lintWorkspace, RULE_FAILED, type WorkspaceFileScope } from '../core/lint';
import type { WorkspaceRule } from '../core/workspace/types';
import { toFinding } from '../core/workspace/asFinding';
import { WorkspaceIndex } from '../core/workspace/workspaceIndex';
import type { IndexedFile } from '../core/workspace/indexText';
import type { PlacedFindings } from '../core/lint/lintBuilds';
import { placeRelated } from '../core/sources/placement';
import type { SourceTexts } from '../core/sources/placement';
import type { CliBuilds } from './builds';
import type { ScanReport } from './report';

/** The reason code of a document the workspace index could not take in (see WorkspaceIndex.failures). */
const NOT_INDEXED = 'not-indexed';

/**
 * The CLI side of the workspace analysis: every scanned file goes into one index (its own
 * parse: the single-file analysis leaves kinds no rule inspects unparsed), then the core's
 * `lintWorkspace` runs the cross-object rules once, each file's own levels, suppressions and
 * exemptions included, and their final findings join the report of the file they point at,
 * with `related` locations.
 */
export class CliWorkspace {
  private readonly index = new WorkspaceIndex();
  private readonly scopes = new Map<string, WorkspaceFileScope>();

  /** `rules`: the cross-file rules to run (default all; tests pass their own). */
  constructor(private readonly rules?: readonly WorkspaceRule[]) {}

  add(file: string, text: string, scope: WorkspaceFileScope): void {
    this.index.setFileText(file, text);
    this.scopes.set(file, scope);
  }

  /** A file indexed already (`indexAnalysis`, in the scan or a worker thread). */
  addIndexed(file: string, indexed: IndexedFile, scope: WorkspaceFileScope): void {
    this.index.setFileIndexed(file, indexed);
    this.scopes.set(file, scope);
  }

  /**
   * Runs the workspace rules and merges their findings into `report.files`. A cross-file rule
   * that threw is an error of the scan (its findings are missing for every file): fail closed.
   */
  addFindingsTo(report: ScanReport, builds?: { plan: CliBuilds; placed: PlacedFindings; texts: SourceTexts }): void {
    const { byFile, ruleFailures } = lintWorkspace(this.index, (file) => this.scopes.get(file), { rules: this.rules });
    for (const f of ruleFailures) {
      report.errors.push({
        reason: RULE_FAILED,
        message: `cross-file rule ${f.ruleId} failed, its findings are missing for every file: ${f.message}`,
      });
    }
    // A document the index could not take in is missing from every cross-file rule: an error,
    // unless the file's own analysis already reported that document as not analysed.
    const reported = new Set(report.errors.map((e) => `${e.file}#${e.documentIndex}`));
    for (const f of this.index.failures()) {
      if (reported.has(`${f.file}#${f.documentIndex}`)) continue;
      const build = builds?.plan.byIndexName.get(f.file);
      report.errors.push({
        file: build?.file ?? f.file,
        documentIndex: f.documentIndex,
        reason: NOT_INDEXED,
        message: `${build ? `build of ${build.label}: ` : ''}document ${f.documentIndex + 1} not indexed for the cross-file rules: ${f.message}`,
      });
    }
    const relocate = (f: ReturnType<typeof toFinding>) =>
      builds && f.related ? { ...f, related: placeRelated(f.related, builds.plan.builtOf, builds.texts) } : f;
    for (const fr of report.files) {
      const extra = byFile.get(fr.file);
      if (extra) fr.findings = [...fr.findings, ...extra.map((wf) => relocate(toFinding(wf)))].sort(compareFindings);
    }
    // Findings on built objects go to the source files that wrote them (placed, then finished by the caller).
    if (builds) {
      for (const [name, list] of byFile) {
        const build = builds.plan.byIndexName.get(name);
        if (build) for (const wf of list) builds.placed.add(build, toFinding(wf), builds.plan.builtOf);
      }
    }
  }
}
