import { DiagnosticSeverity, type Diagnostic, type Range } from 'vscode-languageserver/node';
import type { Finding } from '../core/engine/finding';
import type { NotAnalyzed } from '../core/lint';
import type { LineIndex } from '../core/yaml/lineIndex';
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

function toLspSeverity(s: Severity): DiagnosticSeverity {
  return s === 'error' ? DiagnosticSeverity.Error : s === 'warning' ? DiagnosticSeverity.Warning : DiagnosticSeverity.Information;
}

function rangeKey(range: Range, code: string): string {
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

/** The `code` of the diagnostic that says a file or document was not (fully) analyzed. */
const NOT_ANALYZED = 'not-analyzed';

/**
 * Fail closed: a file or document whose findings are incomplete is never shown as clean.
 * One error on the first line of the file (or of the document concerned), naming the reason.
 * It carries no `data`, so code actions (which need a finding) leave it alone.
 */
export function notAnalyzedDiagnostic(n: NotAnalyzed, lines: LineIndex): Diagnostic {
  const line = lines.positionAt(n.start).line;
  return {
    range: { start: { line, character: 0 }, end: lines.positionAt(lines.lineEnd(line)) },
    severity: DiagnosticSeverity.Error,
    source: SOURCE,
    code: NOT_ANALYZED,
    message: `Not analysed (${n.reason}): ${n.message}`,
  };
}

export function isOurDiagnostic(d: Diagnostic): d is Diagnostic & { data: DiagnosticData } {
  const data = d.data as Partial<DiagnosticData> | undefined;
  return d.source === SOURCE && typeof data?.key === 'string' && typeof data.version === 'number' && typeof data.ruleId === 'string';
}
