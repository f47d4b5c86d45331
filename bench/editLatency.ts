import * as fs from 'fs';
import * as path from 'path';
import { DidChangeTextDocumentNotification } from 'vscode-languageserver/node';
import { TestClient } from '../test/lsp/harness';
import { fmt, percentile, table } from './stats';

/**
 * (b) Edit-to-diagnostics latency through the language server (in-process client over
 * streams, debounce 0): a single-character incremental change in the middle of the file,
 * timed from sending `didChange` to receiving the diagnostics for that version.
 */
export async function benchEditLatency(realworld: string, edits: number): Promise<string> {
  const rows: string[][] = [];
  for (const f of ['argo-cd/install.yaml', 'kube-prometheus/all-manifests.yaml']) {
    const text = fs.readFileSync(path.join(realworld, f), 'utf8');
    const client = new TestClient({ debounceMs: 0 });
    await client.initialize();
    const uri = `file:///bench/${f.replace('/', '-')}`;
    await client.open(uri, text);
    // The middle of the file, at the start of a line inside a document (not a `---` line).
    let at = text.indexOf('\n', Math.floor(text.length / 2)) + 1;
    if (text.startsWith('---', at)) at = text.indexOf('\n', at) + 1;
    const pos = lineCol(text, at);
    const samples: number[] = [];
    for (let i = 0; i < edits; i++) {
      const version = i + 2;
      // Alternate inserting and deleting a comment character so the text stays valid.
      const change = i % 2 === 0 ? { range: { start: pos, end: pos }, text: '#' } : { range: { start: pos, end: { line: pos.line, character: pos.character + 1 } }, text: '' };
      const t = process.hrtime.bigint();
      const published = client.next(uri);
      await client.conn.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version }, contentChanges: [change] });
      let p = await withinAMinute(published, `${f}: diagnostics for version ${version}`);
      while (p.version !== version) p = await withinAMinute(client.next(uri), `${f}: diagnostics for version ${version}`);
      samples.push(Number(process.hrtime.bigint() - t) / 1e6);
    }
    client.dispose();
    rows.push([f, String(edits), fmt(percentile(samples, 50)), fmt(percentile(samples, 95)), fmt(Math.max(...samples))]);
  }
  return table(['file', 'edits', 'p50 ms', 'p95 ms', 'max ms'], rows);
}

/** A wait that cannot hang the benchmark: a missing publish is reported as an error. */
function withinAMinute<T>(promise: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`no answer within a minute: ${what}`)), 60_000)));
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

function lineCol(text: string, offset: number): { line: number; character: number } {
  let line = 0;
  let last = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    last = i + 1;
  }
  return { line, character: offset - last };
}
