import { createConnection, ProposedFeatures, TextDocuments, TextDocumentSyncKind, DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { analyzeText } from './core/engine/analyze';
import { DEFAULT_OPTIONS } from './core/engine/options';

/** Entry point of dist/server.js: IPC when started by the client, `--stdio` for other editors. */
const connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);

connection.onInitialize(() => ({ capabilities: { textDocumentSync: TextDocumentSyncKind.Incremental } }));

documents.onDidChangeContent(({ document }) => {
  const analysis = analyzeText(document.getText(), DEFAULT_OPTIONS);
  const diagnostics: Diagnostic[] = analysis.findings.map((f) => ({
    range: analysis.parsed.lines.rangeOf(f.range),
    severity: f.severity === 'error' ? DiagnosticSeverity.Error : f.severity === 'warning' ? DiagnosticSeverity.Warning : DiagnosticSeverity.Information,
    source: 'kube-guardrails',
    code: f.ruleId,
    message: f.message,
  }));
  void connection.sendDiagnostics({ uri: document.uri, version: document.version, diagnostics });
});

documents.listen(connection);
connection.listen();
