import * as fs from 'fs';
import * as path from 'path';
import {
  CodeActionKind,
  TextDocumentEdit,
  type CodeAction,
  type CodeActionParams,
  type Diagnostic,
  type TextDocuments,
  type WorkspaceEdit,
} from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { appendDocument, type NewDocumentFix } from '../../core/workspace/fixes';
import { WORKSPACE_RULES_BY_ID } from '../../core/workspace/rules';
import type { IndexedObject } from '../../core/workspace/types';
import type { WorkspaceIndex } from '../../core/workspace/workspaceIndex';
import { LineIndex } from '../../core/yaml/lineIndex';
import { parseFile, type ParsedFile } from '../../core/yaml/parseFile';
import { recogniseObject } from '../../core/model/objects';
import { ignoreLineEdit, ignoreObjectEdit } from '../../core/suppress/edits';
import { UNUSED_SUPPRESSION } from '../../core/suppress/unusedRule';
import type { TextEdit as CoreTextEdit } from '../../core/types';
import { pathToUri, uriToPath } from '../uris';
import { pushAll } from '../../core/arrays';
import { hasObjectFindingFixes, objectFindingFixes } from '../../core/workspace/objectFindingFixes';
import { isEditFix, type EditDocumentFix } from '../../core/workspace/pspMigration';
import { isOurDiagnostic } from '../diagnostics';

function sameRange(a: Diagnostic['range'], b: Diagnostic['range']): boolean {
  return (
    a.start.line === b.start.line &&
    a.start.character === b.start.character &&
    a.end.line === b.end.line &&
    a.end.character === b.end.character
  );
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
 * Quick fixes of workspace findings that create a document (the rule's `fixes`): appended as
 * a new `---` document to the file of the finding and, when the client can create files, in
 * a new file beside it. Found from the diagnostic's rule id and range (the object's anchor).
 */
export function workspaceCodeActions(
  index: WorkspaceIndex,
  documents: TextDocuments<TextDocument>,
  params: CodeActionParams,
  canCreateFiles: boolean,
  documentChanges = false,
): CodeAction[] {
  const file = uriToPath(params.textDocument.uri);
  if (!file) return [];
  if (params.context.only && !params.context.only.some((k) => CodeActionKind.QuickFix.startsWith(k))) return [];
  const out: CodeAction[] = [];
  for (const d of params.context.diagnostics) {
    const data = d.data as { workspace?: boolean; ruleId?: string; documentIndex?: number } | undefined;
    if (!data?.workspace) {
      pushAll(out, objectFindingActions(index, documents, file, d, canCreateFiles));
      continue;
    }
    pushAll(out, ignoreActions(documents, params.textDocument.uri, d, data, documentChanges));
    const object = index.objectsInFile(file).find((o: IndexedObject) => sameRange(o.anchor.range, d.range));
    if (!object) continue;
    const rule = data.ruleId === undefined ? undefined : WORKSPACE_RULES_BY_ID.get(data.ruleId);
    for (const fix of rule?.fixes?.({ object, file }, index) ?? []) pushAll(out, newDocumentActions(documents, fix, d, canCreateFiles));
  }
  return out;
}

/** A document to create: appended to the suggested file and, when the client can create files, in a new file beside it. */
function newDocumentActions(
  documents: TextDocuments<TextDocument>,
  fix: NewDocumentFix,
  d: Diagnostic,
  canCreateFiles: boolean,
): CodeAction[] {
  const out = [appendAction(documents, fix, d)];
  const target = path.join(path.dirname(fix.suggestedFile), fix.newFileName);
  if (canCreateFiles && !fs.existsSync(target)) out.push(newFileAction(fix, target, d));
  return out;
}

/**
 * Fixes of a per-object diagnostic that edit or create other documents (a PodSecurityPolicy's
 * namespaces labelled): the object is the indexed one of the document holding the diagnostic.
 */
function objectFindingActions(
  index: WorkspaceIndex,
  documents: TextDocuments<TextDocument>,
  file: string,
  d: Diagnostic,
  canCreateFiles: boolean,
): CodeAction[] {
  if (!isOurDiagnostic(d) || !hasObjectFindingFixes(d.data.ruleId)) return [];
  const text = currentText(documents, file);
  let parsed: ParsedFile;
  try {
    parsed = parseFile(text);
  } catch {
    return [];
  }
  const start = parsed.lines.offsetAt(d.range.start);
  const source = parsed.documents.find((x) => x.start <= start && start < x.end);
  const object = source && index.objectsInFile(file).find((o) => o.documentIndex === source.index);
  if (!object) return [];
  const textOf = (f: string): string | undefined =>
    documents.get(pathToUri(f)) || fs.existsSync(f) ? currentText(documents, f) : undefined;
  return objectFindingFixes(d.data.ruleId, object, index, textOf).flatMap((fix) =>
    isEditFix(fix) ? [editAction(fix, currentText(documents, fix.file), d)] : newDocumentActions(documents, fix, d, canCreateFiles),
  );
}

function editAction(fix: EditDocumentFix, text: string, d: Diagnostic): CodeAction {
  const lines = new LineIndex(text);
  const edits = fix.edits.map((e) => ({ range: lines.rangeOf(e), newText: e.newText }));
  return { title: fix.title, kind: CodeActionKind.QuickFix, diagnostics: [d], edit: { changes: { [pathToUri(fix.file)]: edits } } };
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
      {
        textDocument: { uri, version: null },
        edits: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText: fix.yaml }],
      },
    ],
  };
  return { title: `${fix.title} (new file ${path.basename(target)})`, kind: CodeActionKind.QuickFix, diagnostics: [d], edit };
}

/**
 * "Ignore <rule> for this line / object" for a workspace diagnostic of an open document:
 * the same directive comment and annotation as for per-document findings (the workspace
 * suppression pass honours both), computed on the document's current text.
 */
function ignoreActions(
  documents: TextDocuments<TextDocument>,
  uri: string,
  d: Diagnostic,
  data: { ruleId?: string; documentIndex?: number },
  documentChanges: boolean,
): CodeAction[] {
  const doc = documents.get(uri);
  const ruleId = data.ruleId;
  if (!doc || !ruleId || ruleId === UNUSED_SUPPRESSION.id || typeof data.documentIndex !== 'number') return [];
  const text = doc.getText();
  let parsed: ParsedFile;
  try {
    parsed = parseFile(text);
  } catch {
    return [];
  }
  const range = { start: parsed.lines.offsetAt(d.range.start), end: parsed.lines.offsetAt(d.range.end) };
  const finding = { ruleId, range, documentIndex: data.documentIndex };
  const edit = (edits: readonly CoreTextEdit[]): WorkspaceEdit => {
    const lsp = edits.map((e) => ({ range: parsed.lines.rangeOf(e), newText: e.newText }));
    return documentChanges
      ? { documentChanges: [TextDocumentEdit.create({ uri, version: doc.version }, lsp)] }
      : { changes: { [uri]: lsp } };
  };
  const out: CodeAction[] = [];
  const line = ignoreLineEdit(text, finding, { parsed });
  if (line) out.push({ title: `Ignore ${ruleId} for this line`, kind: CodeActionKind.QuickFix, diagnostics: [d], edit: edit([line]) });
  const source = parsed.documents.find((x) => x.index === data.documentIndex);
  const object = source && recogniseObject(source);
  const objectEdits = object ? ignoreObjectEdit(text, object, ruleId) : undefined;
  if (objectEdits?.length)
    out.push({ title: `Ignore ${ruleId} for this object`, kind: CodeActionKind.QuickFix, diagnostics: [d], edit: edit(objectEdits) });
  return out;
}
