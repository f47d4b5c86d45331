import * as assert from 'assert';
import * as vscode from 'vscode';
import { suite, suiteSetup, test } from 'mocha';
import { activateExtension, applyAction, fileUri, find, openFile, quickFixesFor, waitForExactly } from './helpers';

suite('quick fixes', () => {
  suiteSetup(activateExtension);

  test('"Set privileged: false" edits only the value, keeps the comment, and the diagnostic goes away', async () => {
    const { doc } = await openFile('fix/privileged.yaml');
    const before = doc.getText();
    const diags = await waitForExactly(doc.uri, ['pss-privileged@25:8-25:24:error']);
    const actions = await quickFixesFor(doc.uri, find(diags, 'pss-privileged'));
    const fix = actions.find((a) => a.title === 'Set privileged: false');
    assert.ok(fix, `no "Set privileged: false" among ${JSON.stringify(actions.map((a) => a.title))}`);
    assert.strictEqual(fix.isPreferred, true);
    assert.strictEqual(fix.kind?.value, 'quickfix');
    await applyAction(fix);
    const expected = before.replace(
      '        privileged: true   # the quick fix must keep this comment\n',
      '        privileged: false   # the quick fix must keep this comment\n',
    );
    assert.notStrictEqual(expected, before);
    assert.strictEqual(doc.getText(), expected);
    await waitForExactly(doc.uri, []);
  });

  test('"Ignore pss-privileged for this line" inserts the directive comment above, indented, and the diagnostic goes away', async () => {
    const { doc } = await openFile('fix/ignore-line.yaml');
    const before = doc.getText();
    const diags = await waitForExactly(doc.uri, ['pss-privileged@25:8-25:24:error']);
    const actions = await quickFixesFor(doc.uri, find(diags, 'pss-privileged'));
    const ignore = actions.find((a) => a.title === 'Ignore pss-privileged for this line');
    assert.ok(ignore, `no ignore-line action among ${JSON.stringify(actions.map((a) => a.title))}`);
    assert.notStrictEqual(ignore.isPreferred, true, 'a suppression must never be the preferred fix');
    await applyAction(ignore);
    const expected = before.replace(
      '      securityContext:\n        privileged: true\n',
      '      securityContext:\n        # kube-guardrails-disable-next-line pss-privileged\n        privileged: true\n',
    );
    assert.notStrictEqual(expected, before);
    assert.strictEqual(doc.getText(), expected);
    await waitForExactly(doc.uri, []);
  });

  test('"Ignore pss-privileged for this object" adds the suppression annotation with a reason placeholder', async () => {
    const { doc } = await openFile('fix/ignore-object.yaml');
    const before = doc.getText();
    const diags = await waitForExactly(doc.uri, ['pss-privileged@25:8-25:24:error']);
    const actions = await quickFixesFor(doc.uri, find(diags, 'pss-privileged'));
    const ignore = actions.find((a) => a.title === 'Ignore pss-privileged for this object');
    assert.ok(ignore, `no ignore-object action among ${JSON.stringify(actions.map((a) => a.title))}`);
    assert.notStrictEqual(ignore.isPreferred, true);
    await applyAction(ignore);
    const expected = before.replace(
      '  name: legacy\n  namespace: shop\n',
      '  name: legacy\n  namespace: shop\n  annotations:\n    ignore-check.kube-guardrails.io/pss-privileged: "TODO: why this is acceptable"\n',
    );
    assert.notStrictEqual(expected, before);
    assert.strictEqual(doc.getText(), expected);
    await waitForExactly(doc.uri, []);
  });

  test('a quick fix in a CRLF file keeps CRLF line endings', async () => {
    const lf = new TextDecoder().decode(await vscode.workspace.fs.readFile(fileUri('fix/fix-all.yaml')));
    const crlf = lf.replace(/\n/g, '\r\n');
    await vscode.workspace.fs.writeFile(fileUri('fix/crlf.yaml'), new TextEncoder().encode(crlf));
    const { doc } = await openFile('fix/crlf.yaml');
    assert.strictEqual(doc.eol, vscode.EndOfLine.CRLF);
    const diags = await waitForExactly(doc.uri, [
      'pss-privileged@26:8-26:24:error',
      'pss-allow-privilege-escalation@27:8-27:38:warning',
      'read-only-root-filesystem@28:8-28:37:warning',
    ]);
    const actions = await quickFixesFor(doc.uri, find(diags, 'pss-allow-privilege-escalation'));
    const fix = actions.find((a) => a.title === 'Set allowPrivilegeEscalation: false');
    assert.ok(fix, `no "Set allowPrivilegeEscalation: false" among ${JSON.stringify(actions.map((a) => a.title))}`);
    await applyAction(fix);
    // Not saved: saving would run fix-all (the workspace sets codeActionsOnSave). getText()
    // returns the text with the document's own line endings.
    assert.strictEqual(doc.eol, vscode.EndOfLine.CRLF);
    assert.strictEqual(
      doc.getText(),
      crlf.replace('allowPrivilegeEscalation: true # was needed', 'allowPrivilegeEscalation: false # was needed'),
    );
    await waitForExactly(doc.uri, ['pss-privileged@26:8-26:24:error', 'read-only-root-filesystem@28:8-28:37:warning']);
  });

  test('the quick-fix list offers the documentation action', async () => {
    const { doc } = await openFile('hover/privileged.yaml');
    const diags = await waitForExactly(doc.uri, ['pss-privileged@25:8-25:24:error']);
    const actions = await quickFixesFor(doc.uri, find(diags, 'pss-privileged'));
    const docs = actions.find((a) => a.title === 'Show documentation for pss-privileged');
    assert.ok(docs, `no documentation action among ${JSON.stringify(actions.map((a) => a.title))}`);
    assert.strictEqual(docs.command?.command, 'kubeGuardrails.showRuleDocs');
    assert.deepStrictEqual(docs.command?.arguments, ['pss-privileged']);
    assert.notStrictEqual(docs.isPreferred, true);
  });

  test('fix-all on save (editor.codeActionsOnSave: source.fixAll.kubeGuardrails) fixes every auto-fixable finding', async () => {
    const { doc } = await openFile('fix/fix-all.yaml');
    const onSave = vscode.workspace.getConfiguration('editor', { languageId: 'yaml' }).get<Record<string, string>>('codeActionsOnSave');
    assert.deepStrictEqual(onSave, { 'source.fixAll.kubeGuardrails': 'explicit' }, 'the workspace .vscode/settings.json was not read');
    await waitForExactly(doc.uri, [
      'pss-privileged@26:8-26:24:error',
      'pss-allow-privilege-escalation@27:8-27:38:warning',
      'read-only-root-filesystem@28:8-28:37:warning',
    ]);
    const before = doc.getText();
    // Make the document dirty the way a user would, then save explicitly (Ctrl+S).
    const edit = new vscode.WorkspaceEdit();
    edit.replace(doc.uri, doc.lineAt(0).range, '# Three auto-fixable problems in one container; saving fixed them all.');
    assert.ok(await vscode.workspace.applyEdit(edit));
    await vscode.commands.executeCommand('workbench.action.files.save');
    const expected = before
      .replace('saving fixes them all.', 'saving fixed them all.')
      .replace('        privileged: true\n', '        privileged: false\n')
      .replace('        allowPrivilegeEscalation: true # was needed', '        allowPrivilegeEscalation: false # was needed')
      .replace('        readOnlyRootFilesystem: false\n', '        readOnlyRootFilesystem: true\n');
    assert.strictEqual(doc.getText(), expected);
    assert.strictEqual(doc.isDirty, false, 'the document was not saved');
    const onDisk = new TextDecoder().decode(await vscode.workspace.fs.readFile(doc.uri));
    assert.strictEqual(onDisk, expected);
    await waitForExactly(doc.uri, []);
  });
});
