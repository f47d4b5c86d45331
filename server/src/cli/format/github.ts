import { escapeControl } from '../../core/display';
import type { Severity } from '../../core/types';
import { errorText, type ScanReport } from '../report';

/** GitHub's annotation commands: `notice` is its name for the lowest level. */
const COMMAND: Record<Severity, 'error' | 'warning' | 'notice'> = { error: 'error', warning: 'warning', info: 'notice' };

/**
 * GitHub Actions workflow commands, one line per finding:
 * `::error file=<f>,line=<l>,col=<c>,endLine=<l>,endColumn=<c>,title=<rule id>::<message>`
 * (1-based; the end column is one past the range, as in SARIF). The runner turns each line
 * into an annotation on the pull request's diff. Values are escaped as the Actions toolkit
 * does (`@actions/core` command.ts): `%`, CR and LF in the message; also `:` and `,` in the
 * properties, so neither a message nor a file name can end the command and start another.
 * File names are printed with control characters escaped, as in every other format. What
 * was not analysed is an `::error` too (titled with its reason), never left out.
 */
export function formatGithub(report: ScanReport): string {
  const out: string[] = [];
  for (const f of report.files) {
    for (const x of f.findings) {
      const s = f.lines.positionAt(x.range.start);
      const e = f.lines.positionAt(x.range.end);
      const props = [
        ['file', escapeControl(f.file)],
        ['line', `${s.line + 1}`],
        ['col', `${s.character + 1}`],
        ['endLine', `${e.line + 1}`],
        ['endColumn', `${e.character + 1}`],
        ['title', x.ruleId],
      ] as const;
      out.push(command(COMMAND[x.severity], props, x.message));
    }
  }
  for (const e of report.errors) {
    const props: Array<readonly [string, string]> = e.file === undefined ? [] : [['file', escapeControl(e.file)]];
    props.push(['title', `not analysed: ${e.reason}`]);
    out.push(command('error', props, escapeControl(errorText(e))));
  }
  return out.map((l) => l + '\n').join('');
}

function command(name: string, props: ReadonlyArray<readonly [string, string]>, message: string): string {
  const list = props.map(([k, v]) => `${k}=${escapeProperty(v)}`).join(',');
  return `::${name}${list ? ` ${list}` : ''}::${escapeData(message)}`;
}

export function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

export function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}
