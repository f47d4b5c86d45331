import * as assert from 'assert';
import * as vscode from 'vscode';
import { suite, suiteSetup, test } from 'mocha';
import { activateExtension, codeOf, openFile, waitForExactly } from './helpers';

suite('diagnostics', () => {
  suiteSetup(activateExtension);

  test('fixture manifest: exact codes, ranges, severities, messages and source', async () => {
    const { doc } = await openFile('manifests/web.yaml');
    const diags = await waitForExactly(doc.uri, [
      'pss-privileged@39:12-39:28:error',
      'memory-limit-missing@46:10-46:19:warning',
      'image-pull-policy-not-always@45:10-45:55:info',
    ]);
    const byCode = new Map(diags.map((d) => [codeOf(d), d]));
    assert.strictEqual(byCode.get('pss-privileged')?.message, 'Container "app" of Deployment "web" is privileged.');
    assert.strictEqual(
      byCode.get('memory-limit-missing')?.message,
      'Container "log-shipper" of Deployment "web" has no memory limit (resources.limits.memory).',
    );
    assert.strictEqual(
      byCode.get('image-pull-policy-not-always')?.message,
      'Container "log-shipper" of Deployment "web" pulls "registry.example.com/tools/shipper:3.1", whose tag can move, with the default imagePullPolicy IfNotPresent.',
    );
    for (const d of diags) {
      assert.strictEqual(d.source, 'kube-guardrails');
      // A range never spans lines: the offending key/value or the key that should hold it.
      assert.strictEqual(d.range.start.line, d.range.end.line, `${codeOf(d)} spans lines`);
      assert.strictEqual(doc.getText(d.range).includes('\n'), false);
    }
    assert.strictEqual(doc.getText(byCode.get('pss-privileged')!.range), 'privileged: true');
  });

  test('diagnostics follow edits: removing the offending line clears the finding', async () => {
    const { doc } = await openFile('manifests/web.yaml');
    await waitForExactly(doc.uri, [
      'pss-privileged@39:12-39:28:error',
      'memory-limit-missing@46:10-46:19:warning',
      'image-pull-policy-not-always@45:10-45:55:info',
    ]);
    const line = doc.lineAt(39);
    assert.strictEqual(line.text.trim(), 'privileged: true # nobody needs this');
    const edit = new vscode.WorkspaceEdit();
    edit.delete(doc.uri, line.rangeIncludingLineBreak);
    assert.ok(await vscode.workspace.applyEdit(edit));
    await waitForExactly(doc.uri, ['memory-limit-missing@45:10-45:19:warning', 'image-pull-policy-not-always@44:10-44:55:info']);
    // Leave the shared fixture as it was for the other tests.
    await vscode.commands.executeCommand('undo');
    await waitForExactly(doc.uri, [
      'pss-privileged@39:12-39:28:error',
      'memory-limit-missing@46:10-46:19:warning',
      'image-pull-policy-not-always@45:10-45:55:info',
    ]);
  });
});
