import { availableParallelism } from 'os';
import { receiveMessageOnPort, type MessagePort } from 'worker_threads';
import type { ScanArgs } from '../args';
import type { FileOutcome } from './scanFile';
import { countersFor, NEXT_TASK, RUNNING, startSupervised, stateSlot, STOPPED, WAKE, type WorkerStopped } from './supervisor';

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
  /** Int32 counters shared by every thread (slots: supervisor.ts). */
  counters: SharedArrayBuffer;
  /** This worker's index: its state slot. */
  worker: number;
  /** Where it posts its results. */
  port: MessagePort;
  /** Never used: its closing, when the thread ends, is what the supervisor watches (supervisor.ts). */
  life: MessagePort;
  /**
   * Tests only: make worker 0 die on its Nth task (0-based), by `process.exit` or by throwing
   * outside any catch. Tasks 0 to N are its own (runInThreads keeps the other threads from
   * claiming them), so it dies with exactly those claimed and unreported, however slowly it starts.
   */
  dieOnTask?: { task: number; how: 'exit' | 'throw' } | undefined;
}

/** Tests only: real worker threads whatever the machine (a 1-CPU runner), and what they did. */
export interface ThreadsForTest {
  /** The cores `--jobs` is capped at, instead of `availableParallelism()`. */
  cores: number;
  /** False: the main thread takes no task, every outcome comes from a worker. */
  mainTakesTasks?: boolean | undefined;
  /** Told how many outcomes came from the workers (the rest the main thread did). */
  fromWorkers?: ((count: number) => void) | undefined;
}

/** A task's outcome, or a task that threw (the main thread redoes it). */
export type TaskResult = { task: number; outcome: FileOutcome } | { task: number; threw: true };

/** What a worker posts: a batch of results, or (`error`) what it threw just before it dies. */
export interface WorkerMessage {
  results: TaskResult[];
  error?: string | undefined;
}

/**
 * How many threads (the main one included) analyse the `files` files of a scan, at most one per
 * core; 1: in-process only. `availableParallelism()` counts the CPUs the process may run on, not
 * a container's CPU quota (cgroups): pass `--jobs` there.
 */
export function jobCount(jobs: number | undefined, files: number, cores = availableParallelism()): number {
  if (jobs === undefined) return files >= MIN_FILES_FOR_WORKERS ? Math.min(cores, files) : 1;
  // More threads than cores only cost memory (each loads the whole analyser, ~9 MB a thread
  // and its own heap): `--jobs 200` runs as many as the cores, like the default.
  return Math.max(1, Math.min(jobs, files, cores));
}

/** What the main thread does besides its own tasks (see runInThreads). */
export interface ThreadHooks {
  /** Runs task `task` in this thread. */
  runHere: (task: number) => FileOutcome;
  /** Gets the number of outcomes done, after each task and at least every 250 ms. */
  tick: (done: number) => void;
  /** Told of each worker that stopped before finishing (its tasks are redone by the caller). */
  stopped: (s: WorkerStopped) => void;
  /** False: every task is left to the workers (tests of the workers themselves). */
  mainTakesTasks?: boolean | undefined;
  /** Tests only: see `ScanWorkerData.dieOnTask`. */
  dieOnTask?: ScanWorkerData['dieOnTask'];
}

/**
 * Runs `tasks` on the main thread and `count` worker threads started from `entry` (the CLI's
 * own file: see worker.ts) and returns their outcomes in task order, synchronously, so the scan
 * (and `runCli`) stays one synchronous function whatever N. Every thread claims tasks one at a
 * time from a shared counter (a slow file does not hold back a fixed share; the main thread
 * starts while the workers load); between its own tasks, and when none is left, the main thread
 * takes the workers' results with `receiveMessageOnPort`, waiting on a shared counter bumped by
 * every message and every worker's end. It stops waiting when every task is done or every
 * worker has ended: FINISHED (all its results posted) or STOPPED (died: see supervisor.ts),
 * which `stopped` is then told.
 * A task that threw in a worker, or that a stopped worker claimed and never reported, is
 * returned as undefined: the caller redoes it in-process, where it fails as it would with one
 * job (`runHere` throwing ends the scan).
 */
export function runInThreads(
  entry: string,
  count: number,
  data: Pick<ScanWorkerData, 'args' | 'today' | 'tasks'>,
  hooks: ThreadHooks,
): Array<FileOutcome | undefined> {
  const counters = countersFor(count);
  const view = new Int32Array(counters);
  const total = data.tasks.length;
  const results: Array<FileOutcome | undefined> = new Array<undefined>(total).fill(undefined);
  const shared = { kind: 'kube-guardrails-scan', ...data, dieOnTask: hooks.dieOnTask };
  // Tests only: tasks 0 to N are worker 0's (see ScanWorkerData.dieOnTask); the others claim from N+1.
  if (hooks.dieOnTask) Atomics.store(view, NEXT_TASK, Math.min(total, hooks.dieOnTask.task + 1));
  const supervised = startSupervised(entry, count, shared, counters);
  const ports = supervised.ports;
  const allEnded = () => ports.every((_, w) => Atomics.load(view, stateSlot(w)) !== RUNNING);
  const errors = new Map<number, string>();
  let done = 0;
  try {
    for (;;) {
      const posted = Atomics.load(view, WAKE);
      // Read before taking the messages: a worker posts its last results before it ends.
      const ended = allEnded();
      ports.forEach((port, worker) => {
        for (let m = receiveMessageOnPort(port); m; m = receiveMessageOnPort(port)) {
          const message = m.message as WorkerMessage;
          if (message.error !== undefined) errors.set(worker, message.error);
          for (const r of message.results) results[r.task] = 'outcome' in r ? r.outcome : undefined;
          done += message.results.length;
        }
      });
      hooks.tick(done);
      if (done >= total) break;
      const mine = hooks.mainTakesTasks === false ? total : Atomics.add(view, NEXT_TASK, 1);
      if (mine < total) {
        results[mine] = hooks.runHere(mine);
        done++;
      } else if (ended) break;
      else Atomics.wait(view, WAKE, posted, 250);
    }
    // Read before stop(): a worker ended by it (still loading when every task was done) is no failure.
    const stopped = ports.map((_, worker) => worker).filter((worker) => Atomics.load(view, stateSlot(worker)) === STOPPED);
    for (const worker of stopped) {
      const notStarted = supervised.notStarted.get(worker);
      const error = errors.get(worker);
      hooks.stopped({ worker, ...(notStarted !== undefined && { notStarted }), ...(error !== undefined && { error }) });
    }
  } finally {
    supervised.stop();
  }
  return results;
}
