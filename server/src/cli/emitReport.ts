import { escapeControl } from '../core/display';
import type { CatalogueEntry } from '../core/rules/catalogue';
import { VERSION } from '../core/version';
import type { ScanArgs } from './args';
import { errorsOnly, exitDecision } from './exitPolicy';
import { formatGithub } from './format/github';
import { formatJson } from './format/json';
import { formatSarif } from './format/sarif';
import { formatStylish } from './format/stylish';
import { writeOutputFile } from './outputFile';
import type { CliIO } from './main';
import { errorText, type ScanReport } from './report';

/**
 * The end of a scan: the report in the chosen format (error findings only with `--quiet`)
 * on standard output or in the `--output` file, what was not analysed on stderr, and the
 * exit code of the exit policy (exitPolicy.ts). `scanned`: the files the scan read, which
 * `--output` must not overwrite. `catalogue`: every rule a SARIF result may name.
 */
export function emitReport(
  report: ScanReport,
  args: ScanArgs,
  io: CliIO,
  scanned: readonly string[],
  catalogue: () => readonly CatalogueEntry[],
): number {
  const shown = args.quiet ? errorsOnly(report) : report;
  const out =
    args.format === 'json'
      ? formatJson(shown)
      : args.format === 'sarif'
        ? formatSarif(shown, catalogue(), VERSION)
        : args.format === 'github'
          ? formatGithub(shown)
          : formatStylish(shown);
  if (args.output === undefined) io.stdout(out);
  else {
    const problem = writeOutputFile(args.output, out, scanned);
    if (problem) {
      io.stderr(`kube-guardrails: --output ${escapeControl(args.output)}: ${escapeControl(problem)}\n`);
      return 2;
    }
  }
  // Stylish lists file errors in its report too; stderr gets them in every format so
  // scripts that only look at stderr see why the exit code is 2.
  for (const e of report.errors) io.stderr(`kube-guardrails: ${escapeControl(errorText(e))}\n`);
  const decision = exitDecision(report, args);
  if (decision.reason) io.stderr(`kube-guardrails: ${decision.reason}.\n`);
  return decision.code;
}
