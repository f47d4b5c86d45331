import * as fs from 'fs';
import * as path from 'path';
import { DidChangeTextDocumentNotification, type TextDocumentContentChangeEvent } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { positionAt } from '../test/helpers';
import { TestClient } from '../test/lsp/harness';
import { fmt, median, percentile, table, timeMs } from './stats';

/**
 * (b) Edit-to-diagnostics latency through the language server (in-process client over
 * streams, debounce 0): a single-character incremental change in the middle of the file,
 * timed from sending `didChange` to receiving the diagnostics for that version. Each series
 * of `edits` runs `runs` times on a fresh server; the table shows the median of each figure.
 *
 * The last column is the floor no analysis can go below: applying the same edits to the
 * LSP library's TextDocument alone (as the server does), which copies the whole text on
 * every keystroke.
 */
export async function benchEditLatency(realworld: string, edits: number, runs: number): Promise<string> {
  const rows: string[][] = [];
  for (const f of ['argo-cd/install.yaml', 'kube-prometheus/all-manifests.yaml']) {
    const text = fs.readFileSync(path.join(realworld, f), 'utf8');
    const series: { p50: number; p95: number; max: number }[] = [];
    for (let r = 0; r < runs; r++) {
      const samples = await editSeries(f, text, edits);
      series.push({ p50: percentile(samples, 50), p95: percentile(samples, 95), max: Math.max(...samples) });
    }
    const floor = textUpdateSeries(text, edits);
    rows.push([
      f,
      String(edits),
      fmt(median(series.map((s) => s.p50))),
      fmt(median(series.map((s) => s.p95))),
      fmt(median(series.map((s) => s.max))),
      fmt(percentile(floor, 50)),
    ]);
  }
  return table(['file', 'edits', 'p50 ms', 'p95 ms', 'max ms', 'text update alone, p50 ms'], rows);
}

/** The middle of the file, at the start of a line inside a document (not a `---` line). */
function middleLine(text: string): { line: number; character: number } {
  let at = text.indexOf('\n', Math.floor(text.length / 2)) + 1;
  if (text.startsWith('---', at)) at = text.indexOf('\n', at) + 1;
  return positionAt(text, at);
}

/** Alternately inserts and deletes a comment character, so the text stays valid. */
function editAt(pos: { line: number; character: number }, i: number): TextDocumentContentChangeEvent {
  return i % 2 === 0
    ? { range: { start: pos, end: pos }, text: '#' }
    : { range: { start: pos, end: { line: pos.line, character: pos.character + 1 } }, text: '' };
}

async function editSeries(f: string, text: string, edits: number): Promise<number[]> {
  const client = new TestClient({ debounceMs: 0 });
  try {
    await client.initialize();
    const uri = `file:///bench/${f.replace('/', '-')}`;
    await client.open(uri, text);
    const pos = middleLine(text);
    const samples: number[] = [];
    for (let i = 0; i < edits; i++) {
      const version = i + 2;
      const t = process.hrtime.bigint();
      const published = client.next(uri);
      await client.conn.sendNotification(DidChangeTextDocumentNotification.type, {
        textDocument: { uri, version },
        contentChanges: [editAt(pos, i)],
      });
      let p = await withinAMinute(published, `${f}: diagnostics for version ${version}`);
      while (p.version !== version) p = await withinAMinute(client.next(uri), `${f}: diagnostics for version ${version}`);
      samples.push(Number(process.hrtime.bigint() - t) / 1e6);
    }
    return samples;
  } finally {
    client.dispose();
  }
}

function textUpdateSeries(text: string, edits: number): number[] {
  const doc = TextDocument.create('file:///bench/floor.yaml', 'yaml', 1, text);
  const pos = middleLine(text);
  const samples: number[] = [];
  for (let i = 0; i < edits; i++) {
    samples.push(
      timeMs(() => {
        TextDocument.update(doc, [editAt(pos, i)], i + 2);
        doc.getText().charCodeAt(0); // the server reads the text right after
      }),
    );
  }
  return samples;
}

/** A wait that cannot hang the benchmark: a missing publish is reported as an error. */
export function withinAMinute<T>(promise: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>(
    (_, reject) => (timer = setTimeout(() => reject(new Error(`no answer within a minute: ${what}`)), 60_000)),
  );
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
