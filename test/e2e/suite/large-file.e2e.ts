import * as assert from 'assert';
import * as vscode from 'vscode';
import { suite, suiteSetup, test } from 'mocha';
import { activateExtension, codeOf, fileUri, openFile, waitForDiagnostics } from './helpers';

/** Copied into the workspace by the runner from ../shared/corpus/realworld/argo-cd/install.yaml. */
const ARGO = 'large/argo-cd-install.yaml';

suite('large real-world file', () => {
  suiteSetup(activateExtension);

  test('argo-cd install.yaml (1.9 MB, 59 documents) gets diagnostics and the extension host stays responsive', async () => {
    const stat = await vscode.workspace.fs.stat(fileUri(ARGO)).then(
      (s) => s,
      () => undefined,
    );
    assert.ok(stat, `${ARGO} is missing: the runner copies it from ../shared/corpus/realworld/argo-cd/install.yaml`);
    assert.ok(stat.size > 1_000_000, `${ARGO} is only ${stat.size} bytes`);

    const { doc } = await openFile(ARGO);
    const diags = await waitForDiagnostics(doc.uri, (d) => d.length > 0, 'any diagnostics', 60_000);
    const codes = new Set(diags.map(codeOf));
    // The CLI finds dozens of findings of about ten rules here (no resource requests, RBAC
    // wildcards, unpinned images, ...): the editor must find real problems too.
    assert.ok(diags.length >= 5, `only ${diags.length} diagnostics`);
    for (const d of diags) {
      assert.strictEqual(d.source, 'kube-guardrails');
      assert.strictEqual(d.range.start.line, d.range.end.line, `${codeOf(d)} spans lines`);
      assert.ok(d.range.start.line > 0, `${codeOf(d)} on line 0`);
    }
    assert.ok(codes.size >= 2, `only ${[...codes].join(', ')}`);

    // Responsiveness: commands served by the extension host and by the language server still answer.
    const t0 = Date.now();
    const symbols = await vscode.commands.executeCommand<unknown[]>('vscode.executeHoverProvider', doc.uri, diags[0]!.range.start);
    assert.ok(Array.isArray(symbols));
    const edit = new vscode.WorkspaceEdit();
    edit.insert(doc.uri, new vscode.Position(0, 0), '# edited\n');
    assert.ok(await vscode.workspace.applyEdit(edit));
    const first = diags[0];
    await waitForDiagnostics(
      doc.uri,
      (d) => d.some((x) => codeOf(x) === codeOf(first!) && x.range.start.line === first!.range.start.line + 1),
      'diagnostics shifted one line down after an edit at the top',
      60_000,
    );
    // Informational only (no timed assertion): a hung host would have failed the bounded waits.
    console.log(`      argo-cd: ${diags.length} diagnostics; hover + re-analysis after an edit took ${Date.now() - t0} ms`);
  });
});
