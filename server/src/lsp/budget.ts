import type { CancellationToken } from 'vscode-languageserver/node';

/**
 * When a request handler must stop: the client cancelled it, or its time budget ran out.
 * Analysis and fix verification are synchronous, so handlers check this between steps
 * (one diagnostic's fixes, one verification pass) and yield to the event loop in between,
 * which is what lets a `$/cancelRequest` arrive while they work.
 */
export class RequestBudget {
  private readonly end: number;

  constructor(
    readonly limitMs: number,
    private readonly token: CancellationToken | undefined,
    private readonly now: () => number = Date.now,
  ) {
    this.end = now() + limitMs;
  }

  get cancelled(): boolean {
    return this.token?.isCancellationRequested === true;
  }

  get expired(): boolean {
    return this.now() > this.end;
  }

  /** Whether to stop now: cancelled or out of time. */
  get stop(): boolean {
    return this.cancelled || this.expired;
  }

  /** `cancelled` or `time budget of N ms exceeded`, for the log line. */
  reason(): string {
    return this.cancelled ? 'cancelled' : `time budget of ${this.limitMs} ms exceeded`;
  }
}

/** Thrown by services when a budget stopped a fix computation: the result is unknown, not "no fix". */
export class BudgetExceeded extends Error {
  constructor() {
    super('request budget exceeded');
  }
}

/** Lets queued messages (a cancellation) be processed before the next step. */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
