import { DiagnosticSeverity, type Diagnostic, type Range } from 'vscode-languageserver/node';
import type { WorkspaceFinding } from '../../core/workspace/types';
import type { Finding } from '../../core/engine/finding';
import type { LineIndex } from '../../core/yaml/lineIndex';
import { docsFileUri } from '../docsLink';
import { pathToUri } from '../uris';

/** The `source` of every diagnostic (same as the per-document ones). */
const SOURCE = 'kube-guardrails';

/** What a workspace-channel diagnostic is made of (a cross-file finding, or a finding placed from a build). */
interface ChannelFinding {
  ruleId: string;
  severity: Finding['severity'];
  message: string;
  related?: ReadonlyArray<{ file: string; range: Range; message: string }> | undefined;
}

function channelDiagnostic(f: ChannelFinding, range: Range, data: Record<string, unknown>): Diagnostic {
  const d: Diagnostic = {
    range,
    severity:
      f.severity === 'error'
        ? DiagnosticSeverity.Error
        : f.severity === 'warning'
          ? DiagnosticSeverity.Warning
          : DiagnosticSeverity.Information,
    source: SOURCE,
    code: f.ruleId,
    message: f.message,
    data: { workspace: true, ruleId: f.ruleId, ...data },
  };
  const href = docsFileUri(f.ruleId);
  if (href) d.codeDescription = { href };
  if (f.related?.length)
    d.relatedInformation = f.related.map((r) => ({ location: { uri: pathToUri(r.file), range: r.range }, message: r.message }));
  return d;
}

/**
 * A workspace finding as an LSP diagnostic, its causes in other objects and files as
 * `relatedInformation`. `data.workspace` marks it so per-document code actions (keyed on
 * their own analysis) leave it alone.
 */
export function workspaceDiagnostic(f: WorkspaceFinding): Diagnostic {
  return channelDiagnostic(f, f.lspRange, { documentIndex: f.documentIndex });
}

/**
 * A finding on a built object (a Kustomize build, a Helm render), placed in the source file
 * `lines` is of. Like a cross-file finding it belongs to the workspace channel and is marked
 * `data.workspace` (the per-document code actions leave it alone); `data.build` says it
 * came from a build. `documentIndex` is the source file's document (for "ignore for this
 * line/object"); `key` finds the placed finding's fix.
 */
export function builtDiagnostic(f: Finding, lines: LineIndex, key: string, documentIndex: number): Diagnostic {
  return channelDiagnostic(f, lines.rangeOf(f.range), { build: true, key, documentIndex });
}
