import * as assert from 'assert';
import * as vscode from 'vscode';
import { suite, suiteSetup, test } from 'mocha';
import { activateExtension, applyAction, codeOf, fileUri, find, openFile, quickFixesFor, summarize, waitForDiagnostics } from './helpers';

suite('Helm charts', () => {
  suiteSetup(activateExtension);

  test('the helm create scaffold: its deployment template shows the render findings; a quick fix edits values.yaml and the diagnostic goes away', async () => {
    const { doc } = await openFile('helm/demo/templates/deployment.yaml');
    const has = (code: string) => (ds: vscode.Diagnostic[]) => ds.some((d) => codeOf(d) === code);
    const diags = await waitForDiagnostics(doc.uri, has('read-only-root-filesystem'), 'read-only-root-filesystem', 60_000);
    assert.ok(has('pss-run-as-non-root')(diags), JSON.stringify(summarize(diags)));
    const d = find(diags, 'read-only-root-filesystem');
    assert.match(d.message, /\(Deployment "release-name-chart" built by helm\/demo\)$/);

    const actions = await quickFixesFor(doc.uri, d);
    const fix = actions.find((a) => a.title === 'Set readOnlyRootFilesystem: true (in values.yaml: securityContext)');
    assert.ok(fix, `no values.yaml fix among ${JSON.stringify(actions.map((a) => a.title))}`);
    const values = await vscode.workspace.openTextDocument(fileUri('helm/demo/values.yaml'));
    const before = values.getText();
    await applyAction(fix);
    assert.strictEqual(values.getText(), before.replace('\nsecurityContext: {}\n', '\nsecurityContext: {readOnlyRootFilesystem: true}\n'));
    // The template itself is untouched; the render now sets the field and the finding is gone.
    await waitForDiagnostics(
      doc.uri,
      (ds) => !has('read-only-root-filesystem')(ds) && has('cpu-request-missing')(ds),
      'the fixed finding gone',
    );
    // The container's securityContext is now `toYaml .Values.securityContext`: what it still lacks is shown on that values key.
    const line = values.getText().split('\n').indexOf('securityContext: {readOnlyRootFilesystem: true}');
    const onValues = await waitForDiagnostics(values.uri, has('pss-run-as-non-root'), 'pss-run-as-non-root on the values key');
    assert.strictEqual(find(onValues, 'pss-run-as-non-root').range.start.line, line);
  });
});
