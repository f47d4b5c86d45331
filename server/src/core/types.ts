/**
 * Plain data types shared by every layer. The core speaks in UTF-16 offsets into the
 * whole file text (what the `yaml` package gives us); adapters turn them into
 * line/character positions with `LineIndex`.
 */

export type Severity = 'error' | 'warning' | 'info';
/** A configured rule level: a severity, or `off`. */
export type RuleLevel = Severity | 'off';

export type PssLevel = 'baseline' | 'restricted';

/** Half-open offset range `[start, end)` into the file text. */
export interface OffsetRange {
  start: number;
  end: number;
}

/** 0-based LSP-style position (UTF-16 code units). */
export interface Position {
  line: number;
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}

/** Identifies the Kubernetes object a finding is about. */
export interface ObjectRef {
  apiVersion: string;
  kind: string;
  namespace?: string;
  name?: string;
}

/** A text replacement in offsets of the original text. */
export interface TextEdit {
  start: number;
  end: number;
  newText: string;
}
