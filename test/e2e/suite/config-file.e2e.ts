import * as assert from 'assert';
import * as vscode from 'vscode';
import { suite, suiteSetup, suiteTeardown, test } from 'mocha';
import { activateExtension, codeOf, fileUri, openFile, waitForExactly } from './helpers';

const CONFIG = '.kube-guardrails.yaml';

async function writeConfig(text: string): Promise<void> {
  await vscode.workspace.fs.writeFile(fileUri(CONFIG), new TextEncoder().encode(text));
}

suite('.kube-guardrails.yaml', () => {
  suiteSetup(activateExtension);
  suiteTeardown(async () => {
    await vscode.workspace.fs.delete(fileUri(CONFIG)).then(undefined, () => undefined);
  });

  test('a broken config file shows its error at the offending key, and a fix clears it', async () => {
    await writeConfig('profile: restricted\nrules:\n  pss-privileged: loud\n');
    const { doc } = await openFile(CONFIG);
    const diags = await waitForExactly(doc.uri, ['config-schema@2:18-2:22:error']);
    assert.strictEqual(diags[0]!.message, 'rules.pss-privileged must be one of off, error, warning, info, not "loud".');
    assert.strictEqual(doc.getText(diags[0]!.range), 'loud');
    assert.strictEqual(codeOf(diags[0]!), 'config-schema');

    await writeConfig('profile: restricted\nrules:\n  pss-privileged: warning\n');
    await waitForExactly(doc.uri, []);
  });

  test('the config file applies to manifests: a rule level set there changes the diagnostics', async () => {
    const { doc } = await openFile('settings/privileged.yaml');
    await writeConfig('rules:\n  pss-privileged: info\n');
    await waitForExactly(doc.uri, ['pss-privileged@25:8-25:24:info']);
    await vscode.workspace.fs.delete(fileUri(CONFIG));
    await waitForExactly(doc.uri, ['pss-privileged@25:8-25:24:error']);
  });
});
