import * as fs from 'fs';
import { skippedAnalysis } from '../core/engine/analyze';
import { decodeBytes, type Decoded } from '../core/engine/decode';
import type { AnalysisOptions } from '../core/engine/options';
import { resolveOptions, ruleSetOf, todayUtc } from '../core/config';
import { lintAnalysis, lintFile } from '../core/lint';
import { ruleCatalogue } from '../core/rules/catalogue';
import { VERSION } from '../core/version';
import { escapeControl } from '../core/display';
import { parseArgs, UsageError, USAGE, type ScanArgs } from './args';
import { CliConfigs, configRelativePath, displayPath, formatProblems, hasErrors, isConfigFile, isExcludedBy } from './config';
import { collectFiles } from './files';
import { CliWorkspace } from './workspace';
import { formatJson } from './format/json';
import { formatSarif } from './format/sarif';
import { formatStylish } from './format/stylish';
import { renderCommand } from './render';
import { listRules } from './rulesList';
import { errorText, scanErrorOf, UNREADABLE, type ScanReport } from './report';

export interface CliIO {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
}

/** Runs the CLI and returns its exit code; never calls process.exit (testable in-process). */
export function runCli(argv: string[], io: CliIO): number {
  let args;
  try {
    args = parseArgs(argv);
  } catch (e) {
    if (e instanceof UsageError) {
      io.stderr(`kube-guardrails: ${escapeControl(e.message)}\n\n${USAGE}\n`);
      return 2;
    }
    throw e;
  }
  switch (args.command) {
    case 'help':
      io.stdout(USAGE + '\n');
      return 0;
    case 'version':
      io.stdout(VERSION + '\n');
      return 0;
    case 'rules':
      return listRules(args, io);
    case 'render':
      return renderCommand(args, io);
    case 'scan':
      return scan(args, io);
  }
}

/** CLI flags: the highest layer of option precedence (over the config file). */
function flagOverrides(args: ScanArgs): Partial<AnalysisOptions> {
  const o: Partial<AnalysisOptions> = {};
  if (args.profile !== undefined) o.profile = args.profile;
  if (args.pssVersion !== undefined) o.pssVersion = args.pssVersion;
  return o;
}

function scan(args: ScanArgs, io: CliIO): number {
  const configs = new CliConfigs(args);
  if (configs.explicitReadError) {
    io.stderr(`kube-guardrails: --config: ${escapeControl(configs.explicitReadError)}\n`);
    return 2;
  }
  const walked = collectFiles(args.paths);
  const report: ScanReport = { files: [], errors: [...walked.errors] };
  // Resolve every file's config first: an invalid config stops the scan before any output,
  // with the same messages the editor shows on the config file.
  const targets = walked.files.map((file) => ({ file, loaded: configs.forFile(file) }));
  let configInvalid = false;
  for (const loaded of configs.all()) {
    if (loaded.readError) {
      io.stderr(`kube-guardrails: ${escapeControl(displayPath(loaded.file))}: ${escapeControl(loaded.readError)}\n`);
      configInvalid = true;
      continue;
    }
    io.stderr(formatProblems(loaded, loaded.problems));
    if (hasErrors(loaded.problems)) configInvalid = true;
  }
  if (configInvalid) {
    io.stderr('kube-guardrails: invalid configuration file; fix it or run with --no-config.\n');
    return 2;
  }
  const today = todayUtc();
  const reportedExpired = new Set<string>();
  const overrides = flagOverrides(args);
  const workspace = new CliWorkspace();
  for (const { file, loaded } of targets) {
    if (isExcludedBy(loaded, file) || isConfigFile(file)) continue;
    let decoded: Decoded;
    try {
      decoded = decodeBytes(fs.readFileSync(file));
    } catch (e) {
      report.errors.push({ file, reason: UNREADABLE, message: `cannot read ${file}: ${(e as Error).message}` });
      continue;
    }
    const options = resolveOptions(undefined, loaded?.config, overrides);
    const strict = args.disableInlineSuppressions || loaded?.config.disableInlineSuppressions === true;
    const exemptions = loaded ? { config: loaded.config, filePath: configRelativePath(loaded, file) } : undefined;
    // Built-in rules plus the config's custom rules (one array per loaded config).
    const scope = { options, strict, exemptions, rules: ruleSetOf(loaded?.config), today };
    // Bytes that are not text (invalid UTF-8, NUL) are reported as not analysed, like any skip.
    const result = 'skipped' in decoded ? lintAnalysis(skippedAnalysis(decoded.skipped), scope) : lintFile(decoded.text, scope);
    for (const n of result.notAnalyzed) report.errors.push(scanErrorOf(file, n));
    if (result.analysis.skipped || !('text' in decoded)) continue;
    const text = decoded.text;
    if (loaded) {
      const fresh = result.expiredExemptionProblems.filter((p) => !reportedExpired.has(`${loaded.file}#${p.range.start}`));
      for (const p of fresh) reportedExpired.add(`${loaded.file}#${p.range.start}`);
      io.stderr(formatProblems(loaded, fresh));
    }
    // Cross-file rules see every analysed file, with the same levels, strict mode and exemptions.
    workspace.add(file, text, { rules: options.rules, strict, exemptions });
    report.files.push({ file, lines: result.analysis.parsed.lines, findings: result.findings });
  }
  workspace.addFindingsTo(report);
  // SARIF describes every rule a result can name, the custom rules of every config used included.
  const catalogue = () => ruleCatalogue(configs.all().flatMap((c) => c.config.customRules));
  const out =
    args.format === 'json'
      ? formatJson(report)
      : args.format === 'sarif'
        ? formatSarif(report, catalogue(), VERSION)
        : formatStylish(report);
  io.stdout(out);
  // Stylish lists file errors in its report too; stderr gets them in every format so
  // scripts that only look at stderr see why the exit code is 2.
  for (const e of report.errors) io.stderr(`kube-guardrails: ${escapeControl(errorText(e))}\n`);
  // 2 (could not analyse) wins over 1: a file not analysed may hide any finding.
  if (report.errors.length > 0) return 2;
  return report.files.some((f) => f.findings.some((x) => x.severity === 'error')) ? 1 : 0;
}

if (require.main === module) {
  const code = runCli(process.argv.slice(2), {
    stdout: (s) => process.stdout.write(s),
    stderr: (s) => process.stderr.write(s),
  });
  process.exitCode = code;
}
