import { DiagnosticSeverity, type Diagnostic, type Range } from 'vscode-languageserver/node';
import type { Finding } from '../core/engine/finding';
import type { Severity } from '../core/types';
import { UNUSED_SUPPRESSION } from '../core/suppress';
import { docsFileUri } from './docsLink';

/** The pseudo-rule the suppression pass reports suppressions that suppress nothing under. */
export const UNUSED_SUPPRESSION_ID: string = UNUSED_SUPPRESSION.id;

/** The one `source` token of every diagnostic we publish. */
export const SOURCE = 'kube-guardrails';

/**
 * What a code action needs to find the finding again: the rule, the document version the
 * diagnostic was computed for, and the key of the precomputed finding in that version's
 * analysis. Code actions match on this, never on message text.
 */
export interface DiagnosticData {
  ruleId: string;
  version: number;
  key: string;
  fixable: boolean;
}

export function toLspSeverity(s: Severity): DiagnosticSeverity {
  return s === 'error' ? DiagnosticSeverity.Error : s === 'warning' ? DiagnosticSeverity.Warning : DiagnosticSeverity.Information;
}

export function rangeKey(range: Range, code: string): string {
  return `${range.start.line}:${range.start.character}-${range.end.line}:${range.end.character}|${code}`;
}

/** Keys are unique per analysis: a second finding of one rule on one range gets `#2`. */
export function uniqueKey(range: Range, code: string, taken: { has(key: string): boolean }): string {
  const base = rangeKey(range, code);
  if (!taken.has(base)) return base;
  let n = 2;
  while (taken.has(`${base}#${n}`)) n++;
  return `${base}#${n}`;
}

export function findingDiagnostic(f: Finding, range: Range, version: number, key: string): Diagnostic {
  const data: DiagnosticData = { ruleId: f.ruleId, version, key, fixable: f.fix !== undefined };
  const href = docsFileUri(f.ruleId);
  return {
    range,
    severity: toLspSeverity(f.severity),
    source: SOURCE,
    code: f.ruleId,
    ...(href ? { codeDescription: { href } } : {}),
    message: f.message,
    data,
  };
}

export function isOurDiagnostic(d: Diagnostic): d is Diagnostic & { data: DiagnosticData } {
  const data = d.data as Partial<DiagnosticData> | undefined;
  return d.source === SOURCE && typeof data?.key === 'string' && typeof data.version === 'number' && typeof data.ruleId === 'string';
}
