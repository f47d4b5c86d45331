import type { Severity } from '../core/types';
import type { ScanReport } from './report';
import type { OutputArgs } from './outputArgs';

const RANK: Record<Severity, number> = { info: 0, warning: 1, error: 2 };

/** What the exit policy decided: the code, and why (a line for stderr) when a limit alone failed the scan. */
export interface ExitDecision {
  code: 0 | 1 | 2;
  reason?: string;
}

/**
 * The exit code of a scan: 2 when anything was not (fully) analysed (a file not analysed may
 * hide any finding, so this wins over everything: fail closed), 1 when a finding at or above
 * `--fail-on` remains or there are more warnings than `--max-warnings`, else 0. It counts
 * every finding, whatever `--quiet` leaves out of the report (as ESLint's `--max-warnings` does).
 */
export function exitDecision(report: ScanReport, policy: Pick<OutputArgs, 'failOn' | 'maxWarnings'>): ExitDecision {
  if (report.errors.length > 0) return { code: 2 };
  let failing = false;
  let warnings = 0;
  for (const f of report.files) {
    for (const x of f.findings) {
      if (RANK[x.severity] >= RANK[policy.failOn]) failing = true;
      if (x.severity === 'warning') warnings++;
    }
  }
  if (failing) return { code: 1 };
  if (policy.maxWarnings !== undefined && warnings > policy.maxWarnings) {
    return { code: 1, reason: `too many warnings (${warnings}; --max-warnings allows ${policy.maxWarnings})` };
  }
  return { code: 0 };
}

/** `--quiet`: the report with error-severity findings only (what was not analysed is always kept). */
export function errorsOnly(report: ScanReport): ScanReport {
  return { ...report, files: report.files.map((f) => ({ ...f, findings: f.findings.filter((x) => x.severity === 'error') })) };
}
