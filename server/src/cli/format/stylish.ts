import { escapeControl } from '../../core/display';
import type { ScanReport } from '../report';

const useColor = (): boolean => !!process.stdout.isTTY && !process.env.NO_COLOR;

function paint(code: string, s: string): string {
  return useColor() ? `\x1b[${code}m${s}\x1b[0m` : s;
}

const SEVERITY_LABEL = { error: 'error', warning: 'warning', info: 'info' } as const;

/** The widest string's length, without spreading a list of any size into a call. */
function widest(values: readonly string[]): number {
  let w = 0;
  for (const v of values) if (v.length > w) w = v.length;
  return w;
}

/**
 * ESLint-like: a heading per file, `line:col severity message rule-id` rows (1-based), a summary.
 * Everything from the workspace (file names, messages) is printed with control characters
 * escaped: a name holding `\x1b]0;…` or a newline cannot drive the terminal or forge a row.
 */
export function formatStylish(report: ScanReport): string {
  const out: string[] = [];
  const counts = { error: 0, warning: 0, info: 0 };
  for (const f of report.files) {
    if (f.findings.length === 0) continue;
    const file = escapeControl(f.file);
    out.push(paint('4', file));
    const rows = f.findings.map((x) => {
      const p = f.lines.positionAt(x.range.start);
      counts[x.severity]++;
      return [`${p.line + 1}:${p.character + 1}`, SEVERITY_LABEL[x.severity], escapeControl(x.message), x.ruleId] as const;
    });
    const w0 = widest(rows.map((r) => r[0]));
    const w1 = widest(rows.map((r) => r[1]));
    rows.forEach(([loc, sev, msg, id], i) => {
      const color = sev === 'error' ? '31' : sev === 'warning' ? '33' : '36';
      out.push(`  ${paint('2', `${file}:${loc}`.padEnd(file.length + 1 + w0))}  ${paint(color, sev.padEnd(w1))}  ${msg}  ${paint('2', id)}`);
      // Cross-file findings: where the other objects involved are (1-based, like the row).
      for (const r of f.findings[i].related ?? []) {
        out.push(`      ${paint('2', `related: ${escapeControl(r.file)}:${r.range.start.line + 1}:${r.range.start.character + 1}`)}  ${escapeControl(r.message)}`);
      }
    });
    out.push('');
  }
  for (const e of report.errors) out.push(`${paint('31', 'error')}  ${escapeControl(e.file)}: ${escapeControl(e.message)}`);
  const total = counts.error + counts.warning + counts.info;
  if (total === 0 && report.errors.length === 0) {
    out.push(`No problems found in ${report.files.length} file${report.files.length === 1 ? '' : 's'}.`);
  } else {
    out.push(
      `${total} problem${total === 1 ? '' : 's'} (${counts.error} error${counts.error === 1 ? '' : 's'}, ${counts.warning} warning${counts.warning === 1 ? '' : 's'}, ${counts.info} info) in ${report.files.length} file${report.files.length === 1 ? '' : 's'}` +
        (report.errors.length ? `; ${report.errors.length} file error${report.errors.length === 1 ? '' : 's'}` : '') +
        '.',
    );
  }
  return out.join('\n') + '\n';
}
