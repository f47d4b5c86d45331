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
const STOPPED = 2;

export const stateSlot = (worker: number): number => FIRST_STATE + worker;
export const countersFor = (workers: number): SharedArrayBuffer => new SharedArrayBuffer(4 * (FIRST_STATE + workers));

/** What the supervisor says of a worker that stopped before finishing. */
export interface WorkerStopped {
  worker: number;
  /** The worker's error, or its exit code. */
  reason: string;
}

/**
 * The supervisor thread's script. A Worker's 'error' and 'exit' events reach only the thread
 * that started it, and only through its event loop, which the scan's main thread never turns
 * (it stays synchronous: receiveMessageOnPort, Atomics.wait). So a small thread with a free
 * event loop starts the scan workers and, when one ends without having marked itself FINISHED
 * (a crash, `process.exit`, out of memory, a module that failed to load), marks it STOPPED,
 * posts why, and wakes the main thread, which then redoes the tasks that worker never reported.
 * Its listeners also keep a worker's error from being an unhandled 'error' event. Plain
 * JavaScript evaluated as a script (`eval: true`): it loads none of the analyser.
 */
const SUPERVISOR_SCRIPT = `
const { workerData: d, Worker } = require('worker_threads');
const view = new Int32Array(d.counters);
const stopped = (i, reason) => {
  if (Atomics.compareExchange(view, ${FIRST_STATE} + i, ${RUNNING}, ${STOPPED}) !== ${RUNNING}) return;
  d.report.postMessage({ worker: i, reason });
  Atomics.add(view, ${WAKE}, 1);
  Atomics.notify(view, ${WAKE});
};
d.ports.forEach((port, i) => {
  try {
    let error;
    const w = new Worker(d.entry, { workerData: { ...d.shared, counters: d.counters, worker: i, port }, transferList: [port] });
    w.on('error', (e) => { error = e && e.message ? e.message : String(e); });
    w.on('exit', (code) => stopped(i, error === undefined ? 'exit code ' + code : error));
  } catch (e) {
    stopped(i, e && e.message ? e.message : String(e));
  }
});
`;

export interface Supervised {
  /** The main thread's ends of the workers' result ports, by worker. */
  ports: MessagePort[];
  /** Where the supervisor posts a `WorkerStopped`. */
  reports: MessagePort;
  /** Ends the supervisor and with it every worker it started. */
  stop: () => void;
}

/**
 * Starts `count` scan workers from `entry` through a supervisor thread (above), each with
 * `shared` plus the counters, its index and its result port as its workerData. Returns
 * undefined when not even the supervisor can start (the caller then scans in-process).
 */
export function startSupervised(entry: string, count: number, shared: object, counters: SharedArrayBuffer): Supervised | undefined {
  const ports: MessagePort[] = [];
  const theirs: MessagePort[] = [];
  for (let i = 0; i < count; i++) {
    const { port1, port2 } = new MessageChannel();
    ports.push(port1);
    theirs.push(port2);
  }
  const { port1: reports, port2: report } = new MessageChannel();
  const close = () => {
    for (const p of ports) p.close();
    reports.close();
  };
  let supervisor: Worker;
  try {
    const workerData = { entry, shared, counters, ports: theirs, report };
    supervisor = new Worker(SUPERVISOR_SCRIPT, { eval: true, workerData, transferList: [...theirs, report] });
  } catch {
    close();
    return undefined;
  }
  // Its errors would only be seen after the scan (the main thread's event loop is not turning);
  // unhandled, they would crash the process then.
  supervisor.on('error', () => undefined);
  return {
    ports,
    reports,
    stop: () => {
      void supervisor.terminate();
      close();
    },
  };
}
