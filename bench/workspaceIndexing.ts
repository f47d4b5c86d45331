import { spawn } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import {
  ConfigurationRequest,
  createProtocolConnection,
  InitializedNotification,
  InitializeRequest,
  RegistrationRequest,
  StreamMessageReader,
  StreamMessageWriter,
  WorkDoneProgressCreateRequest,
} from 'vscode-languageserver/node';
import { fmt, median, table } from './stats';
import { generateWorkspace } from './generatedRepo';

/**
 * (c) Workspace indexing time and (d) peak RSS of the language server, run as users run it:
 * `node dist/server.js --stdio` in its own process, asked to index a workspace folder; the
 * time is from `initialized` to the end of the indexing work-done progress, which the
 * server ends once every file is read and indexed and the cross-file findings are analysed
 * and published. The memory is the process' peak resident set (VmHWM) read from /proc then.
 */
export async function benchWorkspaceIndexing(realworld: string, serverJs: string, runs: number): Promise<string> {
  const generated = generateWorkspace(10_000);
  const rows: string[][] = [];
  try {
    for (const [label, folder] of [
      ['kube-prometheus/manifests/ (95 files)', path.join(realworld, 'kube-prometheus', 'manifests')],
      ['generated (10,000 files)', generated],
    ] as const) {
      const times: number[] = [];
      const rss: number[] = [];
      for (let i = 0; i < runs; i++) {
        const r = await indexOnce(serverJs, folder);
        times.push(r.ms);
        rss.push(r.peakRssMb);
      }
      rows.push([label, fmt(median(times)), `${median(rss).toFixed(0)} MB`]);
    }
  } finally {
    fs.rmSync(generated, { recursive: true, force: true });
  }
  return table(['workspace', 'indexing ms (to progress end)', 'server peak RSS'], rows);
}

function indexOnce(serverJs: string, folder: string): Promise<{ ms: number; peakRssMb: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [serverJs, '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
    const conn = createProtocolConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
    const tokens = new Set<string | number>();
    let started = 0n;
    // Every way this can end settles the promise: a stuck or crashed server is an error, not a hang.
    const fail = (message: string) => {
      clearTimeout(timeout);
      conn.dispose();
      child.kill();
      reject(new Error(message));
    };
    const timeout = setTimeout(() => fail(`indexing ${folder} did not finish within 10 minutes`), 600_000);
    child.on('exit', (code, signal) => fail(`the server exited (${signal ?? code}) before indexing ${folder} finished`));
    conn.onRequest(ConfigurationRequest.type, (p) => p.items.map(() => ({})));
    conn.onRequest(RegistrationRequest.type, () => undefined);
    conn.onRequest(WorkDoneProgressCreateRequest.type, (p) => {
      tokens.add(p.token);
    });
    conn.onNotification('$/progress', (p: { token: string | number; value: { kind: string } }) => {
      if (!tokens.has(p.token) || p.value.kind !== 'end') return;
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      const status = fs.readFileSync(`/proc/${child.pid}/status`, 'utf8');
      const hwm = /VmHWM:\s+(\d+) kB/.exec(status);
      clearTimeout(timeout);
      child.removeAllListeners('exit');
      conn.dispose();
      child.kill();
      resolve({ ms, peakRssMb: hwm ? Number(hwm[1]) / 1024 : NaN });
    });
    conn.listen();
    void (async () => {
      await conn.sendRequest(InitializeRequest.type, {
        processId: process.pid,
        rootUri: null,
        capabilities: { window: { workDoneProgress: true }, workspace: { configuration: true, workspaceFolders: true } },
        workspaceFolders: [{ uri: `file://${folder}`, name: path.basename(folder) }],
      });
      started = process.hrtime.bigint();
      await conn.sendNotification(InitializedNotification.type, {});
    })().catch((e: unknown) => fail(`talking to the server: ${e instanceof Error ? e.message : String(e)}`));
  });
}

/** A synthetic workspace (a temporary folder; the caller removes it): namespaces of Deployments, Services, Roles, bindings and policies. */
