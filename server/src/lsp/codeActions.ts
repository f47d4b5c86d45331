import {
  CodeActionKind,
  TextDocumentEdit,
  type CancellationToken,
  type CodeAction,
  type CodeActionParams,
  type Diagnostic,
  type TextEdit as LspTextEdit,
  type WorkspaceEdit,
} from 'vscode-languageserver/node';
import type { Finding } from '../core/engine/finding';
import type { TextEdit } from '../core/types';
import type { LintedDocument } from './lintedDocument';
import { BudgetExceeded, RequestBudget, yieldToEventLoop } from './budget';
import { FIX_ALL_KIND, SHOW_RULE_DOCS_COMMAND } from './commands';
import { isOurDiagnostic, UNUSED_SUPPRESSION_ID } from './diagnostics';
import { docsFileUri } from './docsLink';
import { YAML_SYNTAX } from '../core/engine/syntaxRule';
import type { Services } from './services';
import { pushAll } from '../core/arrays';

export interface CodeActionEnv {
  services: Services;
  /** Whether the client takes versioned `documentChanges` (then a stale edit is refused). */
  documentChanges: boolean;
  /** Whether the client resolves a code action's `edit` lazily (`codeAction/resolve`). */
  resolveEdits: boolean;
  /** Time for a code action request's per-diagnostic fixes (each verified by re-analysis). */
  requestBudgetMs: number;
  /** Time for one fix-all computation (several whole-file verification passes). */
  fixAllBudgetMs: number;
  now?: (() => number) | undefined;
  /** Says why a request stopped early (cancelled, out of time); never document text. */
  log: (message: string) => void;
}

/** Defaults: a light bulb must not hang the editor; fix-all is an explicit action and may take longer. */
export const DEFAULT_REQUEST_BUDGET_MS = 1500;
export const DEFAULT_FIX_ALL_BUDGET_MS = 5000;

/** `data` of a fix-all quick fix whose edit is computed on resolve. */
export interface FixAllData {
  fixAllOf: { uri: string; version: number };
}

const FIX_ALL_TITLE = 'Fix all auto-fixable problems';

/**
 * Code actions for the diagnostics in the request. Every action carries its edit (no
 * command round-trip). A diagnostic is matched to its finding by the key in its `data`
 * (range + rule id) looked up in the analysis of the current document version, never by
 * message text; fixes are computed for that version's text and sent as a versioned edit.
 */
export async function codeActionsFor(
  doc: LintedDocument,
  params: CodeActionParams,
  env: CodeActionEnv,
  token?: CancellationToken,
): Promise<CodeAction[]> {
  const only = params.context.only;
  const matches = (kind: string): boolean => !!only && only.some((o) => kind === o || kind.startsWith(`${o}.`));
  // Quick fixes answer unfiltered requests (the light bulb); source actions only explicit ones (on save, "Source Action...").
  const wants = (kind: string): boolean => (kind === CodeActionKind.QuickFix ? !only || matches(kind) : matches(kind));
  const actions: CodeAction[] = [];
  if (!doc.analysis) return actions;

  if (wants(CodeActionKind.QuickFix)) {
    const matched: Array<{ d: Diagnostic & { data: { key: string } }; finding: Finding }> = [];
    for (const d of params.context.diagnostics) {
      if (!isOurDiagnostic(d) || d.data.ruleId !== d.code) continue;
      const finding = doc.byKey.get(d.data.key);
      if (finding && finding.ruleId === d.data.ruleId) matched.push({ d, finding });
    }
    // One diagnostic at a time, yielding in between so a cancellation can arrive; a fix
    // stopped half-way is not cached, and what was answered so far is returned.
    const budget = new RequestBudget(env.requestBudgetMs, token, env.now);
    let answered = 0;
    for (const { d, finding } of matched) {
      if (budget.stop) break;
      try {
        pushAll(actions, actionsForFinding(doc, d, d.data.key, finding, env, budget));
      } catch (e) {
        if (e instanceof BudgetExceeded) break;
        throw e;
      }
      answered++;
      if (answered < matched.length) await yieldToEventLoop();
    }
    if (answered < matched.length) {
      env.log(`kube-guardrails: code actions for ${doc.uri}: ${budget.reason()}; answered ${answered} of ${matched.length} diagnostics`);
      return actions;
    }
    if (actions.length > 0 && fixableCount(doc) >= 2) {
      // The light bulb asks on every cursor move, and fix-all re-verifies the whole file:
      // clients that resolve edits get it computed only when the action is picked.
      const all =
        env.resolveEdits && doc.fixAll === undefined
          ? ({
              title: FIX_ALL_TITLE,
              kind: CodeActionKind.QuickFix,
              data: { fixAllOf: { uri: doc.uri, version: doc.version } } satisfies FixAllData,
            } as CodeAction)
          : fixAllAction(doc, env, CodeActionKind.QuickFix, token);
      if (all) actions.push(all);
    }
  }
  if (wants(FIX_ALL_KIND)) {
    const all = fixAllAction(doc, env, FIX_ALL_KIND, token);
    if (all) actions.push(all);
  }
  return actions;
}

