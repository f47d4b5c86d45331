import * as assert from 'assert';
import * as vscode from 'vscode';
import { suite, suiteSetup, test } from 'mocha';
import { EXTENSION_ID, activateExtension, afterNextPublish, fileUri, ours, openFile, summarize } from './helpers';

interface SnippetFile {
  [name: string]: { prefix: string | string[]; body: string | string[]; description?: string };
}

/** The snippet prefixes the installed (packaged) extension contributes for YAML. */
async function contributedPrefixes(): Promise<string[]> {
  const ext = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(ext);
  const entries = (ext.packageJSON.contributes?.snippets ?? []) as Array<{ language: string; path: string }>;
  const yaml = entries.filter((e) => e.language === 'yaml');
  assert.ok(yaml.length > 0, 'package.json contributes no YAML snippets');
  const prefixes: string[] = [];
  for (const e of yaml) {
    const bytes = await vscode.workspace.fs.readFile(vscode.Uri.joinPath(ext.extensionUri, e.path));
    const file = JSON.parse(new TextDecoder().decode(bytes)) as SnippetFile;
    for (const s of Object.values(file)) prefixes.push(...(Array.isArray(s.prefix) ? s.prefix : [s.prefix]));
  }
  return prefixes;
}

function labelOf(item: vscode.CompletionItem): string {
  return typeof item.label === 'string' ? item.label : item.label.label;
}

suite('snippets', () => {
  suiteSetup(async () => {
    await activateExtension();
    // Open the empty file once and wait for its first publish, so that each later wait
    // for a publish belongs to the edit that preceded it.
    await afterNextPublish(fileUri('snippets/new.yaml'), () => openFile('snippets/new.yaml'));
  });

  test('completion in an empty YAML file offers the security snippets', async () => {
    const { doc } = await openFile('snippets/new.yaml');
    const list = await vscode.commands.executeCommand<vscode.CompletionList>(
      'vscode.executeCompletionItemProvider',
      doc.uri,
      new vscode.Position(0, 0),
    );
    const snippets = list.items.filter((i) => i.kind === vscode.CompletionItemKind.Snippet).map(labelOf);
    for (const want of [
      'k8sNetworkPolicyDefaultDeny',
      'k8sDeploymentRestricted',
      'k8sPodRestricted',
      'k8sRoleReadOnly',
      'k8sServiceAccountNoToken',
    ]) {
      assert.ok(snippets.includes(want), `no ${want} snippet among ${JSON.stringify(snippets)}`);
    }
    const prefixes = await contributedPrefixes();
    for (const p of prefixes) assert.ok(snippets.includes(p), `contributed snippet ${p} is not offered`);
  });

  test('every contributed snippet, inserted through completion, yields no diagnostics', async () => {
    const { doc, editor } = await openFile('snippets/new.yaml');
    const prefixes = await contributedPrefixes();
    const list = await vscode.commands.executeCommand<vscode.CompletionList>(
      'vscode.executeCompletionItemProvider',
      doc.uri,
      new vscode.Position(0, 0),
    );
    const failures: string[] = [];
    for (const prefix of prefixes) {
      const item = list.items.find((i) => i.kind === vscode.CompletionItemKind.Snippet && labelOf(i) === prefix);
      assert.ok(item, `no completion item for ${prefix}`);
      const body = item.insertText;
      assert.ok(body instanceof vscode.SnippetString, `${prefix} has no snippet body`);
      // One edit replacing the whole file, then wait for the server's publish for it.
      const whole = new vscode.Range(doc.positionAt(0), doc.positionAt(doc.getText().length));
      await afterNextPublish(doc.uri, () => editor.insertSnippet(body, whole));
      assert.ok(/^kind: /m.test(doc.getText()), `${prefix} inserted no Kubernetes object:\n${doc.getText()}`);
      const diags = summarize(ours(doc.uri));
      if (diags.length > 0) failures.push(`${prefix}: ${JSON.stringify(diags)}`);
    }
    assert.deepStrictEqual(failures, []);
  });
});
