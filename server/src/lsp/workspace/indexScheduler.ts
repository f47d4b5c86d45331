/**
 * Indexing works in slices of about this many milliseconds, then lets queued messages
 * through (hovers, edits, cancellations), so the editor stays responsive meanwhile.
 */
const SLICE_MS = 15;

/**
 * When the workspace's work runs: one queue (index updates, re-indexes and publishes run
 * one after another, in the order asked), a coalescing delay for the publish (a burst of
 * events, such as a branch switch's file events, gives one cross-file analysis), and the
 * time slices of a long re-index. Owns no analysis state; see WorkspaceSession for that.
 */
export class IndexScheduler {
  private running: Promise<void> = Promise.resolve();
  private timer: NodeJS.Timeout | undefined;
  /** Settles when the currently scheduled (delayed) publish has run. */
  private pending: { promise: Promise<void>; resolve: () => void } | undefined;

  /**
   * `publish` is the work `schedulePublish` queues; `delayMs` how long it waits for more
   * events first (the per-document quiet period has already passed when edits get here).
   */
  constructor(
    private readonly publish: () => Promise<void>,
    private readonly delayMs: number,
    private readonly log: (message: string) => void,
  ) {}

  /** Queues `fn` after everything queued before it; a failure is logged, never rethrown. */
  enqueue(fn: () => Promise<void>): Promise<void> {
    this.running = this.running.then(fn).catch((e: unknown) => this.log(e instanceof Error ? e.message : String(e)));
    return this.running;
  }

  /**
   * Queues one publish after `delay` (default `delayMs`); asking again before it starts
   * restarts the delay. A build's part whose quiet period just ended asks for 0: its edits
   * are already coalesced, and waiting longer only delays its diagnostics.
   */
  schedulePublish(delay = this.delayMs): void {
    if (!this.pending) {
      let resolve!: () => void;
      const promise = new Promise<void>((r) => (resolve = r));
      this.pending = { promise, resolve };
    }
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      const settle = this.pending?.resolve;
      this.pending = undefined;
      void this.enqueue(this.publish).then(() => settle?.());
    }, delay);
  }

  /** Resolves once every scheduled publish and every queued task has run. */
  async idle(): Promise<void> {
    while (this.pending) await this.pending.promise;
    await this.running;
  }

  /**
   * A pause point for a long loop: call it after each unit of work; once SLICE_MS have
   * passed since the slice began it yields to the event loop (queued messages are handled)
   * and reports `true`, so the caller can report progress.
   */
  slicer(): () => Promise<boolean> {
    let sliceStart = performance.now();
    return async () => {
      if (performance.now() - sliceStart < SLICE_MS) return false;
      await new Promise((r) => setImmediate(r)); // let queued messages through
      sliceStart = performance.now();
      return true;
    };
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.pending?.resolve();
    this.pending = undefined;
  }
}
