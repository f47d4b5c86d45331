import * as assert from 'assert';
import * as vscode from 'vscode';

/** Helpers for the e2e suite: only the public `vscode` API, bounded waits, no sleeps. */

export const EXTENSION_ID = 'kube-guardrails.kube-guardrails';
export const SOURCE = 'kube-guardrails';
/** Upper bound for any wait on the language server; a healthy run needs well under 1 s. */
export const WAIT_MS = 20_000;

export function workspaceRoot(): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the e2e workspace folder is not open');
  return folder.uri;
}

export function fileUri(relative: string): vscode.Uri {
  return vscode.Uri.joinPath(workspaceRoot(), ...relative.split('/'));
}

export async function activateExtension(): Promise<void> {
  const ext = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(ext, `extension ${EXTENSION_ID} is not installed`);
  await ext.activate();
}

/** Our diagnostics on a document (other extensions' diagnostics are ignored). */
export function ours(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === SOURCE);
}

export function codeOf(d: vscode.Diagnostic): string {
  const c = d.code;
  if (c === undefined) return '';
  return typeof c === 'object' ? String(c.value) : String(c);
}

/** `L:C-L:C`, 0-based, as in the rule fixtures' expected.json files. */
export function fmtRange(r: vscode.Range): string {
  return `${r.start.line}:${r.start.character}-${r.end.line}:${r.end.character}`;
}

const SEVERITY_NAMES = ['error', 'warning', 'info', 'hint'];

export function severityName(s: vscode.DiagnosticSeverity): string {
  return SEVERITY_NAMES[s] ?? String(s);
}

/** A diagnostic as `code@range:severity`, for exact comparisons with readable failures. */
export function summarize(diags: readonly vscode.Diagnostic[]): string[] {
  return diags.map((d) => `${codeOf(d)}@${fmtRange(d.range)}:${severityName(d.severity)}`).sort();
}

/**
 * Resolves once `predicate(ours(uri))` holds, re-checking on every diagnostics change
 * event; rejects after `timeoutMs` with the diagnostics last seen.
 */
export function waitForDiagnostics(
  uri: vscode.Uri,
  predicate: (diags: vscode.Diagnostic[]) => boolean,
  what: string,
  timeoutMs = WAIT_MS,
): Promise<vscode.Diagnostic[]> {
  return new Promise((resolve, reject) => {
    let done = false;
    const check = (): void => {
      if (done) return;
      const d = ours(uri);
      if (predicate(d)) {
        finish();
        resolve(d);
      }
    };
    const sub = vscode.languages.onDidChangeDiagnostics((e) => {
      if (e.uris.some((u) => u.toString() === uri.toString())) check();
    });
    const timer = setTimeout(() => {
      if (done) return;
      finish();
      reject(
        new Error(
          `timed out after ${timeoutMs} ms waiting for ${what} on ${vscode.workspace.asRelativePath(uri)}; last seen: ${JSON.stringify(summarize(ours(uri)))}`,
        ),
      );
    }, timeoutMs);
    function finish(): void {
      done = true;
      clearTimeout(timer);
      sub.dispose();
    }
    check();
  });
}

/** Waits until the diagnostics of `uri` are exactly `expected` (see `summarize`). */
export function waitForExactly(uri: vscode.Uri, expected: string[], timeoutMs = WAIT_MS): Promise<vscode.Diagnostic[]> {
  const want = [...expected].sort();
  return waitForDiagnostics(
    uri,
    (d) => JSON.stringify(summarize(d)) === JSON.stringify(want),
    `exactly ${JSON.stringify(want)}`,
    timeoutMs,
  );
}

/**
 * Runs `action` and resolves when the language server has published diagnostics for
 * `uri` afterwards (even an empty list): proof that the document was analysed, which an
 * "expect no diagnostics" assertion needs before it means anything.
 */
export function afterNextPublish<T>(uri: vscode.Uri, action: () => Thenable<T>, timeoutMs = WAIT_MS): Promise<T> {
  return new Promise((resolve, reject) => {
    let result: T | undefined;
    let published = false;
    let acted = false;
    const sub = vscode.languages.onDidChangeDiagnostics((e) => {
      if (!e.uris.some((u) => u.toString() === uri.toString())) return;
      published = true;
      if (acted) finish();
    });
    const timer = setTimeout(() => {
      sub.dispose();
      reject(new Error(`no diagnostics were published for ${vscode.workspace.asRelativePath(uri)} within ${timeoutMs} ms`));
    }, timeoutMs);
    function finish(): void {
      clearTimeout(timer);
      sub.dispose();
      resolve(result as T);
    }
    Promise.resolve(action()).then(
      (r) => {
        result = r;
        acted = true;
        if (published) finish();
      },
      (e) => {
        clearTimeout(timer);
        sub.dispose();
        reject(e);
      },
    );
  });
}

