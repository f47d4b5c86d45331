import * as fs from 'fs';
import * as path from 'path';
import { chartRenderOptions } from '../core/sources/helm/workspaceCharts';
import { skippedAnalysis } from '../core/engine/analyze';
import { decodeBytes, type Decoded } from '../core/engine/decode';
import type { AnalysisOptions } from '../core/engine/options';
import { resolveOptions, ruleSetOf, todayUtc } from '../core/config';
import { lintAnalysis, lintFile } from '../core/lint';
import { compareFindings } from '../core/engine/finding';
import { ruleCatalogue } from '../core/rules/catalogue';
import { VERSION } from '../core/version';
import { emitReport } from './emitReport';
import { scanWithFixes, type ScanHooks } from './fix';
import { escapeControl } from '../core/display';
import { parseArgs, UsageError, USAGE, type ScanArgs } from './args';
import { CliConfigs, configRelativePath, displayPath, formatProblems, hasErrors, isConfigFile, isExcludedBy } from './config';
import { collectFiles } from './files';
import { CliWorkspace } from './workspace';
import { renderCommand } from './render';
import { reportCommand } from './reportMap';
import { initCommand } from './init';
import { listRules } from './rulesList';
import { scanErrorOf, UNREADABLE, type FileReport, type ScanReport } from './report';
import { planBuilds } from './builds';
import { lintBuildObjects, PlacedFindings } from '../core/lint/lintBuilds';
import { SourceTexts } from '../core/sources/placement';
import type { FileScope } from '../core/lint';
import { LineIndex } from '../core/yaml/lineIndex';

export interface CliIO {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  /** The bytes of standard input, for `scan -` (default: read file descriptor 0). */
  stdin?: () => Buffer;
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
    case 'report':
      return reportCommand(args, io);
    case 'init':
      return initCommand(args, io);
    case 'scan':
      return args.fix || args.fixDryRun ? scanWithFixes(args, io, scan) : scan(args, io);
  }
}

/** CLI flags: the highest layer of option precedence (over the config file). */
function flagOverrides(args: ScanArgs): Partial<AnalysisOptions> {
  const o: Partial<AnalysisOptions> = {};
  if (args.profile !== undefined) o.profile = args.profile;
  if (args.pssVersion !== undefined) o.pssVersion = args.pssVersion;
  return o;
}

