import * as fs from 'fs';
import { decodeBytes } from '../core/engine/decode';
import { todayUtc } from '../core/config';
import { compareFindings } from '../core/engine/finding';
import { ruleCatalogue } from '../core/rules/catalogue';
import { VERSION } from '../core/version';
import { emitReport } from './emitReport';
import { scanWithFixes, type ScanHooks } from './fix';
import { escapeControl } from '../core/display';
import { parseArgs, UsageError, USAGE, type ScanArgs } from './args';
import { CliConfigs, configsInvalid, configuredCharts, formatProblems, isConfigFile, isExcludedBy } from './config';
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
import { pushAll } from '../core/arrays';
import { scopeFactory } from './scope';
import { Progress } from './progress';
import { keepShard, ownsFile } from './shard';
import { scanFiles, type ScanFilesContext } from './parallel/scanFiles';
import { pickValuesFlags } from './valuesFlags';
import { isScanWorker, runScanWorker } from './parallel/worker';

export interface CliIO {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  /** The bytes of standard input, for `scan -` (default: read file descriptor 0). */
  stdin?: () => Buffer;
  /** Whether stderr is a terminal: a long stylish scan then shows its progress there. */
  stderrIsTTY?: boolean | undefined;
  /** Milliseconds, for the progress line's timing (tests pass a fake clock). */
  now?: (() => number) | undefined;
  /** Tests only: a scan worker dies on its Nth task (the scan must still finish, with the same report). */
  workerDeathForTest?: ScanFilesContext['dieOnTask'];
  /** Tests only: real worker threads on any machine (a `--jobs` cap of these cores), and what they did. */
  threadsForTest?: ScanFilesContext['threadsForTest'];
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
  if (configsInvalid(configs, io.stderr)) return 2;
  const today = todayUtc();
  const reportedExpired = new Set<string>();
  const workspace = new CliWorkspace();
  const scopeOf = scopeFactory(args, configs, today);
  const progress = new Progress(io.stderrIsTTY === true && args.format === 'stylish' ? io.stderr : undefined, io.now);
  progress.phase('building kustomizations and charts');
  const plan =
    args.kustomize === 'auto' || args.helm === 'auto'
      ? planBuilds(
          args.paths.filter((p) => p !== '-'),
          // The config's `exclude` covers kustomizations and charts too, as in the editor.
          targets.filter(({ file, loaded }) => !isExcludedBy(loaded, file)).map(({ file }) => file),
          { kustomize: args.kustomize === 'auto', helm: args.helm === 'auto' },
          { ...pickValuesFlags(args), configured: configuredCharts(configs) },
          overlay,
        )
      : undefined;
  // A file a build read (a base, a patch, a kustomization) is analysed through the build.
  const scanned = targets.filter(
    ({ file, loaded }) => !isExcludedBy(loaded, file) && !isConfigFile(file) && !(plan?.parts.has(file) && !fromStdin.has(file)),
  );
  const tasks = scanned.map(({ file }) => ({ file, lint: ownsFile(args.shard, file) }));
  // --fix / --fix-dry-run analyse in this thread: a file's fixes (which workers do not send
  // back) go to the collector, and the fixed texts of a dry run are read instead of the disk.
  const given = new Map(fromStdin);
  if (overlay) for (const [file, bytes] of overlay) if (!given.has(file)) given.set(file, bytes);
  const outcomes = scanFiles(tasks, {
    args: fixes || overlay ? { ...args, jobs: 1 } : args,
    today,
    scopeOf,
    stdin: given,
    workerEntry: __filename,
    progress,
    warn: (message) => io.stderr(`kube-guardrails: ${escapeControl(message)}\n`),
    dieOnTask: io.workerDeathForTest,
    threadsForTest: io.threadsForTest,
    onLinted: fixes && ((file, bytes, lint, scope) => fixes.addFile(file, bytes, lint, scope)),
  });
  scanned.forEach(({ file, loaded }, i) => {
    const { errors, analysed } = outcomes[i]!;
    pushAll(report.errors, errors);
    if (!analysed) return;
    if (loaded) {
      const fresh = analysed.expired.filter((p) => !reportedExpired.has(`${loaded.file}#${p.range.start}`));
      for (const p of fresh) reportedExpired.add(`${loaded.file}#${p.range.start}`);
      io.stderr(formatProblems(loaded, fresh));
    }
    // Cross-file rules see every analysed file, with the same levels, strict mode and exemptions.
    const { options, strict, exemptions } = scopeOf(file, loaded);
    workspace.addIndexed(file, analysed.indexed, { rules: options.rules, strict, exemptions });
    if (analysed.findings) report.files.push({ file, lines: new LineIndex(analysed.text), findings: analysed.findings });
  });
  progress.phase(plan && plan.builds.length > 0 ? 'builds and cross-file rules' : 'cross-file rules');
  if (plan) lintBuilds(plan, scopeOf, workspace, report, walked.files, hooks);
  else workspace.addFindingsTo(report);
  if (args.shard) keepShard(report, args.shard);
  progress.end();
  // SARIF describes every rule a result can name, the custom rules of every config used included.
  const catalogue = () => ruleCatalogue(configs.all().flatMap((c) => c.config.customRules));
  // `--output` must overwrite none of the files read: walked, read by a build (a chart's helpers,
  // a patch), or a config (found above the scanned folder, or `--config`).
  const read = [...walked.files, ...(plan?.read ?? []), ...configs.filesRead()];
  hooks.onRead?.(read);
  return emitReport(report, args, io, read, catalogue);
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

// dist/cli.js is also the entry of its own worker threads (see parallel/pool.ts).
if (isScanWorker()) runScanWorker();
else if (require.main === module) {
  const code = runCli(process.argv.slice(2), {
    stdout: (s) => process.stdout.write(s),
    stderr: (s) => process.stderr.write(s),
    stderrIsTTY: process.stderr.isTTY === true,
  });
  process.exitCode = code;
}
