import * as fs from 'fs';
import * as path from 'path';
import { CodeActionKind, type CodeAction, type CodeActionParams, type Diagnostic, type TextDocuments, type WorkspaceEdit } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { allowServicePortsFix, appendDocument, defaultDenyFix, type NewDocumentFix } from '../../core/workspace/fixes';
import type { IndexedObject } from '../../core/workspace/types';
import { namespaceOf, type WorkspaceIndex } from '../../core/workspace/workspaceIndex';
import { LineIndex } from '../../core/yaml/lineIndex';
import { pathToUri, uriToPath } from '../uris';

function sameRange(a: Diagnostic['range'], b: Diagnostic['range']): boolean {
  return a.start.line === b.start.line && a.start.character === b.start.character && a.end.line === b.end.line && a.end.character === b.end.character;
}

/** The current text of a file: the open document's, else the disk's (empty when unreadable). */
function currentText(documents: TextDocuments<TextDocument>, file: string): string {
  const open = documents.get(pathToUri(file));
  if (open) return open.getText();
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

/**
 * Quick fixes of workspace findings that create a NetworkPolicy: appended as a new `---`
 * document to the file of the finding and, when the client can create files, in a new file
 * beside it. Found from the diagnostic's rule id and range (the object's anchor).
 */
export function workspaceCodeActions(
  index: WorkspaceIndex,
  documents: TextDocuments<TextDocument>,
  params: CodeActionParams,
  canCreateFiles: boolean,
): CodeAction[] {
  const file = uriToPath(params.textDocument.uri);
  if (!file) return [];
  if (params.context.only && !params.context.only.some((k) => CodeActionKind.QuickFix.startsWith(k))) return [];
  const out: CodeAction[] = [];
  for (const d of params.context.diagnostics) {
    const data = d.data as { workspace?: boolean; ruleId?: string } | undefined;
    if (!data?.workspace) continue;
    const object = index.objectsInFile(file).find((o: IndexedObject) => sameRange(o.anchor.range, d.range));
    if (!object) continue;
    const fixes: NewDocumentFix[] = [];
    if (data.ruleId === 'netpol-default-deny') {
      const ns = object.kind === 'Namespace' ? object.name : namespaceOf(object);
      if (ns) fixes.push(defaultDenyFix(ns, file));
    } else if (data.ruleId === 'netpol-ingress-isolation') {
      const ns = namespaceOf(object);
      if (ns) fixes.push(defaultDenyFix(ns, file));
      const allow = allowServicePortsFix(index, object);
      if (allow) fixes.push(allow);
    }
    for (const fix of fixes) {
      out.push(appendAction(documents, fix, d));
      if (canCreateFiles) {
        const target = path.join(path.dirname(fix.suggestedFile), fix.newFileName);
        if (!fs.existsSync(target)) out.push(newFileAction(fix, target, d));
      }
    }
  }
  return out;
}

function appendAction(documents: TextDocuments<TextDocument>, fix: NewDocumentFix, d: Diagnostic): CodeAction {
  const text = currentText(documents, fix.suggestedFile);
  const { offset, newText } = appendDocument(text, fix.yaml);
  const pos = new LineIndex(text).positionAt(offset);
  const edit: WorkspaceEdit = { changes: { [pathToUri(fix.suggestedFile)]: [{ range: { start: pos, end: pos }, newText }] } };
  return { title: `${fix.title} (append to this file)`, kind: CodeActionKind.QuickFix, diagnostics: [d], edit };
}

function newFileAction(fix: NewDocumentFix, target: string, d: Diagnostic): CodeAction {
  const uri = pathToUri(target);
  const edit: WorkspaceEdit = {
    documentChanges: [
      { kind: 'create', uri, options: { ignoreIfExists: true } },
      { textDocument: { uri, version: null }, edits: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText: fix.yaml }] },
    ],
  };
  return { title: `${fix.title} (new file ${path.basename(target)})`, kind: CodeActionKind.QuickFix, diagnostics: [d], edit };
}