/**
 * Resolves once `read()` yields `expected` (compared as JSON), asking again on every
 * diagnostics change and at most every `intervalMs` in between; rejects after `timeoutMs`
 * with the value last read. For answers that depend on the workspace index being ready
 * (CodeLenses are empty while indexing runs), so a busy machine delays the test instead of
 * failing it.
 */
export async function waitForValue<T>(
  read: () => Thenable<T>,
  expected: T,
  what: string,
  timeoutMs = WAIT_MS,
  intervalMs = 250,
): Promise<T> {
  const want = JSON.stringify(expected);
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  for (;;) {
    last = await read();
    if (JSON.stringify(last) === want) return last;
    const left = deadline - Date.now();
    if (left <= 0) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}; last seen: ${JSON.stringify(last)}`);
    await new Promise<void>((resolve) => {
      const sub = vscode.languages.onDidChangeDiagnostics(() => done());
      const timer = setTimeout(done, Math.min(intervalMs, left));
      function done(): void {
        clearTimeout(timer);
        sub.dispose();
        resolve();
      }
    });
  }
}

export async function openFile(relative: string): Promise<{ doc: vscode.TextDocument; editor: vscode.TextEditor }> {
  const doc = await vscode.workspace.openTextDocument(fileUri(relative));
  const editor = await vscode.window.showTextDocument(doc, { preview: false });
  assert.strictEqual(doc.languageId, 'yaml', `${relative} did not open as YAML`);
  return { doc, editor };
}

export function find(diags: readonly vscode.Diagnostic[], code: string): vscode.Diagnostic {
  const d = diags.find((x) => codeOf(x) === code);
  assert.ok(d, `no ${code} diagnostic among ${JSON.stringify(summarize(diags))}`);
  return d;
}

/** Code actions the extension offers for one diagnostic, through the real provider API. */
export async function quickFixesFor(uri: vscode.Uri, d: vscode.Diagnostic): Promise<vscode.CodeAction[]> {
  const actions = await vscode.commands.executeCommand<(vscode.CodeAction | vscode.Command)[]>(
    'vscode.executeCodeActionProvider',
    uri,
    d.range,
    vscode.CodeActionKind.QuickFix.value,
  );
  return (actions ?? []).filter(
    (a): a is vscode.CodeAction => 'title' in a && !('command' in a && typeof (a as vscode.Command).command === 'string'),
  );
}

export async function applyAction(action: vscode.CodeAction): Promise<void> {
  assert.ok(action.edit, `code action "${action.title}" carries no edit`);
  const ok = await vscode.workspace.applyEdit(action.edit);
  assert.strictEqual(ok, true, `workspace.applyEdit refused "${action.title}"`);
}

/** Replaces the whole text of an open document and waits for the edit to land. */
export async function setText(doc: vscode.TextDocument, text: string): Promise<void> {
  const edit = new vscode.WorkspaceEdit();
  edit.replace(doc.uri, new vscode.Range(doc.positionAt(0), doc.positionAt(doc.getText().length)), text);
  assert.strictEqual(await vscode.workspace.applyEdit(edit), true);
}

export async function updateSetting(section: string, key: string, value: unknown): Promise<void> {
  await vscode.workspace.getConfiguration(section).update(key, value, vscode.ConfigurationTarget.Workspace);
}

export function allTabs(): vscode.Tab[] {
  return vscode.window.tabGroups.all.flatMap((g) => g.tabs);
}

/** Resolves with the first tab matching `predicate`, waiting on tab events (bounded). */
export function waitForTab(predicate: (t: vscode.Tab) => boolean, what: string): Promise<vscode.Tab> {
  return new Promise((resolve, reject) => {
    const found = allTabs().find(predicate);
    if (found) return resolve(found);
    const sub = vscode.window.tabGroups.onDidChangeTabs(() => {
      const t = allTabs().find(predicate);
      if (t) {
        clearTimeout(timer);
        sub.dispose();
        resolve(t);
      }
    });
    const timer = setTimeout(() => {
      sub.dispose();
      reject(new Error(`no ${what} tab within ${WAIT_MS} ms; tabs: ${JSON.stringify(allTabs().map((t) => t.label))}`));
    }, WAIT_MS);
  });
}
