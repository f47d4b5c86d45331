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
import { pathToUri, uriToPath } from '../uris';
import { FIX_ALL_KIND } from '../commands';
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
  const wants = (kind: string) => !params.context.only || params.context.only.some((k) => kind === k || kind.startsWith(`${k}.`));
  const out: CodeAction[] = [];
  if (wants(FIX_ALL_KIND)) {
    const all = buildFixAll(found, builds, documents, params.textDocument.uri, documentChanges);
    if (all) out.push(all);
  }
  if (!wants(CodeActionKind.QuickFix)) return out;
  for (const d of params.context.diagnostics) {
    const data = d.data as { build?: boolean; key?: string } | undefined;
    const finding = data?.build && data.key ? found.byKey.get(data.key) : undefined;
    if (!finding) continue;
    const fix = found.placed.fixFor(finding, builds.rebuild);
    if (!fix) continue;
    const edit = editOf(documents, fix.file, fix.edits, documentChanges);
    if (edit) out.push({ title: fix.title, kind: CodeActionKind.QuickFix, diagnostics: [d], isPreferred: true, edit });
  }
  return out;
}

/** How long fix-all on a part of a build may search (each candidate set is verified by rebuilding). */
const FIX_ALL_BUDGET_MS = 3000;

/**
 * Fix-all (on save, or the source action) in a file that is a part of a build: every verified
 * fix of the findings placed in it whose edits land in that file, combined and verified once
 * more by rebuilding (`PlacedFindings.fixAllIn`).
 */
function buildFixAll(
  found: BuildFindings,
  builds: WorkspaceBuilds,
  documents: TextDocuments<TextDocument>,
  uri: string,
  documentChanges: boolean,
): CodeAction | undefined {
  const file = uriToPath(uri);
  if (!file || !builds.isPart(file)) return undefined;
  const mine = [...found.byKey].filter(([key]) => key.startsWith(`${uri}#`)).map(([, f]) => f);
  if (mine.length === 0) return undefined;
  const deadline = Date.now() + FIX_ALL_BUDGET_MS;
  const { edits } = found.placed.fixAllIn(file, mine, builds.rebuild, () => Date.now() > deadline);
  const edit = edits.length ? editOf(documents, file, edits, documentChanges) : undefined;
  return edit && { title: 'Fix all auto-fixable problems', kind: FIX_ALL_KIND, edit };
}

/** Core offset edits of `file` as a WorkspaceEdit on its current text (the open document's when open). */
function editOf(
  documents: TextDocuments<TextDocument>,
  file: string,
  coreEdits: ReadonlyArray<{ start: number; end: number; newText: string }>,
  documentChanges: boolean,
): WorkspaceEdit | undefined {
  const uri = pathToUri(file);
  const open = documents.get(uri);
  const text = open?.getText() ?? readText(file);
  if (text === undefined) return undefined;
  const lines = new LineIndex(text);
  const edits = coreEdits.map((e) => ({ range: lines.rangeOf(e), newText: e.newText }));
  return documentChanges && open
    ? { documentChanges: [TextDocumentEdit.create({ uri, version: open.version }, edits)] }
    : { changes: { [uri]: edits } };
}

function readText(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}
