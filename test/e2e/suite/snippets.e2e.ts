import * as assert from 'assert';
import * as vscode from 'vscode';
import { suite, suiteSetup, test } from 'mocha';
import {
  EXTENSION_ID,
  activateExtension,
  afterNextPublish,
  codeOf,
  fileUri,
  ours,
  openFile,
  summarize,
  waitForDiagnostics,
} from './helpers';

interface SnippetFile {
  [name: string]: { prefix: string | string[]; body: string | string[]; description?: string };
}

/**
 * The chart snippets' file: a values block or a template with `{{ }}` is no Kubernetes object
 * on its own, so they are inserted into a chart instead (the last test).
 */
const HELM_SNIPPETS = 'helm.code-snippets.json';

/** The snippet prefixes the installed (packaged) extension contributes for YAML (`manifests`: without the chart snippets). */
async function contributedPrefixes(which: 'all' | 'manifests' = 'all'): Promise<string[]> {
  const ext = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(ext);
  const entries = (ext.packageJSON.contributes?.snippets ?? []) as Array<{ language: string; path: string }>;
  const yaml = entries.filter((e) => e.language === 'yaml' && (which === 'all' || !e.path.endsWith(HELM_SNIPPETS)));
  assert.ok(yaml.length > 0, 'package.json contributes no YAML snippets');
  const prefixes: string[] = [];
  for (const e of yaml) {
    const bytes = await vscode.workspace.fs.readFile(vscode.Uri.joinPath(ext.extensionUri, e.path));
    const file = JSON.parse(new TextDecoder().decode(bytes)) as SnippetFile;
    for (const s of Object.values(file)) prefixes.push(...(Array.isArray(s.prefix) ? s.prefix : [s.prefix]));
  }
  return prefixes;
}

function labelOf(item: vscode.CompletionItem): string {
  return typeof item.label === 'string' ? item.label : item.label.label;
}

