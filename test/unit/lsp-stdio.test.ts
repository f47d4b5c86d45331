import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { DidOpenTextDocumentNotification, PublishDiagnosticsNotification, type PublishDiagnosticsParams } from 'vscode-languageserver/node';
import { withStdioServer } from '../lsp/stdioServer';
import { REPO_ROOT, yaml } from '../helpers';

const SERVER = path.join(REPO_ROOT, 'dist', 'server.js');

/** Any LSP client can run the bundled server with `--stdio` (the VS Code client uses IPC). */
test('dist/server.js --stdio: initialize, didOpen, publishDiagnostics, shutdown, exit 0', { timeout: 30000 }, async () => {
  assert.ok(fs.existsSync(SERVER), `${SERVER} is missing: run \`npm run build\` first`);
  await withStdioServer(SERVER, async (conn, init) => {
    const uri = 'file:///stdio/pod.yaml';
    const published = new Promise<PublishDiagnosticsParams>((resolve) =>
      conn.onNotification(PublishDiagnosticsNotification.type, (p) => {
        if (p.uri === uri) resolve(p);
      }),
    );
    assert.equal(init.serverInfo?.name, 'kube-guardrails');
    assert.ok(init.capabilities.hoverProvider);
    const text = yaml(
      'apiVersion: v1',
      'kind: Pod',
      'metadata:',
      '  name: p',
      'spec:',
      '  containers:',
      '  - name: c',
      '    image: x:1',
      '    securityContext: {privileged: true}',
    );
    await conn.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'yaml', version: 1, text } });
    const p = await published;
    const privileged = p.diagnostics.filter((d) => d.code === 'pss-privileged');
    assert.equal(privileged.length, 1);
    assert.deepEqual(privileged[0]!.range, { start: { line: 8, character: 22 }, end: { line: 8, character: 38 } });
    assert.equal(privileged[0]!.source, 'kube-guardrails');
    // The bundled server resolves docs relative to dist/: <extension>/docs/rules/<id>.md.
    assert.equal(
      privileged[0]!.codeDescription?.href,
      pathToFileURL(path.join(REPO_ROOT, 'docs', 'rules', 'pss-privileged.md')).toString(),
    );
  });
});
