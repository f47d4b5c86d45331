import * as assert from 'assert';
import * as vscode from 'vscode';
import { suite, suiteSetup, test } from 'mocha';
import { activateExtension, applyAction, find, openFile, quickFixesFor, waitForExactly } from './helpers';

suite('Kustomize overlays', () => {
  suiteSetup(activateExtension);

  test('an overlay patch shows the finding its value causes in the build; it follows an edit; the quick fix edits the patch', async () => {
    const { doc } = await openFile('kustomize/overlays/prod/replicas.yaml');
    // Only what the patch causes in the built Deployment: the base's settings are not re-judged.
    await waitForExactly(doc.uri, ['pss-privileged@11:12-11:28:error']);

    // Two lines inserted above the value: the build is redone and the diagnostic moves with it.
    const insert = new vscode.WorkspaceEdit();
    insert.insert(doc.uri, new vscode.Position(6, 0), '  minReadySeconds: 5\n  revisionHistoryLimit: 2\n');
    assert.strictEqual(await vscode.workspace.applyEdit(insert), true);
    const diags = await waitForExactly(doc.uri, ['pss-privileged@13:12-13:28:error']);
    const d = find(diags, 'pss-privileged');
    assert.match(d.message, /\(Deployment "web" in namespace "prod" built by kustomize\/overlays\/prod\)$/);

    const before = doc.getText();
    const actions = await quickFixesFor(doc.uri, d);
    const fix = actions.find((a) => a.title === 'Set privileged: false');
    assert.ok(fix, `no "Set privileged: false" among ${JSON.stringify(actions.map((a) => a.title))}`);
    await applyAction(fix);
    assert.strictEqual(doc.getText(), before.replace('privileged: true', 'privileged: false'));
    await waitForExactly(doc.uri, []);
  });
});
