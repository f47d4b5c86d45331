import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver/node';
import type { WorkspaceFinding } from '../../core/workspace/types';
import type { Finding } from '../../core/engine/finding';
import type { LineIndex } from '../../core/yaml/lineIndex';
import { docsFileUri } from '../docsLink';
import { pathToUri } from '../uris';

/** The `source` of every diagnostic (same as the per-document ones). */
const SOURCE = 'kube-guardrails';

/**
 * A workspace finding as an LSP diagnostic, its causes in other objects and files as
 * `relatedInformation`. `data.workspace` marks it so per-document code actions (keyed on
 * their own analysis) leave it alone.
 */
export function workspaceDiagnostic(f: WorkspaceFinding): Diagnostic {
  const d: Diagnostic = {
    range: f.lspRange,
    severity:
      f.severity === 'error'
        ? DiagnosticSeverity.Error
        : f.severity === 'warning'
          ? DiagnosticSeverity.Warning
          : DiagnosticSeverity.Information,
    source: SOURCE,
    code: f.ruleId,
    message: f.message,
    data: { workspace: true, ruleId: f.ruleId, documentIndex: f.documentIndex },
  };
  const href = docsFileUri(f.ruleId);
  if (href) d.codeDescription = { href };
  if (f.related.length)
    d.relatedInformation = f.related.map((r) => ({ location: { uri: pathToUri(r.file), range: r.range }, message: r.message }));
  return d;
}

/**
 * A finding on a built object (a Kustomize build), placed in the source file `lines` is
 * of. Like a cross-file finding it belongs to the workspace channel and is marked
 * `data.workspace` (the per-document code actions leave it alone); `data.build` says it
 * came from a build.
 */
export function builtDiagnostic(f: Finding, lines: LineIndex, key: string, documentIndex: number): Diagnostic {
  const d: Diagnostic = {
    range: lines.rangeOf(f.range),
    severity:
      f.severity === 'error'
        ? DiagnosticSeverity.Error
        : f.severity === 'warning'
          ? DiagnosticSeverity.Warning
          : DiagnosticSeverity.Information,
    source: SOURCE,
    code: f.ruleId,
    message: f.message,
    // `documentIndex` is the source file's document (for "ignore for this line/object"); `key` finds the placed finding's fix.
    data: { workspace: true, build: true, key, ruleId: f.ruleId, documentIndex },
  };
  const href = docsFileUri(f.ruleId);
  if (href) d.codeDescription = { href };
  if (f.related?.length)
    d.relatedInformation = f.related.map((r) => ({ location: { uri: pathToUri(r.file), range: r.range }, message: r.message }));
  return d;
}
