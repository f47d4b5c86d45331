import type { Finding } from '../core/engine/finding';
import type { NotAnalyzed } from '../core/lint';
import type { LineIndex } from '../core/yaml/lineIndex';

/** What the scan produced for one file, as every formatter sees it. */
export interface FileReport {
  file: string;
  lines: LineIndex;
  findings: Finding[];
}

/** `reason` of a path that could not be read (missing, permissions, a directory error, a dangling link). */
export const UNREADABLE = 'unreadable';

/**
 * A file, or one document of it, that was not (fully) analysed: its findings are missing or
 * incomplete, so the scan exits 2 and never says "No problems found" about it.
 */
export interface ScanError {
  /** Absent for the cross-file analysis as a whole (a cross-file rule threw: its findings are missing everywhere). */
  file?: string;
  /** The `---` document (0-based) when only that document is concerned. */
  documentIndex?: number;
  /** `unreadable`, or the core's `NotAnalysed.reason` ('binary', 'too-large', 'rule-failed', 'analysis-abandoned', ...). */
  reason: string;
  message: string;
}

export interface ScanReport {
  /** Every file that was analysed, fully or partly (a file skipped whole is only in `errors`). */
  files: FileReport[];
  errors: ScanError[];
}

/** The core's not (fully) analysed file or document as a report entry. */
export function scanErrorOf(file: string, n: NotAnalyzed): ScanError {
  return n.documentIndex === undefined
    ? { file, reason: n.reason, message: n.message }
    : { file, documentIndex: n.documentIndex, reason: n.reason, message: n.message };
}

/** An error as one line of text: the file, then the message (which names the file itself for `unreadable`). */
export function errorText(e: ScanError): string {
  return e.file === undefined || e.reason === UNREADABLE ? e.message : `${e.file}: ${e.message}`;
}
