import { MessageChannel, Worker, type MessagePort } from 'worker_threads';

/**
 * The Int32 slots of a scan's shared counters (a SharedArrayBuffer every thread sees):
 * the next task to claim, a counter bumped (and notified) on every message posted and every
 * worker's end, then one state per worker.
 */
export const NEXT_TASK = 0;
export const WAKE = 1;
const FIRST_STATE = 2;
/** A worker's state: still running, ended after posting every result, or stopped before that. */
export const RUNNING = 0;
export const FINISHED = 1;
export const STOPPED = 2;

export const stateSlot = (worker: number): number => FIRST_STATE + worker;
export const countersFor = (workers: number): SharedArrayBuffer => new SharedArrayBuffer(4 * (FIRST_STATE + workers));

/** A worker that ended before marking itself FINISHED. */
export interface WorkerStopped {
  worker: number;
  /** Why it could not even be created (`new Worker` threw: a permission model, no threads). */
  notStarted?: string | undefined;
  /** The error it threw, when it could post it before it died (see worker.ts). */
  error?: string | undefined;
}

/**
 * The supervisor thread's script. A Worker's 'exit' and 'error' events reach only the thread
 * that started it, and only through its event loop, which the scan's main thread never turns
 * while it scans (it stays synchronous: receiveMessageOnPort, Atomics.wait). But a thread that
 * ends, however it ends (a crash, `process.exit`, out of memory, a module that failed to
 * load), closes its message ports, and the other end of each sees 'close' in its own event
 * loop. So every worker gets one end of a "life" channel it never uses, and this small thread,
 * whose event loop is free, holds the other ends: on 'close' of a worker that had not marked
 * itself FINISHED it marks it STOPPED and wakes the main thread, which redoes the tasks that
 * worker never reported. (A 'message' listener keeps the ports, and so this thread, alive until
 * then.) Plain JavaScript evaluated as a script (`eval: true`): it loads none of the analyser,
 * and the workers do not wait for it to start (a port closed before it listens still closes).
 */
const SUPERVISOR_SCRIPT = `
const { workerData: d } = require('worker_threads');
const view = new Int32Array(d.counters);
d.lives.forEach((life, i) => {
  life.on('message', () => undefined);
  life.on('close', () => {
    if (Atomics.compareExchange(view, ${FIRST_STATE} + i, ${RUNNING}, ${STOPPED}) !== ${RUNNING}) return;
    Atomics.add(view, ${WAKE}, 1);
    Atomics.notify(view, ${WAKE});
  });
});
`;

export interface Supervised {
  /** The main thread's ends of the workers' result ports, by worker. */
  ports: MessagePort[];
  /** Ends the supervisor and every worker. */
  stop: () => void;
  /** The workers that could not be created, with why. */
  notStarted: Map<number, string>;
}

/**
 * Starts `count` scan workers from `entry`, each with `shared` plus the counters, its index,
 * its result port and its life port as its workerData, and the supervisor that watches them
 * (above). A worker that cannot even be created is marked STOPPED at once.
 */
export function startSupervised(entry: string, count: number, shared: object, counters: SharedArrayBuffer): Supervised {
  const view = new Int32Array(counters);
  const ports: MessagePort[] = [];
  const lives: MessagePort[] = [];
  const threads: Worker[] = [];
  const notStarted = new Map<number, string>();
  for (let worker = 0; worker < count; worker++) {
    const results = new MessageChannel();
    const life = new MessageChannel();
    ports.push(results.port1);
    try {
      const workerData = { ...shared, counters, worker, port: results.port2, life: life.port2 };
      const thread = new Worker(entry, { workerData, transferList: [results.port2, life.port2] });
      // Its error is seen only after the scan (the main thread's event loop is not turning); unhandled, it would crash the process then.
      thread.on('error', () => undefined);
      threads.push(thread);
      lives.push(life.port1);
    } catch (e) {
      Atomics.store(view, stateSlot(worker), STOPPED);
      notStarted.set(worker, (e as Error).message);
      life.port1.close();
    }
  }
  try {
    const supervisor = new Worker(SUPERVISOR_SCRIPT, { eval: true, workerData: { counters, lives }, transferList: lives });
    supervisor.on('error', () => undefined);
    threads.push(supervisor);
  } catch (e) {
    // Without a watcher a dead worker would hang the scan: stop the workers before they claim a task.
    for (const t of threads) void t.terminate();
    for (let worker = 0; worker < count; worker++) {
      Atomics.store(view, stateSlot(worker), STOPPED);
      if (!notStarted.has(worker)) notStarted.set(worker, `its supervisor thread could not start: ${(e as Error).message}`);
    }
  }
  return {
    ports,
    notStarted,
    stop: () => {
      for (const t of threads) void t.terminate();
      for (const p of ports) p.close();
    },
  };
}
