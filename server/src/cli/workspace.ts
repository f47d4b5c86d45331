import { compareFindings } from '../core/engine/finding';
import { lintWorkspace, type WorkspaceFileScope } from '../core/lint';
import { toFinding } from '../core/workspace/asFinding';
import { WorkspaceIndex } from '../core/workspace/workspaceIndex';
import type { ScanReport } from './report';

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

  add(file: string, text: string, scope: WorkspaceFileScope): void {
    this.index.setFileText(file, text);
    this.scopes.set(file, scope);
  }

  /** Runs the workspace rules and merges their findings into `report.files`. */
  addFindingsTo(report: ScanReport): void {
    const { byFile } = lintWorkspace(this.index, (file) => this.scopes.get(file));
    for (const fr of report.files) {
      const extra = byFile.get(fr.file);
      if (extra) fr.findings = [...fr.findings, ...extra.map((wf) => toFinding(wf))].sort(compareFindings);
    }
  }
}
