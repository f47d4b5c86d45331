import * as fs from 'fs';
import {
  CodeActionKind,
  TextDocumentEdit,
  type CodeAction,
  type CodeActionParams,
  type TextDocuments,
  type TextEdit as LspTextEdit,
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
    const all = fixAllInPart(found, builds, documents, params.textDocument.uri, documentChanges);
    if (all) out.push(all);
  }
  if (!wants(CodeActionKind.QuickFix)) return out;
  for (const d of params.context.diagnostics) {
    const data = d.data as { build?: boolean; key?: string } | undefined;
    const finding = data?.build && data.key ? found.byKey.get(data.key) : undefined;
    if (!finding) continue;
    const fix = found.placed.fixFor(finding, builds.rebuild);
    if (!fix) continue;
    const edits = fileEdits(documents, fix.file, fix.edits, found.placed);
    const edit = edits && workspaceEdit([edits], documentChanges);
    if (edit) out.push({ title: fix.title, kind: CodeActionKind.QuickFix, diagnostics: [d], isPreferred: true, edit });
  }
  return out;
}

/** How long fix-all on a part of a build may search (each candidate set is verified by rebuilding). */
const FIX_ALL_BUDGET_MS = 3000;

/**
 * Fix-all (on save, or the source action) in a file that is a part of a build: every verified
 * fix of the findings placed in it, edited where each one's quick fix edits (a chart
 * template's findings: its literal text, or values.yaml for a field missing under a `with
 * .Values.x` block), combined per file and verified together by rebuilding
 * (`PlacedFindings.fixAllAcross`). One WorkspaceEdit, possibly over several files.
 */
function fixAllInPart(
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
  const { files } = found.placed.fixAllAcross(mine, builds.rebuild, () => Date.now() > deadline);
  const edits = files.map((f) => fileEdits(documents, f.file, f.edits, found.placed));
  if (!edits.length || edits.some((e) => !e)) return undefined;
  return { title: 'Fix all auto-fixable problems', kind: FIX_ALL_KIND, edit: workspaceEdit(edits as FileEdits[], documentChanges) };
}

/** One file's LSP edits on its current text (the open document's when open; version null when not open). */
interface FileEdits {
  uri: string;
  version: number | null;
  edits: LspTextEdit[];
}

/**
 * Core offset edits of `file` as LSP edits on its current text, or undefined when it cannot be
 * read or its text is no longer the one the analysis read (`placed.sourceText`): the offsets
 * would address other characters (values.yaml changed on disk before its watcher event, an
 * open template edited within the quiet period). The open document's current version is sent
 * only when its text is the analysed one, so the client refuses the edit if it changes again.
 */
function fileEdits(
  documents: TextDocuments<TextDocument>,
  file: string,
  coreEdits: ReadonlyArray<{ start: number; end: number; newText: string }>,
  placed: Pick<BuildFindings['placed'], 'sourceText'>,
): FileEdits | undefined {
  const uri = pathToUri(file);
  const open = documents.get(uri);
  const text = open?.getText() ?? readText(file);
  if (text === undefined || text !== placed.sourceText(file)) return undefined;
  const lines = new LineIndex(text);
  return { uri, version: open ? open.version : null, edits: coreEdits.map((e) => ({ range: lines.rangeOf(e), newText: e.newText })) };
}

/**
 * One WorkspaceEdit over the files' edits: versioned `documentChanges` when the client takes
 * them and a file is open (an open document changed after the answer refuses the edit; a
 * closed file is edited with version null), else `changes`.
 */
function workspaceEdit(files: readonly FileEdits[], documentChanges: boolean): WorkspaceEdit {
  if (documentChanges && files.some((f) => f.version !== null))
    return { documentChanges: files.map((f) => TextDocumentEdit.create({ uri: f.uri, version: f.version }, f.edits)) };
  const changes: Record<string, LspTextEdit[]> = {};
  for (const f of files) changes[f.uri] = f.edits;
  return { changes };
}

function readText(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}
