import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { pathToUri } from '../../server/src/lsp/uris';
import { FIX_ALL_KIND } from '../../server/src/lsp/commands';
import { REPO_ROOT, SHARED } from '../helpers';
import { TestClient, applyWorkspaceEdit } from '../lsp/harness';
import { urisOf } from '../lsp/helmChart';
import { cli, inFolder } from './cli-helpers';

/**
 * `scan --fix` and the editor's fix-all use one engine on a chart (`fixAllAcross`), so fixing
 * a chart from the CLI and running fix-all in each of its templates and values.yaml in the
 * editor leave the same files (the review of issue #17, item 4: the CLI skipped values.yaml
 * when it had no finding of its own).
 */

/** Every file of `dir`, relative, with its text. */
function filesOf(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const full = path.join(d, e.name);
      if (e.isDirectory()) walk(full);
      else out.set(path.relative(dir, full), fs.readFileSync(full, 'utf8'));
    }
  };
  walk(dir);
  return out;
}

function copyOf(chart: string): string {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'kg-fix-parity-')));
  fs.cpSync(chart, path.join(dir, 'chart'), { recursive: true });
  return dir;
}

/**
 * Fix-all in the editor in values.yaml, then in each template, once (as saving each file once
 * with fix-all on save), each edit applied as a client would: an open document changed, a
 * closed file written and reported by the watcher. values.yaml stays closed. A fix can let
 * another show (the capabilities of a map the `with` fix made render, now on its values key):
 * a second fix-all in values.yaml would take it, as would a second `scan --fix`.
 */
async function editorFixAll(dir: string): Promise<Map<string, string>> {
  const chart = path.join(dir, 'chart');
  const files = [...filesOf(chart).keys()].filter((f) => f.startsWith('templates') && f.endsWith('.yaml')).sort();
  const c = new TestClient({ workspacePublishDelayMs: 0 });
  try {
    await c.initialize({ folders: [{ uri: pathToFileURL(dir).toString(), name: 'ws' }] });
    await c.settled();
    for (const rel of files) await c.open(pathToUri(path.join(chart, rel)), fs.readFileSync(path.join(chart, rel), 'utf8'));
    await c.settled();
    const opened = new Set(files.map((rel) => pathToUri(path.join(chart, rel))));
    for (const rel of ['values.yaml', ...files]) {
      const uri = pathToUri(path.join(chart, rel));
      const top = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
      const edit = (await c.codeActions(uri, top, [], [FIX_ALL_KIND]))[0]?.edit;
      for (const target of urisOf(edit)) {
        const file = new URL(target).pathname;
        if (opened.has(target)) await c.sendChange(target, applyWorkspaceEdit(c.text(target), target, edit));
        else {
          fs.writeFileSync(file, applyWorkspaceEdit(fs.readFileSync(file, 'utf8'), target, edit));
          await c.fileChanged(target);
        }
      }
      await c.settled();
    }
    const out = filesOf(chart);
    for (const rel of files) out.set(rel, c.text(pathToUri(path.join(chart, rel))));
    return out;
  } finally {
    c.dispose();
  }
}

async function parity(chart: string, changed: readonly string[]): Promise<Map<string, string>> {
  const before = filesOf(chart);
  const byCli = copyOf(chart);
  const byEditor = copyOf(chart);
  try {
    assert.equal(cli('scan', '--no-config', '--fix', byCli).stderr, '');
    const cliFiles = filesOf(path.join(byCli, 'chart'));
    const editorFiles = await editorFixAll(byEditor);
    assert.deepEqual(
      [...cliFiles].filter(([rel, text]) => before.get(rel) !== text).map(([rel]) => rel),
      changed,
    );
    assert.deepEqual(editorFiles, cliFiles);
    return cliFiles;
  } finally {
    fs.rmSync(byCli, { recursive: true, force: true });
    fs.rmSync(byEditor, { recursive: true, force: true });
  }
}

test('helm create scaffold: scan --fix and the editor fix-all in each file leave the same files (values.yaml included)', async () => {
  const fixed = await parity(path.join(SHARED, 'corpus', 'helm', 'helm-create', 'chart'), [
    'templates/tests/test-connection.yaml',
    'values.yaml',
  ]);
  // The dry run's diff: files in the walk order, values.yaml (no finding of its own) after those with findings.
  const dir = copyOf(path.join(SHARED, 'corpus', 'helm', 'helm-create', 'chart'));
  try {
    const dry = inFolder(dir, () => cli('scan', '--no-config', '--fix-dry-run', '.'));
    assert.deepEqual(
      dry.stdout.split('\n').filter((l) => l.startsWith('--- a/')),
      ['--- a/chart/templates/tests/test-connection.yaml', '--- a/chart/values.yaml'],
    );
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  assert.match(
    fixed.get('values.yaml')!,
    /\nsecurityContext: \{allowPrivilegeEscalation: false, runAsNonRoot: true, seccompProfile: \{type: RuntimeDefault\}, readOnlyRootFilesystem: true\}\n/,
  );
});

test('the mapping fixture: scan --fix and the editor fix-all in each file leave the same files', async () => {
  await parity(path.join(REPO_ROOT, 'test', 'fixtures', 'helm', 'mapping'), [
    'templates/literal-insert.yaml',
    'templates/literal.yaml',
    'values.yaml',
  ]);
});
