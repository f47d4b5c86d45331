import type { WorkerStopped } from './supervisor';

/**
 * The one stderr warning (without the program name) about the scan workers that stopped, by
 * case: never started (with why), died with the error they threw, died otherwise. `lost`:
 * whether some of their files came back unreported (the main thread scanned those); when none
 * did (a worker that never started, or died after posting its last results), no file was missed. Undefined when every worker finished.
 */
export function stoppedWarning(stopped: readonly WorkerStopped[], lost: boolean): string | undefined {
  if (stopped.length === 0) return undefined;
  const parts: string[] = [];
  const notStarted = stopped.filter((s) => s.notStarted !== undefined);
  if (notStarted.length > 0)
    parts.push(`${threads(notStarted.length)} could not start (${distinct(notStarted.map((s) => s.notStarted!))})`);
  const died = stopped.filter((s) => s.notStarted === undefined);
  if (died.length > 0) {
    const errors = died.flatMap((s) => (s.error === undefined ? [] : [s.error]));
    const why = errors.length === died.length ? `it threw: ${distinct(errors)}` : 'a crash, or out of memory';
    parts.push(`${threads(died.length)} ended before finishing (${why})`);
  }
  const after = lost
    ? `the main thread scanned the files ${stopped.length > 1 ? 'they' : 'it'} had not reported`
    : 'no file was left out of the report';
  return `${parts.join('; ')}; ${after}`;
}

function threads(n: number): string {
  return n === 1 ? 'a scan worker thread' : `${n} scan worker threads`;
}

function distinct(texts: readonly string[]): string {
  return [...new Set(texts)].join('; ');
}
