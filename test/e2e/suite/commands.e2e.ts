import * as assert from 'assert';
import * as vscode from 'vscode';
import { suite, suiteSetup, test } from 'mocha';
import { EXTENSION_ID, WAIT_MS, activateExtension } from './helpers';

function allTabs(): vscode.Tab[] {
  return vscode.window.tabGroups.all.flatMap((g) => g.tabs);
}

/** Resolves with the first tab matching `predicate`, waiting on tab events (bounded). */
function waitForTab(predicate: (t: vscode.Tab) => boolean, what: string): Promise<vscode.Tab> {
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

suite('commands', () => {
  suiteSetup(activateExtension);

  test('kubeGuardrails.showRuleDocs opens the packaged docs page of the rule in the Markdown preview', async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID)!;
    const page = vscode.Uri.joinPath(ext.extensionUri, 'docs', 'rules', 'pss-privileged.md');
    const stat = await vscode.workspace.fs.stat(page).then(
      (s) => s,
      () => undefined,
    );
    assert.ok(stat && stat.size > 0, 'docs/rules/pss-privileged.md is missing from the packaged extension');
    const commands = await vscode.commands.getCommands(true);
    assert.ok(commands.includes('kubeGuardrails.showRuleDocs'));
    await vscode.commands.executeCommand('kubeGuardrails.showRuleDocs', 'pss-privileged');
    const tab = await waitForTab((t) => t.label.includes('pss-privileged.md'), 'pss-privileged.md preview');
    assert.ok(tab.input instanceof vscode.TabInputWebview, `the docs opened as ${tab.input?.constructor?.name}, not a preview`);
    assert.ok(tab.input.viewType.includes('markdown.preview'), tab.input.viewType);
  });
});
