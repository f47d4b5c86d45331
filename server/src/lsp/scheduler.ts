/**
 * Per-document debounce: typing schedules one analysis per document after a quiet period,
 * and a newer change replaces the pending one. Timers are per uri, so typing in one file
 * never delays another.
 */
export class Debouncer {
  private readonly timers = new Map<string, NodeJS.Timeout>();

  constructor(private readonly delayMs: number) {}

  schedule(uri: string, run: () => void): void {
    this.cancel(uri);
    const t = setTimeout(() => {
      this.timers.delete(uri);
      run();
    }, this.delayMs);
    this.timers.set(uri, t);
  }

  cancel(uri: string): void {
    const t = this.timers.get(uri);
    if (t) clearTimeout(t);
    this.timers.delete(uri);
  }

  /** Whether a run is scheduled and has not started yet. */
  pending(): boolean {
    return this.timers.size > 0;
  }

  dispose(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
  }
}
