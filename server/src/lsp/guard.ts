/**
 * Handlers must never throw into the connection: an exception would surface as an error
 * response or, for notifications, be lost silently. Every handler goes through `guard`,
 * which returns a fallback value and logs each distinct failure once.
 */
export class Guard {
  private readonly logged = new Set<string>();

  constructor(private readonly log: (message: string) => void) {}

  run<T>(what: string, fallback: T, fn: () => T): T {
    try {
      return fn();
    } catch (e) {
      this.report(what, e);
      return fallback;
    }
  }

  async runAsync<T>(what: string, fallback: T, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (e) {
      this.report(what, e);
      return fallback;
    }
  }

  report(what: string, e: unknown): void {
    const message = e instanceof Error ? e.message : String(e);
    const key = `${what}: ${message}`;
    if (this.logged.has(key)) return;
    this.logged.add(key);
    const stack = e instanceof Error && e.stack ? `\n${e.stack}` : '';
    this.log(`kube-guardrails: ${key}${stack}`);
  }
}
