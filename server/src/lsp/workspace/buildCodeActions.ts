import * as fs from 'fs';
import {
  CodeActionKind,
  TextDocumentEdit,
  type CodeAction,
  type CodeActionParams,
  type TextDocuments,
  type WorkspaceEdit,
} from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { LineIndex } from '../../core/yaml/lineIndex';
import { pathToUri } from '../uris';
import type { WorkspaceBuilds } from './workspaceBuilds';
import type { BuildFindings } from './workspaceFindings';

/**
 * The quick fix of a diagnostic placed from a build (a Kustomize overlay, a Helm chart): the
 * core moves the fix to the one source file that wrote the value (the patch, the base, the
 * values file) and verifies it by rebuilding and re-analysing every build that reads that file
 * (core/lint/buildFixes.ts). Offered as the preferred fix, like a manifest's own.
 */
export function buildCodeActions(
  found: BuildFindings | undefined,
  builds: WorkspaceBuilds,
  documents: TextDocuments<TextDocument>,
  params: CodeActionParams,
  documentChanges: boolean,
): CodeAction[] {
  if (!found) return [];
  if (params.context.only && !params.context.only.some((k) => CodeActionKind.QuickFix.startsWith(k))) return [];
  const out: CodeAction[] = [];
  for (const d of params.context.diagnostics) {
    const data = d.data as { build?: boolean; key?: string } | undefined;
    const finding = data?.build && data.key ? found.byKey.get(data.key) : undefined;
    if (!finding) continue;
    const fix = found.placed.fixFor(finding, builds.rebuild);
    if (!fix) continue;
    const uri = pathToUri(fix.file);
    const open = documents.get(uri);
    const text = open?.getText() ?? readText(fix.file);
    if (text === undefined) continue;
    const lines = new LineIndex(text);
    const edits = fix.edits.map((e) => ({ range: lines.rangeOf(e), newText: e.newText }));
    const edit: WorkspaceEdit =
      documentChanges && open
        ? { documentChanges: [TextDocumentEdit.create({ uri, version: open.version }, edits)] }
        : { changes: { [uri]: edits } };
    out.push({ title: fix.title, kind: CodeActionKind.QuickFix, diagnostics: [d], isPreferred: true, edit });
  }
  return out;
}

function readText(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}
