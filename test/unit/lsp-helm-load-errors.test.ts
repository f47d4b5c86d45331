import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { TestClient, rangeStr } from '../lsp/harness';
import { pathToUri } from '../../server/src/lsp/uris';
import { SHARED } from '../helpers';

/**
 * The editor on a chart helm cannot load: a broken values.yaml is a chart that could not be
 * rendered (a not-analyzed diagnostic on values.yaml with helm's message), never one rendered
 * with `{}` and its templates' findings shown as if the values were empty.
 */

const SCAFFOLD = path.join(SHARED, 'corpus', 'helm', 'helm-create', 'chart');

/**
 * The `helm create` chart as `demo` with `values` as its values.yaml, in a workspace folder, with
 * the files `open` (relative to `demo/`) opened: the diagnostics of values.yaml and of the
 * Deployment template, as [code, message, range] and codes.
 */
async function diagnosticsWithValues(values: Buffer | string, open: string[]): Promise<{ values: string[][]; template: string[] }> {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'kg-lsp-load-')));
  fs.cpSync(SCAFFOLD, path.join(dir, 'demo'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'demo/values.yaml'), values);
  const c = new TestClient({ workspacePublishDelayMs: 0 });
  try {
    await c.initialize({ folders: [{ uri: pathToFileURL(dir).toString(), name: 'ws' }] });
    await c.settled();
    for (const rel of open) await c.open(pathToUri(path.join(dir, 'demo', rel)), fs.readFileSync(path.join(dir, 'demo', rel), 'utf8'));
    await c.settled();
    return {
      values: c.lastDiagnostics(pathToUri(path.join(dir, 'demo/values.yaml'))).map((d) => [String(d.code), d.message, rangeStr(d.range)]),
      template: c.lastDiagnostics(pathToUri(path.join(dir, 'demo/templates/deployment.yaml'))).map((d) => String(d.code)),
    };
  } finally {
    c.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

test('a values.yaml that does not read is reported on it, and the templates show no findings', async () => {
  const got = await diagnosticsWithValues('replicaCount: [\n', ['values.yaml', 'templates/deployment.yaml']);
  assert.deepEqual(got.values, [
    [
      'not-analyzed',
      'Not analysed (build-incomplete): build of demo is incomplete: cannot load values.yaml: cannot unmarshal yaml document: ' +
        'error converting YAML to JSON: yaml: line 2: Flow sequence in block collection must be sufficiently indented and end with a ]',
      '0:0-0:15',
    ],
  ]);
  assert.deepEqual(got.template, []);
});

test('a values.yaml that is not UTF-8 (not open in the editor) fails the chart, never rendered with {}', async () => {
  // A Latin-1 byte in a comment: helm says "yaml: invalid trailing UTF-8 octet".
  const latin1 = Buffer.concat([fs.readFileSync(path.join(SCAFFOLD, 'values.yaml')), Buffer.from('# caf\xe9 x\n', 'latin1')]);
  const got = await diagnosticsWithValues(latin1, ['templates/deployment.yaml']);
  assert.deepEqual(got.values, [
    [
      'not-analyzed',
      // The editor reads the file's bytes (readBytes), so it names the octet as helm does.
      'Not analysed (build-incomplete): build of demo is incomplete: cannot load values.yaml: cannot unmarshal yaml document: ' +
        'error converting YAML to JSON: yaml: invalid trailing UTF-8 octet',
      '0:0-0:0',
    ],
  ]);
  assert.deepEqual(got.template, []);
});
