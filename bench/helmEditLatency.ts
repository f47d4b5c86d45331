import * as fs from 'fs';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { DidChangeTextDocumentNotification, type Diagnostic, type TextDocumentContentChangeEvent } from 'vscode-languageserver/node';
import { TestClient } from '../test/lsp/harness';
import { pathToUri } from '../server/src/lsp/uris';
import { assembleKubePrometheusStack } from './helmRender';
import { withinAMinute } from './editLatency';
import { fmt, median, percentile, table } from './stats';

/**
 * (h) Edit-to-diagnostics latency for a Helm chart through the language server: the
 * kube-prometheus-stack chart (subcharts vendored, as in (e) and (f)) in a workspace folder,
 * a template, `_helpers.tpl` and values.yaml open, one-line edits to each in turn (a comment
 * line inserted at the top, then removed). Debounce 0, so the figure is the time beyond the
 * quiet period; the workspace's 50 ms publish coalescing is kept, as in the editor.
 *
 * "file" is the time until the edited file's diagnostics that follow the edit are published
 * (the template's and values.yaml's findings all move one line down, then back: the re-render
 * placed them); "all" is the time until the server is idle, every file's diagnostics sent.
 * A helper edit changes no diagnostics of its own file, so it has only "all". "CPU" is the
 * process's CPU time per edit (server and in-process client): what the figures come to on a
 * machine where nothing else runs.
 */

const EDITED = {
  template: 'chart/templates/prometheus-operator/deployment.yaml',
  helpers: 'chart/templates/_helpers.tpl',
  values: 'chart/values.yaml',
} as const;
type Edited = keyof typeof EDITED;

/** A comment line that renders to nothing (templates) or is a YAML comment (values). */
const LINE: Record<Edited, string> = {
  template: '{{- /* bench edit */ -}}\n',
  helpers: '{{- /* bench edit */ -}}\n',
  values: '# bench edit\n',
};

export async function benchHelmEditLatency(corpus: string, edits: number, runs: number): Promise<string> {
  const file: Record<Edited, number[][]> = { template: [], helpers: [], values: [] };
  const all: Record<Edited, number[][]> = { template: [], helpers: [], values: [] };
  const cpu: Record<Edited, number[][]> = { template: [], helpers: [], values: [] };
  let firstIndexMs = 0;
  for (let r = 0; r < runs; r++) {
    const run = await editSeries(corpus, edits);
    firstIndexMs = run.firstIndexMs;
    for (const k of Object.keys(EDITED) as Edited[]) {
      file[k].push(run.file[k]);
      all[k].push(run.all[k]);
      cpu[k].push(run.cpu[k]);
    }
  }
  const stat = (series: number[][], p: number) => (series[0]?.length ? fmt(median(series.map((s) => percentile(s, p)))) : '–');
  const rows = (Object.keys(EDITED) as Edited[]).map((k) => [
    EDITED[k].replace('chart/', ''),
    String(all[k][0]?.length ?? 0),
    stat(file[k], 50),
    stat(file[k], 95),
    stat(all[k], 50),
    stat(all[k], 95),
    stat(all[k], 100),
    stat(cpu[k], 50),
  ]);
  return (
    `kube-prometheus-stack opened as a workspace folder: first index and render ${fmt(firstIndexMs)} ms\n\n` +
    table(['edited file', 'edits', 'file p50 ms', 'file p95 ms', 'all p50 ms', 'all p95 ms', 'all max ms', 'CPU p50 ms'], rows)
  );
}

async function editSeries(
  corpus: string,
  edits: number,
): Promise<{ firstIndexMs: number; file: Record<Edited, number[]>; all: Record<Edited, number[]>; cpu: Record<Edited, number[]> }> {
  const dir = fs.realpathSync(assembleKubePrometheusStack(corpus));
  const client = new TestClient({ debounceMs: 0 });
  try {
    const t0 = process.hrtime.bigint();
    await client.initialize({ folders: [{ uri: pathToFileURL(dir).toString(), name: 'kps' }] });
    await client.settled();
    const firstIndexMs = Number(process.hrtime.bigint() - t0) / 1e6;
    const uris = {} as Record<Edited, string>;
    for (const k of Object.keys(EDITED) as Edited[]) {
      uris[k] = pathToUri(path.join(dir, EDITED[k]));
      await client.open(uris[k], fs.readFileSync(path.join(dir, EDITED[k]), 'utf8'));
    }
    await client.settled();
    for (const k of ['template', 'values'] as const)
      if (client.lastDiagnostics(uris[k]).length === 0) throw new Error(`${EDITED[k]} has no diagnostics to follow`);
    const file: Record<Edited, number[]> = { template: [], helpers: [], values: [] };
    const all: Record<Edited, number[]> = { template: [], helpers: [], values: [] };
    const cpu: Record<Edited, number[]> = { template: [], helpers: [], values: [] };
    const versions: Record<Edited, number> = { template: 1, helpers: 1, values: 1 }; // opened at version 1
    for (let i = 0; i < edits; i++) {
      const k = (['template', 'helpers', 'values'] as const)[i % 3]!;
      const inserting = Math.floor(i / 3) % 2 === 0;
      const uri = uris[k];
      const version = (versions[k] += 1);
      const expected = k === 'helpers' ? undefined : summary(client.lastDiagnostics(uri), inserting ? 1 : -1);
      const t = process.hrtime.bigint();
      const c0 = process.cpuUsage();
      await client.conn.sendNotification(DidChangeTextDocumentNotification.type, {
        textDocument: { uri, version },
        contentChanges: [lineEdit(LINE[k], inserting)],
      });
      if (expected !== undefined) {
        // Past the publishes queued before the edit: the validator's for this version comes first.
        let p = await withinAMinute(client.next(uri), `${k}: version ${version}`);
        while (p.version !== version) p = await withinAMinute(client.next(uri), `${k}: version ${version}`);
        while (summary(p.diagnostics, 0) !== expected) p = await withinAMinute(client.next(uri), `${k}: moved diagnostics`);
        file[k].push(Number(process.hrtime.bigint() - t) / 1e6);
      }
      await client.settled();
      all[k].push(Number(process.hrtime.bigint() - t) / 1e6);
      const c = process.cpuUsage(c0);
      cpu[k].push((c.user + c.system) / 1000);
    }
    return { firstIndexMs, file, all, cpu };
  } finally {
    client.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Inserts `line` at the top of the file, or removes it again. */
function lineEdit(line: string, inserting: boolean): TextDocumentContentChangeEvent {
  const top = { line: 0, character: 0 };
  return inserting ? { range: { start: top, end: top }, text: line } : { range: { start: top, end: { line: 1, character: 0 } }, text: '' };
}

/** Rule id and range of each diagnostic, lines moved by `shift`, in a stable order. */
function summary(ds: readonly Diagnostic[], shift: number): string {
  return ds
    .map(
      (d) =>
        `${String(d.code)} ${d.range.start.line + shift}:${d.range.start.character}-${d.range.end.line + shift}:${d.range.end.character}`,
    )
    .sort()
    .join('\n');
}
