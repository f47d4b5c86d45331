import * as assert from 'node:assert/strict';
import { spawn } from 'child_process';
import {
  createProtocolConnection,
  ExitNotification,
  InitializedNotification,
  InitializeRequest,
  ShutdownRequest,
  StreamMessageReader,
  StreamMessageWriter,
  type InitializeResult,
  type ProtocolConnection,
} from 'vscode-languageserver/node';

/**
 * Runs the bundled server (`server`: dist/server.js) as any LSP client would, over `--stdio`:
 * initialize (no workspace folder), `body` with the connection and the initialize result, then
 * shutdown and exit, which must end the process with code 0.
 */
export async function withStdioServer<T>(
  server: string,
  body: (conn: ProtocolConnection, init: InitializeResult) => Promise<T>,
): Promise<T> {
  const child = spawn(process.execPath, [server, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const conn = createProtocolConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
  conn.listen();
  try {
    const init = await conn.sendRequest(InitializeRequest.type, {
      processId: process.pid,
      rootUri: null,
      capabilities: {},
      workspaceFolders: null,
    });
    await conn.sendNotification(InitializedNotification.type, {});
    const result = await body(conn, init);
    await conn.sendRequest(ShutdownRequest.type);
    await conn.sendNotification(ExitNotification.type);
    assert.equal(await exited, 0);
    return result;
  } finally {
    conn.dispose();
    child.kill();
  }
}
