import { isMainThread, workerData } from 'worker_threads';
import { CliConfigs } from '../config';
import { scopeFactory } from '../scope';
import type { ScanWorkerData, TaskResult, WorkerMessage } from './pool';
import { scanFile } from './scanFile';

/** Whether this thread is a scan worker: the CLI's file (dist/cli.js) is also the worker's entry. */
export function isScanWorker(): boolean {
  return !isMainThread && (workerData as Partial<ScanWorkerData> | null)?.kind === 'kube-guardrails-scan';
}

/** Outcomes sent per message: waking the main thread once per file cost as much as a third of the analysis. */
const BATCH = 64;

/**
 * A scan worker: claims tasks from the shared counter until none is left and posts their
 * outcomes in batches. Findings go without their fix proposals (AST nodes, which the reports
 * never print and which would be costly to copy between threads).
 */
export function runScanWorker(): void {
  const data = workerData as ScanWorkerData;
  const view = new Int32Array(data.counters);
  const post = (m: WorkerMessage): void => {
    data.port.postMessage(m);
    Atomics.add(view, 1, 1);
    Atomics.notify(view, 1);
  };
  let scopeOf;
  try {
    scopeOf = scopeFactory(data.args, new CliConfigs(data.args), data.today);
  } catch (e) {
    post({ fatal: (e as Error).message });
    data.port.close();
    return;
  }
  let batch: TaskResult[] = [];
  for (let i = Atomics.add(view, 0, 1); i < data.tasks.length; i = Atomics.add(view, 0, 1)) {
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
  if (batch.length > 0) post({ results: batch });
  data.port.close();
}
