import type { Diagnostic } from 'vscode-languageserver/node';
import type { FileAnalysis } from '../core/engine/analyze';
import type { ExemptionScope } from '../core/lint';
import type { Finding } from '../core/engine/finding';
import type { DocumentCache } from '../core/engine/documentCache';
import type { AnalysisOptions } from '../core/engine/options';
import type { TextEdit } from '../core/types';
import { LineIndex } from '../core/yaml/lineIndex';
import { findingDiagnostic, notAnalyzedDiagnostic, uniqueKey } from './diagnostics';
import type { Services } from './services';

/** One linted version of one document: what diagnostics, hovers and code actions share. */
export interface LintedDocument {
  uri: string;
  version: number;
  text: string;
  lines: LineIndex;
  options: AnalysisOptions;
  /** Absent when the document was skipped (helm, excluded, too large, disabled). */
  analysis?: FileAnalysis;
  /** Final findings (after suppressions and exemptions), keyed as their diagnostics' `data.key`. */
  byKey: Map<string, Finding>;
  diagnostics: Diagnostic[];
  /**
   * Edits computed on first request (code actions are asked for on every cursor move), by
   * `<kind>:<key>`: `null` when there is none (a fix that failed verification included).
   */
  fixes: Map<string, TextEdit[] | null>;
  fixAll?: TextEdit[] | null;
}

export interface LintInput {
  uri: string;
  version: number;
  text: string;
  options: AnalysisOptions;
  strict: boolean;
  /** The config file's exemptions for the document (see `WorkspaceConfig.resolve`). */
  exemptions?: ExemptionScope | undefined;
  /** The document's chunk cache: an edit re-analyzes only the `---` sections it touched. */
  cache?: DocumentCache;
  /** Line offsets of `text` the editor's document already keeps (see documentLines.ts). */
  lines?: LineIndex;
}

export function skippedDocument(uri: string, version: number, text: string, options: AnalysisOptions, lines?: LineIndex): LintedDocument {
  return { uri, version, text, lines: lines ?? new LineIndex(text), options, byKey: new Map(), diagnostics: [], fixes: new Map() };
}

/**
 * Runs the core's findings pipeline over the text and turns its final findings into
 * diagnostics, plus one `not-analyzed` diagnostic per file or document whose findings are
 * incomplete. YAML syntax errors are never reported (Red Hat YAML owns them); the core
 * already gives no findings for a `---` document with errors, while the other documents of
 * the file are still checked.
 */
export function lintDocument(input: LintInput, services: Services): LintedDocument {
  const { uri, version, text, options } = input;
  const analysis = services.analyze(text, options, input.cache);
  // The document's own line offsets replace the index the core would build over the whole
  // text on first use (suppressions and fixes use it too). A skipped file (binary, over
  // maxFileSize) has an empty parse: ranges use the real text.
  if (input.lines && !analysis.skipped && analysis.parsed.text === text) analysis.parsed.lines = input.lines;
  const lines = analysis.skipped ? (input.lines ?? new LineIndex(text)) : analysis.parsed.lines;
  const result = services.lint(analysis, { options, strict: input.strict, exemptions: input.exemptions });
  const byKey = new Map<string, Finding>();
  const diagnostics: Diagnostic[] = result.notAnalyzed.map((n) => notAnalyzedDiagnostic(n, lines));
  for (const f of result.findings) {
    const range = lines.rangeOf(f.range);
    const key = uniqueKey(range, f.ruleId, byKey);
    byKey.set(key, f);
    diagnostics.push(findingDiagnostic(f, range, version, key));
  }
  diagnostics.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
  return { uri, version, text, lines, options, analysis, byKey, diagnostics, fixes: new Map() };
}
