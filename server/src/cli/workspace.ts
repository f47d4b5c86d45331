import type { AnalysisOptions } from '../core/engine/options';
import { compareFindings, type Finding } from '../core/engine/finding';
import { UNUSED_SUPPRESSION } from '../core/suppress/unusedRule';
import { allRulesOn, analyzeWorkspace, levelFor } from '../core/workspace/analyzeWorkspace';
import { applyWorkspaceSuppressions } from '../core/workspace/suppress';
import type { WorkspaceFinding } from '../core/workspace/types';
import { WorkspaceIndex } from '../core/workspace/workspaceIndex';
import { toFinding } from '../core/workspace/asFinding';
import type { ScanReport } from './report';

/**
 * The CLI side of the workspace analysis: every scanned file goes into one index (its own
 * parse: the single-file analysis leaves kinds no rule inspects unparsed), then the cross-object rules run once and
 * their findings join the report of the file they point at, with `related` locations.
 * Each file's own options decide whether a finding on it is kept and at which severity
 * (config files can differ per folder); then, as for per-document findings, inline
 * suppressions (unless the file is in strict mode) and the config exemptions apply.
 */
type PostFilter = (findings: Finding[]) => Finding[];

interface FileSetting {
  options: AnalysisOptions;
  filter?: PostFilter;
  strict: boolean;
}

export class CliWorkspace {
  private readonly index = new WorkspaceIndex();
  private readonly perFile = new Map<string, FileSetting>();

  /** `strict`: `disableInlineSuppressions` for this file (its comments and annotations are ignored). */
  add(file: string, text: string, options: AnalysisOptions, filter?: PostFilter, strict = false): void {
    this.index.setFileText(file, text);
    this.perFile.set(file, filter ? { options, filter, strict } : { options, strict });
  }

  /** Runs the workspace rules and merges their findings into `report.files`. */
  addFindingsTo(report: ScanReport): void {
    // Run every rule (opt-in ones too); each file's options then keep or drop its findings.
    const { findings } = analyzeWorkspace(this.index, { rules: allRulesOn() });
    const levelled: WorkspaceFinding[] = [];
    for (const wf of findings) {
      const setting = this.perFile.get(wf.file);
      const f = setting && levelFor(wf, setting.options.rules);
      if (f) levelled.push(f);
    }
    const { kept, unused } = applyWorkspaceSuppressions(this.index, levelled, { strict: (file) => this.perFile.get(file)?.strict ?? false });
    const byFile = new Map<string, { findings: Finding[]; unused: Finding[] }>();
    const entry = (file: string) => {
      let e = byFile.get(file);
      if (!e) byFile.set(file, (e = { findings: [], unused: [] }));
      return e;
    };
    for (const wf of kept) entry(wf.file).findings.push(toFinding(wf));
    for (const u of unused) {
      // `unused-suppression` can be switched off or re-levelled like a rule.
      const level = this.perFile.get(u.file)?.options.rules[UNUSED_SUPPRESSION.id];
      if (level === 'off') continue;
      entry(u.file).unused.push(toFinding(u, level ?? u.severity));
    }
    for (const fr of report.files) {
      const extra = byFile.get(fr.file);
      if (!extra) continue;
      const filter = this.perFile.get(fr.file)?.filter;
      fr.findings = [...fr.findings, ...(filter ? filter(extra.findings) : extra.findings), ...extra.unused].sort(compareFindings);
    }
  }
}

export { toFinding };
