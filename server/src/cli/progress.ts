/** Shown only once the scan has run this long: a quick scan prints nothing. */
const SHOW_AFTER_MS = 1000;
/** At most one redraw per this many ms (a redraw per file would cost more than some files). */
const REDRAW_EVERY_MS = 100;
/** Clears the terminal line: carriage return, then erase to the end of the line. */
const CLEAR_LINE = '\r\x1b[K';

/**
 * The one-line progress of a long scan on stderr (`files done/total` and the current phase),
 * redrawn in place and erased when the scan ends. Only for a person at a terminal: callers
 * create it enabled only when stderr is a TTY and the format is stylish (never in json, sarif
 * or any machine format, never piped).
 */
export class Progress {
  private readonly started: number;
  private lastDraw = -Infinity;
  private shown = false;
  private phaseName = 'reading files';
  private done = 0;
  private total = 0;

  constructor(
    private readonly write: ((s: string) => void) | undefined,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.started = now();
  }

  phase(name: string): void {
    this.phaseName = name;
    this.draw(true);
  }

  files(done: number, total: number): void {
    this.done = done;
    this.total = total;
    this.draw(false);
  }

  /** Erases the line, if one was drawn, before the report is written. */
  end(): void {
    if (this.shown) this.write?.(CLEAR_LINE);
    this.shown = false;
  }

  private draw(force: boolean): void {
    if (!this.write) return;
    const t = this.now();
    if (t - this.started < SHOW_AFTER_MS || (!force && t - this.lastDraw < REDRAW_EVERY_MS)) return;
    this.lastDraw = t;
    this.shown = true;
    const count = this.total > 0 ? ` ${this.done}/${this.total} files` : '';
    this.write(`${CLEAR_LINE}kube-guardrails:${count}, ${this.phaseName}`);
  }
}
