import * as assert from 'assert';
import * as vscode from 'vscode';
import { suite, suiteSetup, suiteTeardown, test } from 'mocha';
import { activateExtension, openFile, updateSetting, waitForExactly } from './helpers';

suite('settings', () => {
  suiteSetup(activateExtension);
  suiteTeardown(() => updateSetting('kubeGuardrails', 'rules', undefined));

  test('kubeGuardrails.rules turns a rule off and changes its severity, without a reload', async () => {
    const { doc } = await openFile('settings/privileged.yaml');
    await waitForExactly(doc.uri, ['pss-privileged@25:8-25:24:error']);

    await updateSetting('kubeGuardrails', 'rules', { 'pss-privileged': 'off' });
    assert.deepStrictEqual(vscode.workspace.getConfiguration('kubeGuardrails').get('rules'), { 'pss-privileged': 'off' });
    await waitForExactly(doc.uri, []);

    await updateSetting('kubeGuardrails', 'rules', { 'pss-privileged': 'warning' });
    await waitForExactly(doc.uri, ['pss-privileged@25:8-25:24:warning']);

    await updateSetting('kubeGuardrails', 'rules', undefined);
    await waitForExactly(doc.uri, ['pss-privileged@25:8-25:24:error']);
  });
});
