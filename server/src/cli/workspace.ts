import type { AnalysisOptions } from '../core/engine/options';
import { compareFindings, type Finding } from '../core/engine/finding';
import { allRulesOn, analyzeWorkspace, levelFor } from '../core/workspace/analyzeWorkspace';
import type { WorkspaceFinding } from '../core/workspace/types';
import { WorkspaceIndex } from '../core/workspace/workspaceIndex';
import type { ScanReport } from './report';

/**
 * The CLI side of the workspace analysis: every scanned file goes into one index (its own
 * parse: the single-file analysis leaves kinds no rule inspects unparsed), then the cross-object rules run once and
 * their findings join the report of the file they point at, with `related` locations.
 * Each file's own options decide whether a finding on it is kept and at which severity
 * (config files can differ per folder), and its config exemptions apply.
 */
type PostFilter = (findings: Finding[]) => Finding[];

export class CliWorkspace {
  private readonly index = new WorkspaceIndex();
  private readonly perFile = new Map<string, { options: AnalysisOptions; filter?: PostFilter }>();

  add(file: string, text: string, options: AnalysisOptions, filter?: PostFilter): void {
    this.index.setFileText(file, text);
    this.perFile.set(file, filter ? { options, filter } : { options });
  }

  /** Runs the workspace rules and merges their findings into `report.files`. */
  addFindingsTo(report: ScanReport): void {
    // Run every rule (opt-in ones too); each file's options then keep or drop its findings.
    const { findings } = analyzeWorkspace(this.index, { rules: allRulesOn() });
    const byFile = new Map<string, Finding[]>();
    for (const wf of findings) {
      const setting = this.perFile.get(wf.file);
      if (!setting) continue;
      const levelled = levelFor(wf, setting.options.rules);
      if (!levelled) continue;
      const f = toFinding(levelled);
      let list = byFile.get(wf.file);
      if (!list) byFile.set(wf.file, (list = []));
      list.push(f);
    }
    for (const fr of report.files) {
      const extra = byFile.get(fr.file);
      if (!extra) continue;
      const filter = this.perFile.get(fr.file)?.filter;
      fr.findings = [...fr.findings, ...(filter ? filter(extra) : extra)].sort(compareFindings);
    }
  }
}

export function toFinding(wf: WorkspaceFinding, severity: Finding['severity'] = wf.severity): Finding {
  const f: Finding = {
    ruleId: wf.ruleId,
    severity,
    message: wf.message,
    range: wf.range,
    object: wf.object,
    documentIndex: wf.documentIndex,
  };
  if (wf.related.length) f.related = wf.related.map((r) => ({ file: r.file, range: r.range, message: r.message }));
  return f;
}
