import * as assert from 'assert';
import * as vscode from 'vscode';
import { suite, suiteSetup, test } from 'mocha';
import { EXTENSION_ID, activateExtension, allTabs, openFile, waitForTab, waitForValue } from './helpers';

/**
 * The extension-host half of the security map's editor test: the command and the workload
 * lens open one "Security map" webview, and its script and style ship in the package. What
 * the webview draws (nodes, edges, clicks) is checked from the browser by
 * scripts/e2e/map-check.mjs: webview DOM is out of the extension host's reach.
 */
const isMapTab = (t: vscode.Tab) => t.input instanceof vscode.TabInputWebview && t.input.viewType.includes('kubeGuardrails.securityMap');

async function mapLenses(uri: vscode.Uri): Promise<string[]> {
  const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri, 100);
  return (lenses ?? [])
    .filter((l) => l.command?.command === 'kubeGuardrails.showSecurityMap')
    .map((l) => `${l.range.start.line}: ${l.command!.title} ${JSON.stringify(l.command!.arguments)}`);
}

suite('Security map', () => {
  suiteSetup(activateExtension);

  test('the webview script and style are in the package', async () => {
    const dist = vscode.Uri.joinPath(vscode.extensions.getExtension(EXTENSION_ID)!.extensionUri, 'dist');
    for (const name of ['securityMap.js', 'securityMap.css']) {
      const stat = await vscode.workspace.fs.stat(vscode.Uri.joinPath(dist, name)).then(
        (s) => s,
        () => undefined,
      );
      assert.ok(stat && stat.size > 0, `dist/${name} is missing from the packaged extension`);
    }
  });

  test('"Show in security map" above a workload, and the command, open one map panel', async () => {
    const { doc } = await openFile('map/web.yaml');
    const lenses = await waitForValue(
      () => mapLenses(doc.uri),
      ['3: Show in security map [{"namespace":"map-web","focus":"workload:map-web/Deployment/frontend"}]'],
      'the security map lens of the front end',
    );
    assert.strictEqual(lenses.length, 1);
    await vscode.commands.executeCommand('kubeGuardrails.showSecurityMap', {
      namespace: 'map-web',
      focus: 'workload:map-web/Deployment/frontend',
    });
    const tab = await waitForTab(isMapTab, 'Security map');
    assert.strictEqual(tab.label, 'Security map');
    await vscode.commands.executeCommand('kubeGuardrails.showSecurityMap');
    assert.strictEqual(allTabs().filter(isMapTab).length, 1, 'the command reveals the open panel instead of opening a second');
  });
});
