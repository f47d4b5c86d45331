import * as fs from 'fs';
import { analyzeText } from '../core/engine/analyze';
import { decodeBytes } from '../core/engine/decode';
import { encodeLike, sameBytes } from '../core/engine/encode';
import { escapeControl } from '../core/display';
import { fixAll } from '../core/fix';
import { applyEdits } from '../core/fix/edits';
import type { FileLint, FileScope } from '../core/lint';
import type { PlacedFindings } from '../core/lint/lintBuilds';
import type { Rebuild } from '../core/lint/buildFixes';
import { RULES } from '../core/rules/registry';
import type { SourceTexts } from '../core/sources/placement';
import type { ScanArgs } from './args';
import { ownsFile, type Shard } from './shard';
import type { CliIO } from './main';
import type { ScanReport } from './report';
import { diffName, dryRunDiff, unwritable, type PlannedFix } from './dryRunDiff';
import { isOneOf } from './outputFile';

/**
 * What `scan --fix` / `--fix-dry-run` would change, gathered during a scan with the editor's
 * own fix-all engines: `core/fix` `fixAll` over a plain file's final findings (what
 * `source.fixAll` and fix on save apply, lsp/coreServices.ts), and `fixAllAcross` for the parts
 * of builds (a Kustomize patch or base, a chart's values or template: each finding fixed where
 * its quick fix edits, verified by rebuilding; lsp/workspace/buildCodeActions.ts). Cross-file
 * findings have no fix-all in the editor either.
 */
export class FixCollector {
  private readonly planned = new Map<string, PlannedFix>();
  private order: readonly string[] = [];

  /** `--shard`: only the shard's own files are fixed (every shard sees every build's findings). */
  constructor(private readonly shard?: Shard | undefined) {}

  /** A file analysed on its own: fix-all over its final findings (suppressed and exempted ones left alone). */
  addFile(file: string, bytes: Uint8Array, lint: FileLint, scope: FileScope): void {
    if (!lint.findings.some((f) => f.fix)) return;
    const wanted = new Set(lint.findings);
    const reanalyze = (text: string) => analyzeText(text, scope.options, scope.rules ?? RULES);
    const result = fixAll(lint.analysis, reanalyze, { filter: (f) => wanted.has(f) });
    if (result.edits.length) this.planned.set(file, { file, bytes, text: lint.analysis.parsed.text, edits: result.edits });
  }

  /**
   * The parts of builds: the editor's fix-all engine (`fixAllAcross`) over every placed finding,
   * once per set of builds sharing a file (`PlacedFindings.fixAllPerBuildSet`), so a values.yaml
   * with no finding of its own still takes its templates' fixes. A set is fixed by the shard
   * owning its first build's file, all its files together (they were verified together).
   * Keeps the report's file order.
   */
  addBuilds(report: ScanReport, placed: PlacedFindings, rebuild: Rebuild, texts: SourceTexts): void {
    this.order = report.files.map((f) => f.file);
    const findings = report.files.filter((fr) => !this.planned.has(fr.file)).flatMap((fr) => fr.findings);
    for (const set of placed.fixAllPerBuildSet(findings, rebuild)) {
      if (!ownsFile(this.shard, set.owner)) continue;
      for (const { file, edits } of set.files) {
        const text = texts.get(file)?.text;
        if (text === undefined || this.planned.has(file)) continue;
        let bytes: Uint8Array;
        try {
          bytes = fs.readFileSync(file);
        } catch {
          continue;
        }
        // The edits address the text the build read; a file changed since is left alone.
        const decoded = decodeBytes(bytes);
        if ('text' in decoded && decoded.text === text) this.planned.set(file, { file, bytes, text, edits });
      }
    }
  }

  /** The fixes in the report's file order (the walk order); a file with no finding of its own (a values.yaml fixed for its templates) after those. */
  list(): PlannedFix[] {
    const rank = new Map(this.order.map((f, i) => [f, i]));
    return [...this.planned.values()].sort((a, b) => (rank.get(a.file) ?? rank.size) - (rank.get(b.file) ?? rank.size));
  }
}

