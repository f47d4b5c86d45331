import type { FixProposal } from '../rules/types';
import type { ObjectRef, OffsetRange, PssLevel, Severity } from '../types';

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
}

/** Stable order: by position, then rule id. */
export function compareFindings(a: Finding, b: Finding): number {
  return a.range.start - b.range.start || a.range.end - b.range.end || a.ruleId.localeCompare(b.ruleId);
}
