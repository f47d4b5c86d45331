import type { FixProposal } from '../rules/types';
import type { ObjectRef, OffsetRange, PssLevel, Range, Severity } from '../types';

/** A secondary location of a cross-file finding (LSP `relatedInformation`, JSON `related`). */
export interface RelatedInfo {
  file: string;
  /** 0-based line/character range in `file`. */
  range: Range;
  message: string;
}

/** One problem found by one rule in one object. */
export interface Finding {
  ruleId: string;
  severity: Severity;
  message: string;
  range: OffsetRange;
  object: ObjectRef;
  /** Index of the YAML document (the `---` section) that holds the object. */
  documentIndex: number;
  pssCheck?: string;
  pssLevel?: PssLevel;
  fix?: FixProposal;
  /** Set by workspace (cross-object) rules: the other objects involved. */
  related?: RelatedInfo[];
  /** A finding on a built object placed on a Helm values key: that key's path, as `--set` takes it (`web.securityContext.privileged`). */
  valuesPath?: string | undefined;
}

/** Stable order: by position, then rule id. */
export function compareFindings(a: Finding, b: Finding): number {
  return a.range.start - b.range.start || a.range.end - b.range.end || a.ruleId.localeCompare(b.ruleId);
}
