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

/**
 * Per-file memory of the last analysis, keyed by each chunk's exact text: an edit
 * re-parses and re-analyses only the chunks whose text it changed; the others are reused,
 * shifted to their new offsets and document indexes (see relocate.ts). It holds one version of one file,
 * so memory stays bounded by the file's own size; options changes clear it.
 */
export class DocumentCache {
  private entries = new Map<string, ChunkResult>();
  private next = new Map<string, ChunkResult>();
  private optionsKey = '';

  /** Starts a run; clears everything when the options differ from the previous run's. */
  begin(optionsKey: string): void {
    if (optionsKey !== this.optionsKey) {
      this.entries.clear();
      this.optionsKey = optionsKey;
    }
    this.next = new Map();
  }

  /** Takes a previous result out, so two identical chunks never share (and shift) one tree. */
  take(key: string): ChunkResult | undefined {
    const r = this.entries.get(key);
    if (r) this.entries.delete(key);
    return r;
  }

  put(key: string, value: ChunkResult): void {
    this.next.set(key, value);
  }

  /** Ends a run: only the chunks of the latest text are kept. */
  end(): void {
    this.entries = this.next;
    this.next = new Map();
  }

  get size(): number {
    return this.entries.size;
  }
}

/** Several chunks can have the same text (`---` separators with nothing between): the cache keeps one, and a second use re-analyses. */
export function chunkKey(text: string, start: number, end: number): string {
  return text.slice(start, end);
}
