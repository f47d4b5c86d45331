import * as assert from 'assert';
import * as vscode from 'vscode';
import { suite, suiteSetup, test } from 'mocha';
import { activateExtension, afterNextPublish, fileUri, ours, summarize } from './helpers';

/** Opens a file and waits until our server has published for it, so "none" is an answer, not a race. */
async function openAnalyzed(uri: vscode.Uri): Promise<vscode.TextDocument> {
  return afterNextPublish(uri, async () => {
    const d = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(d, { preview: false });
    return d;
  });
}

suite('non-Kubernetes YAML', () => {
  suiteSetup(activateExtension);

  test('a GitHub workflow (container image :latest, --privileged) gets no diagnostics', async () => {
    const uri = fileUri('.github/workflows/ci.yml');
    const doc = await openAnalyzed(uri);
    assert.strictEqual(doc.languageId, 'yaml');
    assert.deepStrictEqual(summarize(ours(uri)), []);
  });

  test('a docker-compose file (privileged: true, docker.sock) gets no diagnostics, also when opened as YAML', async () => {
    const uri = fileUri('compose/docker-compose.yml');
    // VS Code opens it with its own `dockercompose` language, which we do not handle ...
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc, { preview: false });
    assert.strictEqual(doc.languageId, 'dockercompose');
    // ... and a user may associate it with YAML (files.associations): then we analyse it and find nothing.
    const asYaml = await afterNextPublish(uri, () => vscode.languages.setTextDocumentLanguage(doc, 'yaml'));
    assert.strictEqual(asYaml.languageId, 'yaml');
    assert.deepStrictEqual(summarize(ours(uri)), []);
  });
});
