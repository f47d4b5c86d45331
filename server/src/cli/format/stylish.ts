import { escapeControl } from '../../core/display';
import { errorText, type ScanReport } from '../report';
import { maxOf } from '../../core/arrays';

const useColor = (): boolean => !!process.stdout.isTTY && !process.env.NO_COLOR;

function paint(code: string, s: string): string {
  return useColor() ? `\x1b[${code}m${s}\x1b[0m` : s;
}

const SEVERITY_LABEL = { error: 'error', warning: 'warning', info: 'info' } as const;

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
    const w0 = maxOf(rows.map((r) => r[0].length));
    const w1 = maxOf(rows.map((r) => r[1].length));
    rows.forEach(([loc, sev, msg, id], i) => {
      const color = sev === 'error' ? '31' : sev === 'warning' ? '33' : '36';
      out.push(
        `  ${paint('2', `${file}:${loc}`.padEnd(file.length + 1 + w0))}  ${paint(color, sev.padEnd(w1))}  ${msg}  ${paint('2', id)}`,
      );
      // Cross-file findings: where the other objects involved are (1-based, like the row).
      for (const r of f.findings[i]?.related ?? []) {
        out.push(
          `      ${paint('2', `related: ${escapeControl(r.file)}:${r.range.start.line + 1}:${r.range.start.character + 1}`)}  ${escapeControl(r.message)}`,
        );
      }
    });
    out.push('');
  }
  if (report.errors.length) {
    // Fail closed: what was not (fully) analysed is listed, never passed over as clean.
    out.push(paint('4', 'errors (not analysed)'));
    for (const e of report.errors) out.push(`  ${paint('31', 'error')}  ${escapeControl(errorText(e))}  ${paint('2', e.reason)}`);
    out.push('');
  }
  const total = counts.error + counts.warning + counts.info;
  const head =
    total === 0
      ? `No problems found in ${plural(report.files.length, 'file')}`
      : `${plural(total, 'problem')} (${plural(counts.error, 'error')}, ${plural(counts.warning, 'warning')}, ${counts.info} info) in ${plural(report.files.length, 'file')}`;
  out.push(head + notAnalyzedSummary(report) + '.');
  return out.join('\n') + '\n';
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** `; 1 file could not be analysed; 2 documents were not fully analysed`, or nothing. */
function notAnalyzedSummary(report: ScanReport): string {
  const files = new Set<string>();
  const documents = new Set<string>();
  let crossFile = 0;
  for (const e of report.errors) {
    if (e.file === undefined) crossFile++;
    else if (e.documentIndex === undefined) files.add(e.file);
    else documents.add(`${e.file}\0${e.documentIndex}`);
  }
  let s = '';
  if (crossFile) s += `; ${plural(crossFile, 'cross-file rule')} failed`;
  if (files.size) s += `; ${plural(files.size, 'file')} could not be analysed`;
  if (documents.size) s += `; ${plural(documents.size, 'document')} ${documents.size === 1 ? 'was' : 'were'} not fully analysed`;
  return s;
}