/** What `--fix` / `--fix-dry-run` give main.ts's `scan`. */
export interface ScanHooks {
  /** Gathers each analysed file's verified fix-all as the scan goes. */
  fixes?: FixCollector | undefined;
  /** Bytes read instead of these files (standard input's name included): the fixed files of a dry run. */
  overlay?: ReadonlyMap<string, Buffer> | undefined;
  /** Told every file the scan read (walked, and what its builds read), before the report is written. */
  onRead?: ((files: readonly string[]) => void) | undefined;
}

export type Scan = (args: ScanArgs, io: CliIO, hooks?: ScanHooks) => number;

/**
 * Two scans: the first finds the fixes (its output discarded), the second reports what
 * remains after them, with the report and exit code `--fix` would give. `--fix` writes the
 * files in between; `--fix-dry-run` writes nothing: the second scan reads the fixed texts in
 * memory, and standard output gets the diff instead of the report (`--output` still gets it).
 */
export function scanWithFixes(args: ScanArgs, io: CliIO, scan: Scan): number {
  const fixes = new FixCollector(args.shard);
  const plain: ScanArgs = { ...args, fix: false, fixDryRun: false };
  // Standard input can be read once: both scans get the same bytes.
  let stdinBytes: Buffer | undefined;
  const stdin = () => (stdinBytes ??= io.stdin ? io.stdin() : fs.readFileSync(0));
  let read: readonly string[] = [];
  scan({ ...plain, output: undefined }, { stdout: () => {}, stderr: () => {}, stdin }, { fixes, onRead: (files) => (read = files) });
  const planned = fixes.list();
  if (args.fixDryRun) {
    // What --fix would not write is neither in the diff nor in the scan of what remains.
    const writable = planned.filter((p) => {
      const problem = unwritable(p);
      // Named as the diff and its notes name files.
      if (problem) io.stderr(`kube-guardrails: ${diffName(p.file)}: not fixed: ${problem}.\n`);
      return !problem;
    });
    for (const p of writable) {
      const { diff, note } = dryRunDiff(p);
      io.stdout(diff);
      if (note) io.stderr(`kube-guardrails: ${note}\n`);
    }
    const overlay = new Map(writable.map((p) => [p.file, asBuffer(encodeLike(p.bytes, applyEdits(p.text, p.edits)))]));
    return scan(plain, { ...io, stdout: () => {}, stdin }, { overlay });
  }
  // Before anything is written: the report must overwrite no file the scan read (a chart's
  // values, a kustomize patch), fixed or not, or the fixes would be written and the report refused.
  if (args.output !== undefined && isOneOf(args.output, read)) {
    const output = escapeControl(args.output);
    io.stderr(
      isOneOf(
        args.output,
        planned.map((p) => p.file),
      )
        ? `kube-guardrails: --output ${output} is a file --fix would change; nothing was written.\n`
        : `kube-guardrails: --output ${output}: is one of the scanned files; the report would overwrite it; nothing was written.\n`,
    );
    return 2;
  }
  for (const p of planned) {
    const problem = write(p);
    if (problem) io.stderr(`kube-guardrails: ${escapeControl(p.file)}: not fixed: ${problem}.\n`);
  }
  return scan(plain, io);
}

function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** Writes the fixed text in the file's own encoding; a reason when it would not be exact. */
function write(p: PlannedFix): string | undefined {
  const problem = unwritable(p);
  if (problem) return problem;
  let now: Uint8Array;
  try {
    now = fs.readFileSync(p.file);
  } catch (e) {
    return `cannot read it again: ${(e as Error).message}`;
  }
  if (!sameBytes(now, p.bytes)) return 'it changed during the scan';
  try {
    fs.writeFileSync(p.file, encodeLike(p.bytes, applyEdits(p.text, p.edits)));
  } catch (e) {
    return `cannot write it: ${(e as Error).message}`;
  }
  return undefined;
}
