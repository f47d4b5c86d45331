import * as assert from 'assert';
import * as vscode from 'vscode';
import { suite, suiteSetup, test } from 'mocha';
import { EXTENSION_ID, activateExtension, waitForTab } from './helpers';

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