/** `hooks`: what `--fix` / `--fix-dry-run` give a scan (fix.ts): a fix collector, fixed texts read instead of the files. */
function scan(args: ScanArgs, io: CliIO, hooks: ScanHooks = {}): number {
  const { fixes, overlay } = hooks;
  const configs = new CliConfigs(args);
  if (configs.explicitReadError) {
    io.stderr(`kube-guardrails: --config: ${escapeControl(configs.explicitReadError)}\n`);
    return 2;
  }
  const walked = collectFiles(args.paths.filter((p) => p !== '-'));
  const report: ScanReport = { files: [], errors: [...walked.errors] };
  // `scan -`: a stream (`helm template ... | kube-guardrails scan -`), named by --stdin-filename
  // for the config lookup and the report.
  const fromStdin = new Map<string, Buffer>();
  if (args.paths.includes('-')) {
    const name = args.stdinFilename ?? '<stdin>';
    try {
      fromStdin.set(name, overlay?.get(name) ?? (io.stdin ? io.stdin() : fs.readFileSync(0)));
      walked.files.push(name);
    } catch (e) {
      report.errors.push({ file: name, reason: UNREADABLE, message: `cannot read standard input: ${(e as Error).message}` });
    }
  }
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
  const scopeOf = (file: string, loaded = configs.forFile(file)): FileScope => ({
    options: resolveOptions(undefined, loaded?.config, overrides),
    strict: args.disableInlineSuppressions || loaded?.config.disableInlineSuppressions === true,
    exemptions: loaded ? { config: loaded.config, filePath: configRelativePath(loaded, file) } : undefined,
    // Built-in rules plus the config's custom rules (one array per loaded config).
    rules: ruleSetOf(loaded?.config),
    today,
  });
  const plan =
    args.kustomize === 'auto' || args.helm === 'auto'
      ? planBuilds(
          args.paths.filter((p) => p !== '-'),
          walked.files,
          { kustomize: args.kustomize === 'auto', helm: args.helm === 'auto' },
          {
            values: args.values,
            set: args.set,
            setLiteral: args.setLiteral,
            configured: (chartDir) => {
              const loaded = configs.forFile(path.join(chartDir, 'Chart.yaml'));
              if (!loaded) return {};
              const rel = path.resolve(chartDir) === path.resolve(loaded.dir) ? '' : configRelativePath(loaded, chartDir);
              return chartRenderOptions(loaded.config, loaded.dir, rel);
            },
          },
          overlay,
        )
      : undefined;
  for (const { file, loaded } of targets) {
    if (isExcludedBy(loaded, file) || isConfigFile(file)) continue;
    // A file a build read (a base, a patch, a kustomization) is analysed through the build.
    if (plan?.parts.has(file) && !fromStdin.has(file)) continue;
    let bytes: Buffer;
    try {
      bytes = fromStdin.get(file) ?? overlay?.get(file) ?? fs.readFileSync(file);
    } catch (e) {
      report.errors.push({ file, reason: UNREADABLE, message: `cannot read ${file}: ${(e as Error).message}` });
      continue;
    }
    const decoded: Decoded = decodeBytes(bytes);
    const scope = scopeOf(file, loaded);
    const { options, strict, exemptions } = scope;
    // Bytes that are not text (invalid UTF-8, NUL) are reported as not analysed, like any skip.
    const result = 'skipped' in decoded ? lintAnalysis(skippedAnalysis(decoded.skipped), scope) : lintFile(decoded.text, scope);
    for (const n of result.notAnalyzed) report.errors.push(scanErrorOf(file, n));
    if (result.analysis.skipped || !('text' in decoded)) continue;
    const text = decoded.text;
    fixes?.addFile(file, bytes, result, scope);
    if (loaded) {
      const fresh = result.expiredExemptionProblems.filter((p) => !reportedExpired.has(`${loaded.file}#${p.range.start}`));
      for (const p of fresh) reportedExpired.add(`${loaded.file}#${p.range.start}`);
      io.stderr(formatProblems(loaded, fresh));
    }
    // Cross-file rules see every analysed file, with the same levels, strict mode and exemptions.
    workspace.add(file, text, { rules: options.rules, strict, exemptions });
    report.files.push({ file, lines: result.analysis.parsed.lines, findings: result.findings });
  }
  if (plan) lintBuilds(plan, scopeOf, workspace, report, walked.files, hooks);
  else workspace.addFindingsTo(report);
  // SARIF describes every rule a result can name, the custom rules of every config used included.
  const catalogue = () => ruleCatalogue(configs.all().flatMap((c) => c.config.customRules));
  return emitReport(report, args, io, walked.files, catalogue);
}

/**
 * The builds' half of a scan: each build's objects are linted with its kustomization's
 * scope and join the cross-file index under the build's name; every finding is then placed
 * in the source file that wrote it, which joins the report (sorted in walk order).
 */
function lintBuilds(
  plan: NonNullable<ReturnType<typeof planBuilds>>,
  scopeOf: (file: string) => FileScope,
  workspace: CliWorkspace,
  report: ScanReport,
  walkOrder: readonly string[],
  { fixes, overlay }: ScanHooks,
): void {
  const texts = new SourceTexts((file) => {
    try {
      const decoded = decodeBytes(overlay?.get(file) ?? fs.readFileSync(file));
      return 'text' in decoded ? decoded.text : undefined;
    } catch {
      return undefined;
    }
  });
  const placed = new PlacedFindings(texts);
  for (const build of plan.builds) {
    const scope = scopeOf(build.file);
    for (const n of lintBuildObjects(build, scope, placed, plan.builtOf)) report.errors.push(scanErrorOf(n.file, n.item));
    workspace.add(build.indexName, build.built.text, { rules: scope.options.rules, strict: scope.strict });
  }
  workspace.addFindingsTo(report, { plan, placed, texts });
  for (const n of placed.notAnalyzed) report.errors.push(scanErrorOf(n.file, n.item));
  const byFile = new Map(report.files.map((f) => [f.file, f]));
  for (const [file, findings] of placed.finish(scopeOf, plan.parts)) {
    const known = byFile.get(file);
    if (known) known.findings = [...known.findings, ...findings].sort(compareFindings);
    else {
      const entry: FileReport = { file, lines: new LineIndex(texts.get(file)?.text ?? ''), findings };
      report.files.push(entry);
      byFile.set(file, entry);
    }
  }
  const order = new Map(walkOrder.map((f, i) => [f, i]));
  report.files.sort((a, b) => (order.get(a.file) ?? order.size) - (order.get(b.file) ?? order.size));
  fixes?.addBuilds(report, placed, plan.rebuild, texts);
}

if (require.main === module) {
  const code = runCli(process.argv.slice(2), {
    stdout: (s) => process.stdout.write(s),
    stderr: (s) => process.stderr.write(s),
  });
  process.exitCode = code;
}
