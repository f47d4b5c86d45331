import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { TestClient, rangeStr } from '../lsp/harness';
import { pathToUri } from '../../server/src/lsp/uris';
import { cli, inFolder } from './cli-helpers';
import { tarGz } from './tar-helper';
import { workspaceFiles } from '../../server/src/lsp/workspace/workspaceFiles';

/**
 * A chart with a packaged subchart (`charts/sub-0.1.0.tgz`) renders in the editor as in `scan`:
 * the editor's SourceFiles read bytes (lsp/workspace/workspaceFiles.ts, node/confinedFiles.ts),
 * and a subchart that cannot be read is a not-analysed error on the chart, never a clean chart.
 */

const SUB_POD =
  'apiVersion: v1\nkind: Pod\nmetadata:\n  name: sub\nspec:\n  hostNetwork: true\n  containers:\n    - name: app\n      image: registry.example.com/app:1.0\n';

/** A workspace holding chart `c` whose `charts/` has `sub-0.1.0.tgz` (written by `subchart`). */
function workspace(subchart: (file: string, root: string) => void): { root: string; cleanup: () => void } {
  const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'kg-tgz-')));
  const ws = path.join(root, 'ws');
  fs.mkdirSync(path.join(ws, 'c', 'charts'), { recursive: true });
  fs.writeFileSync(path.join(ws, 'c', 'Chart.yaml'), 'apiVersion: v2\nname: c\nversion: 0.1.0\n');
  fs.writeFileSync(path.join(ws, 'c', 'values.yaml'), '{}\n');
  subchart(path.join(ws, 'c', 'charts', 'sub-0.1.0.tgz'), root);
  return { root: ws, cleanup: () => fs.rmSync(root, { recursive: true, force: true }) };
}

function packedSub(file: string): void {
  fs.writeFileSync(
    file,
    tarGz([
      { name: 'sub/Chart.yaml', data: 'apiVersion: v2\nname: sub\nversion: 0.1.0\n' },
      { name: 'sub/values.yaml', data: '{}\n' },
      { name: 'sub/templates/pod.yaml', data: SUB_POD },
    ]),
  );
}

interface JsonReport {
  findings: Array<{ file: string; ruleId: string; message: string; range: Parameters<typeof rangeStr>[0] }>;
  errors: Array<{ file: string; reason: string; message: string }>;
}

/** `scan` from the workspace folder (so it names files as the editor does), and the editor's diagnostics of Chart.yaml and the archive. */
async function bothViews(root: string) {
  const run = inFolder(root, () => cli('scan', '--no-config', '-f', 'json', '.'));
  const report = JSON.parse(run.stdout) as JsonReport;
  const c = new TestClient({ workspacePublishDelayMs: 0 });
  try {
    await c.initialize({ folders: [{ uri: pathToFileURL(root).toString(), name: 'ws' }], settings: {} });
    await c.settled();
    const chartYaml = path.join(root, 'c', 'Chart.yaml');
    await c.open(pathToUri(chartYaml), fs.readFileSync(chartYaml, 'utf8'));
    await c.settled();
    const editor = (file: string) =>
      c.lastDiagnostics(pathToUri(path.join(root, file))).map((d) => `${String(d.code)} ${rangeStr(d.range)} ${d.message}`);
    return { run, report, editor };
  } finally {
    c.dispose();
  }
}

/** Scan's errors on `file` as the editor shows them: a not-analysed error on the file's first line. */
function asNotAnalysed(report: JsonReport, file: string, firstLine: string): string[] {
  return report.errors
    .filter((e) => e.file === file)
    .map((e) => `not-analyzed 0:0-0:${firstLine.length} Not analysed (${e.reason}): ${e.message}`);
}

const CHART_YAML_LINE = 'apiVersion: v2';

test('a packaged subchart whose Pod uses hostNetwork: the editor shows on Chart.yaml exactly what scan reports', async () => {
  const t = workspace(packedSub);
  try {
    const { run, report, editor } = await bothViews(t.root);
    // Findings in an archive have no source file to be placed in: both name them on the chart, not analysed.
    assert.deepEqual(report.findings, []);
    assert.equal(run.code, 2);
    const expected = asNotAnalysed(report, 'c/Chart.yaml', CHART_YAML_LINE);
    assert.ok(
      expected.includes(
        'not-analyzed 0:0-0:14 Not analysed (placement-failed): a pss-host-namespaces finding on Pod "sub" built by c has no source position: not reported',
      ),
      expected.join('\n'),
    );
    assert.equal(expected.length, report.errors.length, 'every error is on the chart');
    assert.deepEqual(editor('c/Chart.yaml'), expected);
  } finally {
    t.cleanup();
  }
});

test('a packaged subchart that cannot be read (a link leading outside the workspace) fails closed: not analysed in the editor as in scan', async () => {
  const t = workspace((file, root) => {
    const away = path.join(root, 'away.tgz');
    packedSub(away);
    fs.symlinkSync(away, file);
  });
  try {
    const { run, report, editor } = await bothViews(t.root);
    assert.equal(run.code, 2);
    assert.deepEqual(report.findings, []);
    const problem = (archive: string) => `build of c is incomplete: ${archive}: packaged subchart could not be read`;
    assert.deepEqual(report.errors, [
      { file: 'c/charts/sub-0.1.0.tgz', reason: 'build-incomplete', message: problem('c/charts/sub-0.1.0.tgz') },
    ]);
    // The archive is no text the editor shows: the chart's Chart.yaml carries it, never a clean chart.
    assert.deepEqual(editor('c/Chart.yaml'), [
      `not-analyzed 0:0-0:14 Not analysed (build-incomplete): ${problem(path.join(t.root, 'c/charts/sub-0.1.0.tgz'))}`,
    ]);
  } finally {
    t.cleanup();
  }
});

test("the editor's SourceFiles: readBytes and isFile within the folders and the size cap (as the CLI's), an open document a file", () => {
  const t = workspace(packedSub);
  try {
    const archive = path.join(t.root, 'c', 'charts', 'sub-0.1.0.tgz');
    const bytes = fs.readFileSync(archive);
    const big = path.join(t.root, 'c', 'big.txt');
    fs.writeFileSync(big, 'x'.repeat(bytes.length + 1));
    const unsaved = path.join(t.root, 'c', 'unsaved.txt');
    const away = path.join(path.dirname(t.root), 'away.txt');
    fs.writeFileSync(away, 'secret');
    fs.symlinkSync(away, path.join(t.root, 'c', 'away.txt'));
    const files = workspaceFiles(
      [t.root],
      (f) => (f === unsaved ? 'open text' : undefined),
      (f) => fs.readFileSync(f, 'utf8'),
      bytes.length,
    );
    assert.deepEqual(files.readBytes?.(archive), bytes);
    assert.equal(files.isFile?.(archive), true);
    // Over the cap, outside by its real path or by its path, a folder: neither bytes nor a file.
    for (const p of [big, path.join(t.root, 'c', 'away.txt'), away, path.join(t.root, 'c')]) {
      assert.equal(files.readBytes?.(p), undefined, p);
      assert.equal(files.isFile?.(p), false, p);
    }
    assert.equal(files.isFile?.(unsaved), true);
    assert.equal(files.read(unsaved), 'open text');
  } finally {
    t.cleanup();
  }
});