suite('snippets', () => {
  suiteSetup(async () => {
    await activateExtension();
    // Open the empty file once and wait for its first publish, so that each later wait
    // for a publish belongs to the edit that preceded it.
    await afterNextPublish(fileUri('snippets/new.yaml'), () => openFile('snippets/new.yaml'));
  });

  test('completion in an empty YAML file offers the security snippets', async () => {
    const { doc } = await openFile('snippets/new.yaml');
    const list = await vscode.commands.executeCommand<vscode.CompletionList>(
      'vscode.executeCompletionItemProvider',
      doc.uri,
      new vscode.Position(0, 0),
    );
    const snippets = list.items.filter((i) => i.kind === vscode.CompletionItemKind.Snippet).map(labelOf);
    for (const want of [
      'k8sNetworkPolicyDefaultDeny',
      'k8sDeploymentRestricted',
      'k8sPodRestricted',
      'k8sRoleReadOnly',
      'k8sServiceAccountNoToken',
    ]) {
      assert.ok(snippets.includes(want), `no ${want} snippet among ${JSON.stringify(snippets)}`);
    }
    const prefixes = await contributedPrefixes();
    for (const p of prefixes) assert.ok(snippets.includes(p), `contributed snippet ${p} is not offered`);
  });

  test('every contributed manifest snippet, inserted through completion, yields no diagnostics', async () => {
    const { doc, editor } = await openFile('snippets/new.yaml');
    const prefixes = await contributedPrefixes('manifests');
    const list = await vscode.commands.executeCommand<vscode.CompletionList>(
      'vscode.executeCompletionItemProvider',
      doc.uri,
      new vscode.Position(0, 0),
    );
    const failures: string[] = [];
    for (const prefix of prefixes) {
      const item = list.items.find((i) => i.kind === vscode.CompletionItemKind.Snippet && labelOf(i) === prefix);
      assert.ok(item, `no completion item for ${prefix}`);
      const body = item.insertText;
      assert.ok(body instanceof vscode.SnippetString, `${prefix} has no snippet body`);
      // One edit replacing the whole file, then wait for the server's publish for it.
      const whole = new vscode.Range(doc.positionAt(0), doc.positionAt(doc.getText().length));
      await afterNextPublish(doc.uri, () => editor.insertSnippet(body, whole));
      assert.ok(/^kind: /m.test(doc.getText()), `${prefix} inserted no Kubernetes object:\n${doc.getText()}`);
      const diags = summarize(ours(doc.uri));
      if (diags.length > 0) failures.push(`${prefix}: ${JSON.stringify(diags)}`);
    }
    assert.deepStrictEqual(failures, []);
  });

  test('the chart snippets, inserted into a helm create chart, leave none of the findings they address', async () => {
    // helm/snippets-demo is the scaffold `helm create` writes (chart name `snippets`) with an empty templates/networkpolicy.yaml.
    const values = await openFile('helm/snippets-demo/values.yaml');
    const template = await openFile('helm/snippets-demo/templates/networkpolicy.yaml');
    const deployment = await openFile('helm/snippets-demo/templates/deployment.yaml');
    const codesAt = (uri: vscode.Uri) =>
      ours(uri)
        .map((d) => `${codeOf(d)}@${d.range.start.line + 1}`)
        .sort();
    try {
      await waitForDiagnostics(
        deployment.doc.uri,
        (ds) => ds.some((d) => codeOf(d) === 'netpol-ingress-isolation'),
        'the scaffold findings',
      );
      const snippetOf = async (doc: vscode.TextDocument, prefix: string): Promise<vscode.SnippetString> => {
        const list = await vscode.commands.executeCommand<vscode.CompletionList>(
          'vscode.executeCompletionItemProvider',
          doc.uri,
          new vscode.Position(0, 0),
        );
        const item = list.items.find((i) => i.kind === vscode.CompletionItemKind.Snippet && labelOf(i) === prefix);
        assert.ok(item && item.insertText instanceof vscode.SnippetString, `no snippet completion ${prefix}`);
        return item.insertText;
      };
      // The editor shown now: an editor object of a document shown earlier is closed once another one took its place.
      const insert = async (doc: vscode.TextDocument, prefix: string, at: vscode.Range) => {
        const editor = await vscode.window.showTextDocument(doc, { preview: false });
        assert.ok(await editor.insertSnippet(await snippetOf(doc, prefix), at), `${prefix} not inserted`);
        await vscode.commands.executeCommand('leaveSnippet');
      };
      // The values block replaces the scaffold's `podSecurityContext: {}` ... `securityContext: {}` lines.
      const lines = values.doc.getText().split('\n');
      const from = lines.indexOf('podSecurityContext: {}');
      const to = lines.indexOf('securityContext: {}');
      assert.ok(from >= 0 && to > from, 'the scaffold values.yaml');
      await insert(values.doc, 'helmValuesSecurityContext', new vscode.Range(from, 0, to, lines[to]!.length));
      const end = values.doc.positionAt(values.doc.getText().length);
      await insert(values.doc, 'helmValuesNetworkPolicy', new vscode.Range(end, end));
      await insert(template.doc, 'helmNetworkPolicyTemplate', new vscode.Range(0, 0, 0, 0));
      assert.match(template.doc.getText(), /^\{\{- if \.Values\.networkPolicy\.enabled \}\}\n/);
      assert.match(values.doc.getText(), /\nnetworkPolicy:\n {2}enabled: true\n/);
      // What the snippets do not address stays: the Deployment's resources and token mount.
      const remaining = [
        'automount-service-account-token@25',
        'cpu-request-missing@36',
        'memory-limit-missing@36',
        'memory-request-missing@36',
      ];
      await waitForDiagnostics(
        deployment.doc.uri,
        () => JSON.stringify(codesAt(deployment.doc.uri)) === JSON.stringify(remaining),
        `exactly ${JSON.stringify(remaining)} (last: ${JSON.stringify(codesAt(deployment.doc.uri))})`,
        60_000,
      );
      assert.deepStrictEqual(codesAt(values.doc.uri), []);
      assert.deepStrictEqual(codesAt(template.doc.uri), []);
    } finally {
      // Leave the fixture as it was for any later suite.
      for (const { doc } of [values, template]) {
        await vscode.window.showTextDocument(doc, { preview: false });
        await vscode.commands.executeCommand('workbench.action.files.revert');
      }
    }
  });
});
