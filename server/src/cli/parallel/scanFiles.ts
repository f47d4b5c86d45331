import type { FileScope } from '../../core/lint';
import type { ScanArgs } from '../args';
import type { Progress } from '../progress';
import { runInWorkers, workerCount, type ScanTask } from './pool';
import { scanFile, type FileOutcome } from './scanFile';

export interface ScanFilesContext {
  args: ScanArgs;
  today: string;
  scopeOf: (file: string) => FileScope;
  /** Files read from standard input (`scan -`): always scanned on the main thread. */
  stdin: ReadonlyMap<string, Buffer>;
  /** The file worker threads start from (the CLI's own: dist/cli.js). */
  workerEntry: string;
  progress: Progress;
}

/**
 * The per-file half of a scan: every task's outcome, in task order, from `--jobs` worker
 * threads or in-process (a small scan, `--jobs 1`). Either way each outcome is the same data
 * (see scanFile.ts), so the report is byte-identical whatever the number of jobs.
 */
export function scanFiles(tasks: readonly ScanTask[], ctx: ScanFilesContext): FileOutcome[] {
  const total = tasks.length;
  const threaded = tasks.filter((t) => !ctx.stdin.has(t.file));
  const count = workerCount(ctx.args.jobs, threaded.length);
  const fromWorkers = new Map<string, FileOutcome | undefined>();
  if (count > 0) {
    ctx.progress.phase(`analysing files (${count} jobs)`);
    const outcomes = runInWorkers(ctx.workerEntry, count, { args: ctx.args, today: ctx.today, tasks: threaded }, (done) =>
      ctx.progress.files(done, total),
    );
    threaded.forEach((t, i) => fromWorkers.set(t.file, outcomes[i]));
  } else ctx.progress.phase('analysing files');
  return tasks.map((t, i) => {
    // A task a worker did not finish (it threw there) is done here, failing as with one job.
    const outcome = fromWorkers.get(t.file) ?? scanFile(t.file, ctx.scopeOf(t.file), t.lint, ctx.stdin.get(t.file));
    if (count === 0) ctx.progress.files(i + 1, total);
    return outcome;
  });
}
