import type { ScanReport } from '../report';
import { maxOf } from '../../core/arrays';

const useColor = (): boolean => !!process.stdout.isTTY && !process.env.NO_COLOR;

function paint(code: string, s: string): string {
  return useColor() ? `\x1b[${code}m${s}\x1b[0m` : s;
}

const SEVERITY_LABEL = { error: 'error', warning: 'warning', info: 'info' } as const;

/** ESLint-like: a heading per file, `line:col severity message rule-id` rows (1-based), a summary. */
export function formatStylish(report: ScanReport): string {
  const out: string[] = [];
  const counts = { error: 0, warning: 0, info: 0 };
  for (const f of report.files) {
    if (f.findings.length === 0) continue;
    out.push(paint('4', f.file));
    const rows = f.findings.map((x) => {
      const p = f.lines.positionAt(x.range.start);
      counts[x.severity]++;
      return [`${p.line + 1}:${p.character + 1}`, SEVERITY_LABEL[x.severity], x.message, x.ruleId] as const;
    });
    const w0 = maxOf(rows.map((r) => r[0].length));
    const w1 = maxOf(rows.map((r) => r[1].length));
    rows.forEach(([loc, sev, msg, id], i) => {
      const color = sev === 'error' ? '31' : sev === 'warning' ? '33' : '36';
      out.push(`  ${paint('2', `${f.file}:${loc}`.padEnd(f.file.length + 1 + w0))}  ${paint(color, sev.padEnd(w1))}  ${msg}  ${paint('2', id)}`);
      // Cross-file findings: where the other objects involved are (1-based, like the row).
      for (const r of f.findings[i].related ?? []) {
        out.push(`      ${paint('2', `related: ${r.file}:${r.range.start.line + 1}:${r.range.start.character + 1}`)}  ${r.message}`);
      }
    });
    out.push('');
  }
  for (const e of report.errors) out.push(`${paint('31', 'error')}  ${e.file}: ${e.message}`);
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
