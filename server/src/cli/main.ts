import * as fs from 'fs';
import { analyzeText, skippedAnalysis } from '../core/engine/analyze';
import { decodeBytes, type Decoded } from '../core/engine/decode';
import type { AnalysisOptions } from '../core/engine/options';
import { compareFindings, type Finding } from '../core/engine/finding';
import { applySuppressions, UNUSED_SUPPRESSION } from '../core/suppress';
import { applyExemptions, resolveOptions, ruleSetOf, todayUtc } from '../core/config';
import { RULES } from '../core/rules/registry';
import { VERSION } from '../core/version';
import { parseArgs, UsageError, USAGE, type ScanArgs } from './args';
import { CliConfigs, configRelativePath, displayPath, formatProblems, hasErrors, isConfigFile, isExcludedBy } from './config';
import { collectFiles } from './files';
import { CliWorkspace } from './workspace';
import { WORKSPACE_RULES } from '../core/workspace/rules';
import { formatJson } from './format/json';
import { formatSarif } from './format/sarif';
import { formatStylish } from './format/stylish';
import type { FileReport, ScanReport } from './report';
import { maxOf, pushAll } from '../core/arrays';

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
      io.stderr(`kube-guardrails: ${e.message}\n\n${USAGE}\n`);
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
      io.stdout(args.format === 'json' ? listRulesJson() : listRulesText());
      return 0;
    case 'scan':
      return scan(args, io);
  }
}

function listRulesText(): string {
  const rows = RULES.map((r) => [r.id, r.pss ? `pss:${r.pss.level}` : r.category, r.defaultEnabled === false ? `${r.severity} (off by default)` : r.severity, r.title]);
  // Cross-object rules (they need the other scanned files), see docs/workspace.md.
  pushAll(rows, WORKSPACE_RULES.map((r) => [r.id, `workspace:${r.category}`, r.defaultEnabled === false ? `${r.severity} (off by default)` : r.severity, r.title]));
  const w = [0, 1, 2].map((i) => maxOf(rows.map((r) => r[i].length)));
  return rows.map((r) => `${r[0].padEnd(w[0])}  ${r[1].padEnd(w[1])}  ${r[2].padEnd(w[2])}  ${r[3]}`).join('\n') + `\n\n${rows.length} rules.\n`;
}

function listRulesJson(): string {
  return (
    JSON.stringify(
      RULES.map((r) => ({
        id: r.id,
        title: r.title,
        severity: r.severity,
        category: r.category,
        defaultEnabled: r.defaultEnabled !== false,
        pssCheck: r.pss?.check,
        pssLevel: r.pss?.level,
      })).concat(
        WORKSPACE_RULES.map((r) => ({ id: r.id, title: r.title, severity: r.severity, category: r.category, defaultEnabled: r.defaultEnabled !== false, pssCheck: undefined, pssLevel: undefined, workspace: true })),
      ),
      null,
      2,
    ) + '\n'
  );
}

/**
 * `unused-suppression` is a pseudo-rule reported by the suppression pass (info by default):
 * `rules: { unused-suppression: off | error | ... }` switches it off or re-levels it.
 */
function unusedSuppressions(unused: readonly Finding[], options: AnalysisOptions): Finding[] {
  const level = options.rules[UNUSED_SUPPRESSION.id];
  if (level === 'off') return [];
  return level ? unused.map((u) => ({ ...u, severity: level })) : [...unused];
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
    io.stderr(`kube-guardrails: --config: ${configs.explicitReadError}\n`);
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
      io.stderr(`kube-guardrails: ${displayPath(loaded.file)}: ${loaded.readError}\n`);
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
      report.errors.push({ file, message: `cannot read ${file}: ${(e as Error).message}` });
      continue;
    }
    const text = 'text' in decoded ? decoded.text : '';
    const options = resolveOptions(undefined, loaded?.config, overrides);
    // Built-in rules plus the config's custom rules (one array per loaded config).
    const analysis = 'skipped' in decoded ? skippedAnalysis(decoded.skipped) : analyzeText(text, options, ruleSetOf(loaded?.config));
    // Cross-file rules see every scanned file; their findings pass the same config exemptions.
    const strict = args.disableInlineSuppressions || loaded?.config.disableInlineSuppressions === true;
    if (!analysis.skipped) workspace.add(file, text, options, loaded ? (fs) => applyExemptions(fs, { filePath: configRelativePath(loaded, file) }, loaded.config, today).kept : undefined, strict);
    // Same order as the editor: inline suppressions first (so a directive that also matches
    // an exemption counts as used), then the config file's exemptions.
    const suppression = applySuppressions(analysis, { disableInlineSuppressions: strict });
    let findings = suppression.kept;
    if (loaded) {
      const result = applyExemptions(findings, { filePath: configRelativePath(loaded, file) }, loaded.config, today);
      findings = result.kept;
      const fresh = result.expiredExemptionProblems.filter((p) => !reportedExpired.has(`${loaded.file}#${p.range.start}`));
      for (const p of fresh) reportedExpired.add(`${loaded.file}#${p.range.start}`);
      io.stderr(formatProblems(loaded, fresh));
    }
    findings = [...findings, ...unusedSuppressions(suppression.unused, options)].sort(compareFindings);
    const fr: FileReport = { file, lines: analysis.parsed.lines, findings };
    report.files.push(fr);
  }
  workspace.addFindingsTo(report);
  const out = args.format === 'json' ? formatJson(report) : args.format === 'sarif' ? formatSarif(report, RULES, VERSION) : formatStylish(report);
  io.stdout(out);
  // Stylish lists file errors in its report too; stderr gets them in every format so
  // scripts that only look at stderr see why the exit code is 2.
  for (const e of report.errors) io.stderr(`kube-guardrails: ${e.message}\n`);
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
