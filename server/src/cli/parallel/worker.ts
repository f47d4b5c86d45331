import { isMainThread, workerData } from 'worker_threads';
import { CliConfigs } from '../config';
import { scopeFactory } from '../scope';
import type { ScanWorkerData, WorkerMessage } from './pool';
import { scanFile } from './scanFile';

/** Whether this thread is a scan worker: the CLI's file (dist/cli.js) is also the worker's entry. */
export function isScanWorker(): boolean {
  return !isMainThread && (workerData as Partial<ScanWorkerData> | null)?.kind === 'kube-guardrails-scan';
}

/**
 * A scan worker: claims tasks from the shared counter until none is left and posts each
 * outcome. Findings go without their fix proposals (AST nodes, which the reports never
 * print and which would be costly to copy between threads).
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
  for (let i = Atomics.add(view, 0, 1); i < data.tasks.length; i = Atomics.add(view, 0, 1)) {
    const task = data.tasks[i]!;
    try {
      const outcome = scanFile(task.file, scopeOf(task.file), task.lint);
      if (outcome.analysed?.findings) outcome.analysed.findings = outcome.analysed.findings.map(({ fix: _fix, ...f }) => f);
      post({ task: i, outcome });
    } catch {
      post({ task: i, threw: true });
    }
  }
  data.port.close();
}
