import type { Diagnostic } from 'vscode-languageserver/node';
import type { FileAnalysis } from '../core/engine/analyze';
import type { Finding } from '../core/engine/finding';
import type { DocumentCache } from '../core/engine/documentCache';
import type { AnalysisOptions } from '../core/engine/options';
import type { TextEdit } from '../core/types';
import { LineIndex } from '../core/yaml/lineIndex';
import { findingDiagnostic, uniqueKey, UNUSED_SUPPRESSION_ID } from './diagnostics';
import type { Services, WorkspaceConfig } from './services';

/** One analysed version of one document: what diagnostics, hovers and code actions share. */
export interface AnalysedDocument {
  uri: string;
  version: number;
  text: string;
  lines: LineIndex;
  options: AnalysisOptions;
  /** Absent when the document was skipped (helm, excluded, too large, disabled). */
  analysis?: FileAnalysis;
  /** Findings after suppressions, keyed as their diagnostics' `data.key`. */
  byKey: Map<string, Finding>;
  diagnostics: Diagnostic[];
  /**
   * Edits computed on first request (code actions are asked for on every cursor move), by
   * `<kind>:<key>`: `null` when there is none (a fix that failed verification included).
   */
  fixes: Map<string, TextEdit[] | null>;
  fixAll?: TextEdit[] | null;
}

export interface AnalysisInput {
  uri: string;
  version: number;
  text: string;
  filePath: string | undefined;
  options: AnalysisOptions;
  strict: boolean;
  config: WorkspaceConfig;
  /** The document's chunk cache: an edit re-analyses only the `---` sections it touched. */
  cache?: DocumentCache;
  /** Line offsets of `text` the editor's document already keeps (see documentLines.ts). */
  lines?: LineIndex;
}

export function skippedDocument(uri: string, version: number, text: string, options: AnalysisOptions, lines?: LineIndex): AnalysedDocument {
  return { uri, version, text, lines: lines ?? new LineIndex(text), options, byKey: new Map(), diagnostics: [], fixes: new Map() };
}

/**
 * Runs the core over the text and turns the result into diagnostics. YAML syntax errors are
 * never reported (Red Hat YAML owns them); the core already gives no findings for a `---`
 * document with errors, while the other documents of the file are still checked.
 */
export function analyseDocument(input: AnalysisInput, services: Services): AnalysedDocument {
  const { uri, version, text, options } = input;
  const analysis = services.analyze(text, options, input.cache);
  // The document's own line offsets replace the index the core would build over the whole
  // text on first use (suppressions and fixes use it too). A skipped file (binary, over
  // maxFileSize) has an empty parse: ranges use the real text.
  if (input.lines && !analysis.skipped && analysis.parsed.text === text) analysis.parsed.lines = input.lines;
  const lines = analysis.skipped ? (input.lines ?? new LineIndex(text)) : analysis.parsed.lines;
  // Inline suppressions first (so a directive that also matches an exemption counts as used), then config exemptions.
  const kept = services.suppress(analysis, input.strict);
  const findings = input.config.exempt(kept.findings, input.filePath);
  const byKey = new Map<string, Finding>();
  const diagnostics: Diagnostic[] = [];
  for (const f of findings) {
    const range = lines.rangeOf(f.range);
    const key = uniqueKey(range, f.ruleId, byKey);
    byKey.set(key, f);
    diagnostics.push(findingDiagnostic(f, range, version, key));
  }
  // `unused-suppression` is a pseudo-rule: `kubeGuardrails.rules` can switch it off or re-level it like any rule.
  const unusedLevel = options.rules[UNUSED_SUPPRESSION_ID];
  if (unusedLevel !== 'off') {
    for (const u of kept.unused) {
      const f = unusedLevel ? { ...u, severity: unusedLevel } : u;
      const range = lines.rangeOf(f.range);
      const key = uniqueKey(range, f.ruleId, byKey);
      byKey.set(key, f);
      diagnostics.push(findingDiagnostic(f, range, version, key));
    }
  }
  diagnostics.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
  return { uri, version, text, lines, options, analysis, byKey, diagnostics, fixes: new Map() };
}
