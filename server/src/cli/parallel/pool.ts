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

/** How many threads (the main one included) analyse the `files` files of a scan; 1: in-process only. */
export function jobCount(jobs: number | undefined, files: number): number {
  if (jobs === undefined) return files >= MIN_FILES_FOR_WORKERS ? Math.min(availableParallelism(), files) : 1;
  return Math.max(1, Math.min(jobs, files));
}

/**
 * Runs `tasks` on the main thread and `count` worker threads started from `entry` (the CLI's
 * own file: see worker.ts) and returns their outcomes in task order, synchronously, so the scan
 * (and `runCli`) stays one synchronous function whatever N. Every thread claims tasks one at a
 * time from a shared counter (a slow file does not hold back a fixed share; the main thread
 * starts while the workers load); between its own tasks, and when none is left, the main thread
 * takes the workers' results with `receiveMessageOnPort`, waiting on a shared counter of
 * messages posted. A task that threw in a worker is returned as undefined: the caller redoes
 * it in-process, where it fails as it would with one job (`runHere` throwing ends the scan).
 * `tick` gets the number of outcomes done, after each task and at least every 250 ms.
 * `mainTakesTasks: false` leaves every task to the workers (tests of the workers themselves).
 */
export function runInThreads(
  entry: string,
  count: number,
  data: Pick<ScanWorkerData, 'args' | 'today' | 'tasks'>,
  runHere: (task: number) => FileOutcome,
  tick: (done: number) => void,
  mainTakesTasks = true,
): Array<FileOutcome | undefined> {
  const counters = new SharedArrayBuffer(8);
  const view = new Int32Array(counters);
  const total = data.tasks.length;
  const results = new Array<FileOutcome | undefined>(total);
  const ports: MessagePort[] = [];
  const workers: Worker[] = [];
  for (let i = 0; i < count; i++) {
    const { port1, port2 } = new MessageChannel();
    const workerData: ScanWorkerData = { kind: 'kube-guardrails-scan', ...data, counters, port: port2 };
    workers.push(new Worker(entry, { workerData, transferList: [port2] }));
    ports.push(port1);
  }
  let done = 0;
  try {
    while (done < total) {
      const posted = Atomics.load(view, 1);
      for (const port of ports) {
        for (let m = receiveMessageOnPort(port); m; m = receiveMessageOnPort(port)) {
          const message = m.message as WorkerMessage;
          // A worker that could not start claims nothing: the other threads do its share.
          if ('fatal' in message) continue;
          for (const r of message.results) results[r.task] = 'outcome' in r ? r.outcome : undefined;
          done += message.results.length;
        }
      }
      tick(done);
      const mine = mainTakesTasks ? Atomics.add(view, 0, 1) : total;
      if (mine < total) {
        results[mine] = runHere(mine);
        done++;
      } else if (done < total) Atomics.wait(view, 1, posted, 250);
    }
  } finally {
    for (const w of workers) void w.terminate();
    for (const p of ports) p.close();
  }
  return results;
}