function actionsForFinding(
  doc: LintedDocument,
  d: Diagnostic,
  key: string,
  f: Finding,
  env: CodeActionEnv,
  budget: RequestBudget,
): CodeAction[] {
  const out: CodeAction[] = [];
  const analysis = doc.analysis!;
  // An unused suppression is not a finding one would suppress in turn, and a syntax error
  // cannot carry an annotation; only their docs apply.
  if (f.ruleId === UNUSED_SUPPRESSION_ID || f.ruleId === YAML_SYNTAX.id) return docsAction(d, f);
  if (f.fix) {
    const edits = cached(doc, `fix:${key}`, () => env.services.quickFix(analysis, f, doc.options, budget));
    if (edits) {
      out.push({
        title: f.fix.title,
        kind: CodeActionKind.QuickFix,
        isPreferred: true,
        diagnostics: [d],
        edit: workspaceEdit(doc, edits, env),
      });
    }
  }
  const line = cached(doc, `line:${key}`, () => env.services.ignoreLine(analysis, f));
  if (line) {
    out.push({
      title: `Ignore ${f.ruleId} for this line`,
      kind: CodeActionKind.QuickFix,
      diagnostics: [d],
      edit: workspaceEdit(doc, line, env),
    });
  }
  const object = cached(doc, `object:${key}`, () => env.services.ignoreObject(analysis, f));
  if (object) {
    out.push({
      title: `Ignore ${f.ruleId} for this object`,
      kind: CodeActionKind.QuickFix,
      diagnostics: [d],
      edit: workspaceEdit(doc, object, env),
    });
  }
  pushAll(out, docsAction(d, f));
  return out;
}

function docsAction(d: Diagnostic, f: Finding): CodeAction[] {
  if (!docsFileUri(f.ruleId)) return [];
  const title = `Show documentation for ${f.ruleId}`;
  return [
    { title, kind: CodeActionKind.QuickFix, diagnostics: [d], command: { title, command: SHOW_RULE_DOCS_COMMAND, arguments: [f.ruleId] } },
  ];
}

/** Edits computed once per analysed version; an empty list counts as none. */
function cached(doc: LintedDocument, key: string, compute: () => TextEdit[] | undefined): TextEdit[] | undefined {
  let edits = doc.fixes.get(key);
  if (edits === undefined) {
    const computed = compute();
    edits = computed && computed.length > 0 ? computed : null;
    doc.fixes.set(key, edits);
  }
  return edits ?? undefined;
}

function fixableCount(doc: LintedDocument): number {
  let n = 0;
  for (const f of doc.byKey.values()) if (f.fix) n++;
  return n;
}

/**
 * The fix-all action, computed once per analysed version within its own time budget (and
 * the request's cancellation): when that runs out none is offered, nothing is cached (a
 * later request tries again) and the reason is logged.
 */
function fixAllAction(doc: LintedDocument, env: CodeActionEnv, kind: string, token: CancellationToken | undefined): CodeAction | undefined {
  if (fixableCount(doc) === 0) return undefined;
  if (doc.fixAll === undefined) {
    const budget = new RequestBudget(env.fixAllBudgetMs, token, env.now);
    try {
      if (budget.stop) throw new BudgetExceeded();
      doc.fixAll = env.services.fixAll(doc.analysis!, [...doc.byKey.values()], doc.options, budget) ?? null;
    } catch (e) {
      if (!(e instanceof BudgetExceeded)) throw e;
      env.log(`kube-guardrails: fix-all for ${doc.uri}: ${budget.reason()}; no fix-all offered`);
      return undefined;
    }
  }
  if (!doc.fixAll || doc.fixAll.length === 0) return undefined;
  return { title: FIX_ALL_TITLE, kind, edit: workspaceEdit(doc, doc.fixAll, env) };
}

export function isFixAllData(data: unknown): data is FixAllData {
  const f = (data as Partial<FixAllData> | undefined)?.fixAllOf;
  return typeof f?.uri === 'string' && typeof f.version === 'number';
}

/**
 * Fills in a lazily offered fix-all's edit, for the same document version only: after an
 * edit the action comes back without one, and the editor applies nothing.
 */
export function resolveFixAll(
  action: CodeAction,
  doc: LintedDocument | undefined,
  env: CodeActionEnv,
  token?: CancellationToken,
): CodeAction {
  if (!doc || !isFixAllData(action.data) || action.data.fixAllOf.version !== doc.version) return action;
  const all = fixAllAction(doc, env, action.kind ?? CodeActionKind.QuickFix, token);
  return all?.edit ? { ...action, edit: all.edit } : action;
}

function toLspEdits(doc: LintedDocument, edits: readonly TextEdit[]): LspTextEdit[] {
  return edits.map((e) => ({ range: doc.lines.rangeOf(e), newText: e.newText }));
}

function workspaceEdit(doc: LintedDocument, edits: readonly TextEdit[], env: CodeActionEnv): WorkspaceEdit {
  const lsp = toLspEdits(doc, edits);
  if (env.documentChanges) return { documentChanges: [TextDocumentEdit.create({ uri: doc.uri, version: doc.version }, lsp)] };
  return { changes: { [doc.uri]: lsp } };
}
