import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { LogMessageNotification, type LogMessageParams } from 'vscode-languageserver/node';
import { coreServices } from '../../server/src/lsp/coreServices';
import { PRIVILEGED_POD } from '../helpers';
import { TestClient } from '../lsp/harness';

test(
  'an exception inside analysis never escapes to the connection: logged once, the document shown as not analysed, requests still answered',
  { timeout: 20000 },
  async () => {
    let calls = 0;
    const c = new TestClient({
      services: {
        ...coreServices,
        analyze: () => {
          calls++;
          throw new Error('boom');
        },
      },
    });
    const logs: LogMessageParams[] = [];
    c.conn.onNotification(LogMessageNotification.type, (p) => logs.push(p));
    try {
      await c.initialize();
      const uri = 'file:///ws/boom.yaml';
      await c.conn.sendNotification('textDocument/didOpen', {
        textDocument: { uri, languageId: 'yaml', version: 1, text: PRIVILEGED_POD },
      });
      // Fail closed: the document is shown as not analysed, never as clean (the cross-file
      // findings, from the workspace index, ride along and are not about this analysis).
      const own = (await c.ownDiagnostics(uri)).filter((d) => (d.data as { workspace?: boolean } | undefined)?.workspace !== true);
      assert.deepEqual(own, [
        {
          range: { start: { line: 0, character: 0 }, end: { line: 0, character: 14 } },
          severity: 1,
          source: 'kube-guardrails',
          code: 'not-analyzed',
          message: 'Not analysed (analysis-failed): the analysis failed: boom',
        },
      ]);
      // Hover and code actions run the same failing analysis and answer with nothing.
      assert.equal(await c.hover(uri, 9, 8), null);
      assert.deepEqual(await c.codeActions(uri, { start: { line: 9, character: 6 }, end: { line: 9, character: 22 } }, []), []);
      assert.ok(calls >= 2);
      const boom = logs.filter((l) => l.message.includes('boom'));
      // The same failure in validation, hover and code actions: one log line per handler, not one per call.
      assert.ok(boom.length >= 1 && boom.length <= 3, `logged ${boom.length} times`);
      await c.hover(uri, 9, 8);
      assert.equal(logs.filter((l) => l.message.includes('boom')).length, boom.length, 'a repeated failure is not logged again');
    } finally {
      c.dispose();
    }
  },
);

test(
  'hostile input: binary text gets only its not-analyzed error, alias bombs publish nothing, the server keeps serving',
  { timeout: 20000 },
  async () => {
    const c = new TestClient();
    try {
      await c.initialize();
      // Fail closed: a binary file is never shown as clean.
      assert.deepEqual(await c.open('file:///ws/bin.yaml', 'apiVersion: v1\u0000\u0001kind: Pod\n'), [
        {
          range: { start: { line: 0, character: 0 }, end: { line: 0, character: 25 } },
          severity: 1,
          source: 'kube-guardrails',
          code: 'not-analyzed',
          message: 'Not analysed (binary): skipped: the file contains NUL bytes and looks binary, not YAML.',
        },
      ]);
      const bomb = ['a: &a ["x","x","x","x","x","x","x","x","x"]'];
      for (let i = 1; i < 9; i++)
        bomb.push(
          `${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(9)
            .fill('*' + String.fromCharCode(96 + i))
            .join(',')}]`,
        );
      assert.deepEqual(await c.open('file:///ws/bomb.yaml', bomb.join('\n') + '\n'), []);
      // Still serving.
      assert.equal((await c.open('file:///ws/pod.yaml', PRIVILEGED_POD)).filter((d) => d.code === 'pss-privileged').length, 1);
    } finally {
      c.dispose();
    }
  },
);

test(
  'bounded work in the server: a file past the document limit gets its not-analyzed error, and a request sent meanwhile is answered',
  { timeout: 60000 },
  async () => {
    const c = new TestClient();
    try {
      await c.initialize();
      await c.open('file:///ws/pod.yaml', PRIVILEGED_POD);
      const docs: string[] = [];
      for (let i = 0; i < 2005; i++) docs.push(PRIVILEGED_POD.replace('name: web', `name: web${i}`));
      const big = 'file:///ws/big.yaml';
      const published = c.ownDiagnostics(big);
      await c.conn.sendNotification('textDocument/didOpen', {
        textDocument: { uri: big, languageId: 'yaml', version: 1, text: docs.join('---\n') },
      });
      // Sent while the big file is analysed: answered (after it, the server being single-threaded).
      const hover = await c.hover('file:///ws/pod.yaml', 9, 8);
      assert.match(JSON.stringify(hover?.contents), /pss-privileged/);
      const cut = (await published).filter((d) => d.code === 'not-analyzed');
      assert.deepEqual(
        cut.map((d) => [d.range.start.line, d.message]),
        [
          [
            0,
            'Not analysed (analysis-limit): document 2001 not fully analysed: documents 2001 and after (5 more) not analysed: a file is analysed up to 2000 documents; split it into smaller files',
          ],
        ],
      );
    } finally {
      c.dispose();
    }
  },
);
