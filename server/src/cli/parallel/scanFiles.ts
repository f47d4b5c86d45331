import type { FileScope, FileLint } from '../../core/lint';
import type { ScanArgs } from '../args';
import type { Progress } from '../progress';
import { jobCount, runInThreads, type ScanTask, type ScanWorkerData, type ThreadsForTest } from './pool';
import { scanFile, type FileOutcome } from './scanFile';
import { stoppedWarning } from './stoppedWarning';
import type { WorkerStopped } from './supervisor';

export interface ScanFilesContext {
  args: ScanArgs;
  today: string;
  scopeOf: (file: string) => FileScope;
  /** Bytes to scan instead of the disk's (`scan -`, a dry run's fixed texts): always scanned on the main thread. */
  stdin: ReadonlyMap<string, Buffer>;
  /** The file worker threads start from (the CLI's own: dist/cli.js). */
  workerEntry: string;
  progress: Progress;
  /** A warning line for stderr (without the program name or newline). */
  warn: (message: string) => void;
  /** Tests only: see `ScanWorkerData.dieOnTask`. */
  dieOnTask?: ScanWorkerData['dieOnTask'];
  /** Tests only: see `ThreadsForTest`. */
  threadsForTest?: ThreadsForTest | undefined;
  /** Called with each file linted in this thread (`--fix` collects its fixes from there). */
  onLinted?: ((file: string, bytes: Buffer, lint: FileLint, scope: FileScope) => void) | undefined;
}

/**
 * The per-file half of a scan: every task's outcome, in task order, from `--jobs` threads (the
 * main one and N-1 workers) or in-process (a small scan, `--jobs 1`). Either way each outcome is the same data
 * (see scanFile.ts), so the report is byte-identical whatever the number of jobs.
 */
export function scanFiles(tasks: readonly ScanTask[], ctx: ScanFilesContext): FileOutcome[] {
  const total = tasks.length;
  const threaded = tasks.filter((t) => !ctx.stdin.has(t.file));
  const forTest = ctx.threadsForTest;
  const jobs = forTest ? jobCount(ctx.args.jobs, threaded.length, forTest.cores) : jobCount(ctx.args.jobs, threaded.length);
  const fromThreads = new Map<string, FileOutcome | undefined>();
  const here = (t: ScanTask) => {
    const scope = ctx.scopeOf(t.file);
    const onLinted = ctx.onLinted;
    return scanFile(t.file, scope, t.lint, ctx.stdin.get(t.file), onLinted && ((bytes, lint) => onLinted(t.file, bytes, lint, scope)));
  };
  if (jobs > 1) {
    ctx.progress.phase(`analysing files (${jobs} jobs)`);
    const data = { args: ctx.args, today: ctx.today, tasks: threaded };
    let ranHere = 0;
    const stopped: WorkerStopped[] = [];
    const outcomes = runInThreads(ctx.workerEntry, jobs - 1, data, {
      runHere: (i) => {
        ranHere++;
        return here(threaded[i]!);
      },
      tick: (done) => ctx.progress.files(done, total),
      stopped: (s) => stopped.push(s),
      dieOnTask: ctx.dieOnTask,
      mainTakesTasks: forTest?.mainTakesTasks,
    });
    const warning = stoppedWarning(stopped, outcomes.includes(undefined));
    if (warning) ctx.warn(warning);
    forTest?.fromWorkers?.(outcomes.filter((o) => o !== undefined).length - ranHere);
    threaded.forEach((t, i) => fromThreads.set(t.file, outcomes[i]));
  } else ctx.progress.phase('analysing files');
  return tasks.map((t, i) => {
    // A task a worker did not finish (it threw there, or the worker stopped) is done here, failing as with one job.
    const outcome = fromThreads.get(t.file) ?? here(t);
    if (jobs === 1) ctx.progress.files(i + 1, total);
    return outcome;
  });
}
