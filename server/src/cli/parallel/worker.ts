import { isMainThread, workerData } from 'worker_threads';
import { CliConfigs } from '../config';
import { scopeFactory } from '../scope';
import type { ScanWorkerData, TaskResult, WorkerMessage } from './pool';
import { FINISHED, NEXT_TASK, stateSlot, WAKE } from './supervisor';
import { scanFile } from './scanFile';

/** Whether this thread is a scan worker: the CLI's file (dist/cli.js) is also the worker's entry. */
export function isScanWorker(): boolean {
  return !isMainThread && (workerData as Partial<ScanWorkerData> | null)?.kind === 'kube-guardrails-scan';
}

/** Outcomes sent per message: waking the main thread once per file cost as much as a third of the analysis. */
const BATCH = 64;

/**
 * A scan worker: claims tasks from the shared counter until none is left, posts their
 * outcomes in batches, then marks itself FINISHED (a worker that ends otherwise is STOPPED by
 * the supervisor, and the main thread redoes what it never reported). Findings go without
 * their fix proposals (AST nodes, which the reports never print and which would be costly to
 * copy between threads).
 */
export function runScanWorker(): void {
  try {
    scanTasks();
  } catch (e) {
    // What it threw, for the main thread's warning (no 'error' event could reach it in time); it still dies of it.
    const data = workerData as ScanWorkerData;
    data.port.postMessage({ results: [], error: e instanceof Error ? e.message : String(e) } satisfies WorkerMessage);
    throw e;
  }
}

function scanTasks(): void {
  const data = workerData as ScanWorkerData;
  const view = new Int32Array(data.counters);
  const wake = (): void => {
    Atomics.add(view, WAKE, 1);
    Atomics.notify(view, WAKE);
  };
  const post = (m: WorkerMessage): void => {
    data.port.postMessage(m);
    wake();
  };
  // A config that cannot be read throws here: the worker stops before claiming any task.
  const scopeOf = scopeFactory(data.args, new CliConfigs(data.args), data.today);
  let batch: TaskResult[] = [];
  // Tests only: worker 0 takes tasks 0 to N, set aside for it, and dies on the Nth.
  const dying = data.worker === 0 ? data.dieOnTask : undefined;
  let claimed = 0;
  const claim = (): number => (dying && claimed <= dying.task ? claimed++ : Atomics.add(view, NEXT_TASK, 1));
  for (let i = claim(); i < data.tasks.length; i = claim()) {
    if (dying?.task === i) dieForTest(dying.how);
    const task = data.tasks[i]!;
    try {
      const outcome = scanFile(task.file, scopeOf(task.file), task.lint);
      if (outcome.analysed?.findings) outcome.analysed.findings = outcome.analysed.findings.map(({ fix: _fix, ...f }) => f);
      batch.push({ task: i, outcome });
    } catch {
      batch.push({ task: i, threw: true });
    }
    if (batch.length >= BATCH) {
      post({ results: batch });
      batch = [];
    }
  }
  // Fewer tasks than the test's N: it dies here, with every task it claimed unreported.
  if (dying) dieForTest(dying.how);
  if (batch.length > 0) data.port.postMessage({ results: batch } satisfies WorkerMessage);
  data.port.close();
  Atomics.store(view, stateSlot(data.worker), FINISHED);
  wake();
}

/** The test hook's death (`ScanWorkerData.dieOnTask`), with tasks claimed and unreported. */
function dieForTest(how: 'exit' | 'throw'): never {
  if (how === 'exit') process.exit(70);
  throw new Error('a scan worker died (test)');
}
