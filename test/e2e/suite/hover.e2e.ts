import * as assert from 'assert';
import * as vscode from 'vscode';
import { suite, suiteSetup, test } from 'mocha';
import { activateExtension, find, openFile, waitForExactly } from './helpers';

function hoverText(hovers: vscode.Hover[]): string {
  return hovers
    .flatMap((h) => h.contents)
    .map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : ''))
    .join('\n');
}

suite('hover', () => {
  suiteSetup(activateExtension);

  test('hovering a finding shows the rule title, message, why it matters, remediation and docs link', async () => {
    const { doc } = await openFile('hover/privileged.yaml');
    const diags = await waitForExactly(doc.uri, ['pss-privileged@25:8-25:24:error']);
    const at = find(diags, 'pss-privileged').range.start.translate(0, 3);
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, at);
    const text = hoverText(hovers ?? []);
    assert.ok(text.includes('**Privileged container**'), text);
    assert.ok(text.includes('`pss-privileged`'), text);
    assert.ok(text.includes('Container "docs" of Pod "docs" is privileged.'), text);
    assert.ok(text.includes('**Why it matters:** A privileged container runs with every capability'), text);
    assert.ok(text.includes('**Remediation:** Remove `privileged: true` from the container securityContext or set it to false.'), text);
    assert.ok(text.includes('[Documentation for pss-privileged]('), text);
    const ours = (hovers ?? []).find((h) => hoverText([h]).includes('pss-privileged'));
    assert.ok(ours?.range, 'our hover has no range');
    assert.strictEqual(ours.range.start.line, 25);
  });

  test('hovering a line without a finding shows none of our hovers', async () => {
    const { doc } = await openFile('hover/privileged.yaml');
    await waitForExactly(doc.uri, ['pss-privileged@25:8-25:24:error']);
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, new vscode.Position(3, 4));
    assert.strictEqual(hoverText(hovers ?? []).includes('pss-'), false);
  });
});
