import type { K8sObject } from '../model/objects';
import type { ParsedDocument } from '../yaml/parseFile';
import type { Finding } from './finding';
import type { RuleFailure } from './analyze';

/** A document recognised by sniffing and not parsed, because no active rule inspects its kind. */
export interface UnparsedDocument {
  index: number;
  start: number;
  end: number;
  apiVersion: string;
  kind: string;
}

/** Everything one chunk (one `---` section) contributed to a file's analysis. */
export interface ChunkResult {
  documents: ParsedDocument[];
  unparsed: UnparsedDocument[];
  objects: K8sObject[];
  findings: Finding[];
  failures: RuleFailure[];
  /** How many documents the chunk holds (parsed or not), to number the next chunk's. */
  documentCount: number;
  /** Where the chunk was when this was computed: reuse elsewhere shifts by the difference. */
  start: number;
  firstIndex: number;
}

/** One chunk of the last analysed text and what it produced. */
export interface CachedChunk {
  start: number;
  end: number;
  result: ChunkResult;
}

/** The last analysed text of a file, cut into chunks. */
export interface PreviousRun {
  text: string;
  chunks: CachedChunk[];
}

/**
 * What the edits since the last run left alone: the first `prefix` and the last `suffix`
 * characters of the last analysed text are still there, at the start and the end of the
 * current text, which is `length` long.
 */
export interface EditSpan {
  prefix: number;
  suffix: number;
  length: number;
}

/**
 * Per-file memory of the last analysis: an edit re-parses and re-analyses only the chunks
 * whose text it changed; the others are reused, shifted to their new offsets and document
 * indexes (see relocate.ts). It holds one version of one file, so memory stays bounded by
 * the file's own size; options changes clear it.
 *
 * A cache that `tracksEdits` is told of every edit (`noteEdit`, the editor's change
 * ranges): the chunks before and after the edited span are then reused by position, with
 * no scan or comparison of their text, which keeps a keystroke in a 5 MB file cheap.
 * Chunks in the edited span, and every chunk of an untracked cache, are matched to the
 * previous ones by content.
 */
export class DocumentCache {
  private previous: PreviousRun | undefined;
  private span: EditSpan | undefined;
  private optionsKey = '';
  private readonly tracksEdits: boolean;

  constructor(opts: { tracksEdits?: boolean } = {}) {
    this.tracksEdits = opts.tracksEdits === true;
  }

  /**
   * An edit since the last run, in offsets of the text just before it: [start, end)
   * replaced by `insertedLength` characters. Must be called for every edit, in order, or
   * not at all (`forgetEdits`).
   */
  noteEdit(start: number, end: number, insertedLength: number): void {
    const s = this.span;
    if (!s) return;
    if (start < 0 || end < start || end > s.length) {
      this.span = undefined;
      return;
    }
    this.span = {
      prefix: Math.min(s.prefix, start),
      suffix: Math.min(s.suffix, s.length - end),
      length: s.length - (end - start) + insertedLength,
    };
  }

  /** The text changed in a way not told through `noteEdit`: match every chunk by content. */
  forgetEdits(): void {
    this.span = undefined;
  }

  /**
   * Starts a run on `text`: the previous run (none when the options differ) and, when
   * every edit since was noted and they add up to `text`'s length, the edited span. The
   * previous run is handed over: if this run fails half way, the next starts afresh.
   */
  begin(optionsKey: string, text: string): { previous?: PreviousRun | undefined; span?: EditSpan | undefined } {
    const previous = optionsKey === this.optionsKey ? this.previous : undefined;
    const span = previous && this.span?.length === text.length ? this.span : undefined;
    this.optionsKey = optionsKey;
    this.previous = undefined;
    this.span = undefined;
    return { previous, span };
  }

  /** Ends a run: its chunks are what the next run reuses; edits are counted from here. */
  end(text: string, chunks: CachedChunk[] | undefined): void {
    this.previous = chunks ? { text, chunks } : undefined;
    this.span = chunks && this.tracksEdits ? { prefix: text.length, suffix: text.length, length: text.length } : undefined;
  }

  get size(): number {
    return this.previous?.chunks.length ?? 0;
  }
}
