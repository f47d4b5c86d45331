import { availableParallelism } from 'os';
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'worker_threads';
import type { ScanArgs } from '../args';
import type { FileOutcome } from './scanFile';

/** One file of a scan: linted and indexed, or (`lint: false`, another shard's file) only indexed. */
export interface ScanTask {
  file: string;
  lint: boolean;
}

/** Below this many files, `--jobs` left at its default scans in-process: starting workers costs more. */
const MIN_FILES_FOR_WORKERS = 200;

/** `workerData` of a scan worker (see worker.ts). */
export interface ScanWorkerData {
  kind: 'kube-guardrails-scan';
  args: ScanArgs;
  today: string;
  tasks: ScanTask[];
  /** Int32 counters shared by every thread: [0] the next task to claim, [1] messages posted. */
  counters: SharedArrayBuffer;
  port: MessagePort;
}

/** A task's outcome, or a task that threw (the main thread redoes it). */
export type TaskResult = { task: number; outcome: FileOutcome } | { task: number; threw: true };

/** What a worker posts: a batch of results, or that it could not start. */
export type WorkerMessage = { results: TaskResult[] } | { fatal: string };

/** How many worker threads a scan of `files` files uses (0: in-process). */
export function workerCount(jobs: number | undefined, files: number): number {
  if (jobs === undefined) return files >= MIN_FILES_FOR_WORKERS ? Math.min(availableParallelism(), files) : 0;
  return jobs > 1 && files > 1 ? Math.min(jobs, files) : 0;
}

/**
 * Runs `tasks` in `count` worker threads started from `entry` (the CLI's own file: see
 * worker.ts) and returns their outcomes in task order, synchronously: the main thread waits
 * on a shared counter and takes the results with `receiveMessageOnPort`, so the scan (and
 * `runCli`) stays one synchronous function whatever N. Workers claim tasks one at a time from
 * a shared counter, so a slow file does not hold back a fixed share. A task that threw in a
 * worker is returned as undefined: the caller redoes it in-process, where it fails as it
 * would with one job. `tick` is called with the number of outcomes received, at least every
 * 250 ms.
 */
export function runInWorkers(
  entry: string,
  count: number,
  data: Pick<ScanWorkerData, 'args' | 'today' | 'tasks'>,
  tick: (done: number) => void,
): Array<FileOutcome | undefined> {
  const counters = new SharedArrayBuffer(8);
  const view = new Int32Array(counters);
  const results = new Array<FileOutcome | undefined>(data.tasks.length);
  const ports: MessagePort[] = [];
  const workers: Worker[] = [];
  for (let i = 0; i < count; i++) {
    const { port1, port2 } = new MessageChannel();
    const workerData: ScanWorkerData = { kind: 'kube-guardrails-scan', ...data, counters, port: port2 };
    workers.push(new Worker(entry, { workerData, transferList: [port2] }));
    ports.push(port1);
  }
  let received = 0;
  let fatal = 0;
  let fatalMessage = '';
  try {
    while (received < data.tasks.length) {
      const posted = Atomics.load(view, 1);
      for (const port of ports) {
        for (let m = receiveMessageOnPort(port); m; m = receiveMessageOnPort(port)) {
          const message = m.message as WorkerMessage;
          if ('fatal' in message) {
            fatal++;
            fatalMessage = message.fatal;
            continue;
          }
          for (const r of message.results) results[r.task] = 'outcome' in r ? r.outcome : undefined;
          received += message.results.length;
        }
      }
      tick(received);
      if (fatal === count && received < data.tasks.length) {
        // No worker could start: never wait for them (the caller redoes the missing tasks).
        process.emitWarning(`kube-guardrails: worker threads failed (${fatalMessage}); scanning in-process`);
        break;
      }
      if (received < data.tasks.length) Atomics.wait(view, 1, posted, 250);
    }
  } finally {
    for (const w of workers) void w.terminate();
    for (const p of ports) p.close();
  }
  return results;
}
