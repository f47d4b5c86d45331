import { CodeActionKind } from 'vscode-languageserver/node';

/** Client-side command that opens a rule's bundled docs page (argument: rule id). */
export const SHOW_RULE_DOCS_COMMAND = 'kubeGuardrails.showRuleDocs';

/** The kind `editor.codeActionsOnSave: {"source.fixAll.kubeGuardrails": "explicit"}` asks for. */
export const FIX_ALL_KIND = `${CodeActionKind.SourceFixAll}.kubeGuardrails`;

/** The `workspace/configuration` section holding our settings. */
export const SETTINGS_SECTION = 'kubeGuardrails';
