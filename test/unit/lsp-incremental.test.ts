import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { DidChangeTextDocumentNotification, type Diagnostic, type TextDocumentContentChangeEvent } from 'vscode-languageserver/node';
import { TestClient } from '../lsp/harness';
import { positionAt, rng, SHARED } from '../helpers';

/**
 * Diagnostics carry the document version they were computed for in `data`; the rest must
 * match. Only the document's own: both documents are open at once, so (with no folder open)
 * they form one workspace, where the cross-file findings of two copies of a file differ.
 */
function withoutVersion(diagnostics: Diagnostic[]): unknown[] {
  return diagnostics
    .filter((d) => !(d.data as { workspace?: boolean }).workspace)
    .map((d) => ({ ...d, data: { ...(d.data as object), version: undefined } }));
}

test('incremental didChange edits (several per notification, some reversed) give the diagnostics of a fresh open', async () => {
  let text = fs.readFileSync(path.join(SHARED, 'corpus', 'realworld', 'ingress-nginx', 'deploy-cloud.yaml'), 'utf8');
  const inserts = ['a', '\n', '---\n', '\n---\n', 'privileged: true\n', '    hostNetwork: true\n', '#', ' ', 'kind: Pod\n'];
  const random = rng(7);
  const client = new TestClient({ debounceMs: 0 });
  await client.initialize();
  const uri = 'file:///edited/deploy.yaml';
  await client.openOwn(uri, text);
  let version = 1;
  for (let round = 0; round < 30; round++) {
    const changes: TextDocumentContentChangeEvent[] = [];
    for (let k = 1 + Math.floor(random() * 3); k > 0; k--) {
      const start = Math.floor(random() * text.length);
      const end = random() < 0.5 ? start : Math.min(text.length, start + 1 + Math.floor(random() * 30));
      const insert = inserts[Math.floor(random() * inserts.length)]!;
      const [a, b] = [positionAt(text, start), positionAt(text, end)];
      changes.push({ range: random() < 0.2 ? { start: b, end: a } : { start: a, end: b }, text: insert });
      text = text.slice(0, start) + insert + text.slice(end);
    }
    version++;
    await client.conn.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version }, contentChanges: changes });
    let published = await client.next(uri);
    while (published.version !== version) published = await client.next(uri);
    const fresh = `file:///fresh/${round}.yaml`;
    const expected = await client.openOwn(fresh, text);
    assert.deepEqual(withoutVersion(published.diagnostics), withoutVersion(expected), `round ${round}`);
    await client.close(fresh);
  }
  client.dispose();
});
