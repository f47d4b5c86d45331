import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { TestClient, rangeStr } from '../lsp/harness';
import { pathToUri } from '../../server/src/lsp/uris';
import { workspaceFiles } from '../../server/src/lsp/workspace/workspaceFiles';
import { confinedFiles } from '../../server/src/node/confinedFiles';
import { cli, inFolder } from './cli-helpers';

/**
 * The editor reads a chart's folders as the CLI does: `listEntries` (each entry with its kind, a
 * symbolic link resolved and confined) in both `SourceFiles`, so `.Files.Glob` walks the same
 * files and the chart renders the same objects in the editor and in `scan`.
 */

const TEMPLATE = [
  'apiVersion: v1',
  'kind: Pod',
  'metadata:',
  '  name: web',
  'spec:',
  '  containers:',
  '{{- range $path, $_ := .Files.Glob "images/**" }}',
  '    - name: {{ $path | replace "/" "-" | replace "." "-" }}',
  '      image: {{ $.Files.Get $path | trim }}',
  '{{- end }}',
  '',
].join('\n');

/** A workspace with a chart whose `images/` holds a file, a folder, a link to that folder, and a link leading outside. */
function chartWorkspace(): { root: string; outside: string; cleanup: () => void } {
  const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'kg-files-glob-')));
  const outside = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'kg-files-glob-outside-')));
  const write = (rel: string, text: string) => {
    fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    fs.writeFileSync(path.join(root, rel), text);
  };
  write('ws/c/Chart.yaml', 'apiVersion: v2\nname: c\nversion: 0.1.0\n');
  write('ws/c/values.yaml', '{}\n');
  write('ws/c/templates/pod.yaml', TEMPLATE);
  write('ws/c/images/a.txt', 'nginx:latest\n');
  write('ws/c/images/nested/b.txt', 'registry.example.com/b:1.0\n');
  fs.writeFileSync(path.join(outside, 'secret.txt'), 'registry.example.com/outside:latest\n');
  fs.symlinkSync('nested', path.join(root, 'ws/c/images/link'));
  fs.symlinkSync(outside, path.join(root, 'ws/c/images/away'));
  return {
    root: path.join(root, 'ws'),
    outside,
    cleanup: () => {
      fs.rmSync(root, { recursive: true, force: true });
      fs.rmSync(outside, { recursive: true, force: true });
    },
  };
}

test("the editor's SourceFiles list entries with their kinds as the CLI's do (links resolved, nothing outside listed)", () => {
  const t = chartWorkspace();
  try {
    const editor = workspaceFiles(
      [t.root],
      () => undefined,
      (f) => fs.readFileSync(f, 'utf8'),
      8 * 1024 * 1024,
    );
    const cliFiles = confinedFiles(t.root);
    const images = path.join(t.root, 'c', 'images');
    const sorted = (l: { name: string; isDirectory: boolean }[] | undefined) => l && [...l].sort((a, b) => a.name.localeCompare(b.name));
    const expected = [
      { name: 'a.txt', isDirectory: false },
      // A link leading outside the workspace is no directory of it.
      { name: 'away', isDirectory: false },
      { name: 'link', isDirectory: true },
      { name: 'nested', isDirectory: true },
    ];
    assert.deepEqual(sorted(editor.listEntries?.(images)), expected);
    assert.deepEqual(sorted(cliFiles.listEntries?.(images)), expected);
    for (const files of [editor, cliFiles]) {
      assert.equal(files.listEntries?.(path.join(images, 'away')), undefined);
      assert.equal(files.listEntries?.(t.outside), undefined);
      assert.equal(files.read(path.join(images, 'away', 'secret.txt')), undefined);
    }
  } finally {
    t.cleanup();
  }
});

test('a chart using .Files.Glob renders the same in the editor as in scan: the same findings on its template', async () => {
  const t = chartWorkspace();
  const template = path.join(t.root, 'c', 'templates', 'pod.yaml');
  const c = new TestClient({ workspacePublishDelayMs: 0 });
  try {
    // Scanned from the workspace folder, so the CLI names the chart as the editor does (workspace-relative).
    const run = inFolder(t.root, () => cli('scan', '--no-config', '-f', 'json', '.'));
    const report = JSON.parse(run.stdout) as {
      findings: Array<{ file: string; ruleId: string; message: string; range: Parameters<typeof rangeStr>[0] }>;
      errors: unknown[];
    };
    assert.deepEqual(report.errors, []);
    const fromCli = report.findings
      .filter((f) => f.file === path.join('c', 'templates', 'pod.yaml'))
      .map((f) => `${f.ruleId} ${rangeStr(f.range)} ${f.message}`);
    // The glob's files: a.txt, and b.txt through the folder and through the link to it (never the link leading outside).
    assert.ok(
      fromCli.includes(
        'image-pull-policy-not-always 8:6-8:43 Container "images-link-b-txt" of Pod "web" pulls "registry.example.com/b:1.0", whose tag can move, with the default imagePullPolicy IfNotPresent. (Pod "web" built by c)',
      ),
      fromCli.join('\n'),
    );
    assert.ok(!fromCli.some((f) => f.includes('outside')), fromCli.join('\n'));
    assert.ok(
      fromCli.includes(
        'image-tag-latest 8:6-8:43 Container "images-a-txt" of Pod "web": image "nginx:latest" uses the mutable latest tag. (Pod "web" built by c)',
      ),
      fromCli.join('\n'),
    );
    await c.initialize({ folders: [{ uri: pathToFileURL(t.root).toString(), name: 'ws' }], settings: {} });
    await c.settled();
    const uri = pathToUri(template);
    await c.open(uri, TEMPLATE);
    await c.settled();
    const fromEditor = c.lastDiagnostics(uri).map((d) => `${String(d.code)} ${rangeStr(d.range)} ${d.message}`);
    assert.deepEqual(fromEditor.sort(), fromCli.sort());
  } finally {
    c.dispose();
    t.cleanup();
  }
});
