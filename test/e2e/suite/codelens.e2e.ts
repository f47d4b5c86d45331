import * as assert from 'assert';
import * as vscode from 'vscode';
import { suite, suiteSetup, test } from 'mocha';
import { activateExtension, applyAction, find, openFile, quickFixesFor, waitForExactly, waitForValue } from './helpers';

async function lensTitles(uri: vscode.Uri): Promise<string[]> {
  const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri, 100);
  return (lenses ?? []).filter((l) => l.command?.title.startsWith('PSS: ')).map((l) => `${l.range.start.line}: ${l.command!.title}`);
}

suite('CodeLens', () => {
  suiteSetup(activateExtension);

  test('a workload shows its security posture above it, and the lens follows a fix', async () => {
    const { doc } = await openFile('lens/privileged.yaml');
    const diags = await waitForExactly(doc.uri, ['pss-privileged@25:8-25:24:error']);
    // Lenses are empty until the workspace index is complete: wait for it, not race it.
    await waitForValue(
      () => lensTitles(doc.uri),
      ['3: PSS: fails baseline · Ingress: default-deny-all · Egress: default-deny-all · SA "api": no dangerous permissions'],
      'the lens of the privileged workload',
    );
    const fix = (await quickFixesFor(doc.uri, find(diags, 'pss-privileged'))).find((a) => a.title === 'Set privileged: false');
    assert.ok(fix);
    await applyAction(fix);
    await waitForExactly(doc.uri, []);
    await waitForValue(
      () => lensTitles(doc.uri),
      ['3: PSS: restricted · Ingress: default-deny-all · Egress: default-deny-all · SA "api": no dangerous permissions'],
      'the lens after the fix',
    );
  });
});
