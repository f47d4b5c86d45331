import * as fs from 'fs';

interface Entry {
  text: string;
  ino: number;
  size: number;
  mtimeMs: number;
  ctimeMs: number;
  /** The round that last read it (see `nextRound`). */
  round: number;
}

/**
 * Texts of files on disk that the builds read again after every edit: a chart re-rendered
 * after a keystroke reads each of its files (kube-prometheus-stack: hundreds, 7 MB of them
 * CRDs), and reading and decoding them all again cost more than the render itself. A text is
 * kept with its file's identity, size and times and handed out again while a `stat` still
 * shows the same; a changed file is read again (through `read`, with all its checks). A file
 * event for a path forgets it too, for a change within one timestamp tick.
 */
export class DiskTexts {
  private readonly entries = new Map<string, Entry>();
  private round = 0;

  constructor(private readonly read: (file: string) => string | undefined) {}

  /** A new round of reads (a refresh of the builds): what the last round did not read is let go. */
  nextRound(): void {
    for (const [file, e] of this.entries) if (e.round !== this.round) this.entries.delete(file);
    this.round++;
  }

  forget(file: string): void {
    this.entries.delete(file);
  }

  get(file: string): string | undefined {
    let st: fs.Stats;
    try {
      st = fs.statSync(file);
    } catch {
      this.entries.delete(file);
      return undefined;
    }
    const e = this.entries.get(file);
    if (e && e.ino === st.ino && e.size === st.size && e.mtimeMs === st.mtimeMs && e.ctimeMs === st.ctimeMs) {
      e.round = this.round;
      return e.text;
    }
    const text = this.read(file);
    if (text === undefined || !st.isFile()) this.entries.delete(file);
    else this.entries.set(file, { text, ino: st.ino, size: st.size, mtimeMs: st.mtimeMs, ctimeMs: st.ctimeMs, round: this.round });
    return text;
  }
}
