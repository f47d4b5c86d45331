import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { TestClient, applyWorkspaceEdit } from '../lsp/harness';
import { pathToUri } from '../../server/src/lsp/uris';
import { WORKSPACE_FIXTURES } from './workspace-helpers';

/**
 * The editor offers the PodSecurityPolicy migration on the PSP's removed-api-version
 * diagnostic: edits to the Namespace file and a new Namespace document, from the index.
 */
const FIXTURE = path.join(WORKSPACE_FIXTURES, 'psp-migration');

test('the removed-api-version diagnostic of a PSP offers its namespaces labelled, with exact edits', async () => {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'kg-psp-')));
  for (const f of ['psp.yaml', 'namespaces.yaml']) fs.copyFileSync(path.join(FIXTURE, f), path.join(dir, f));
  const c = new TestClient({ workspacePublishDelayMs: 0 });
  try {
    await c.initialize({ folders: [{ uri: pathToFileURL(dir).toString(), name: 'ws' }] });
    await c.settled();
    const psp = pathToUri(path.join(dir, 'psp.yaml'));
    const nsUri = pathToUri(path.join(dir, 'namespaces.yaml'));
    const diagnostics = await c.open(psp, fs.readFileSync(path.join(dir, 'psp.yaml'), 'utf8'));
    const removed = diagnostics.filter((d) => d.code === 'removed-api-version');
    assert.equal(removed.length, 1);
    const actions = await c.codeActions(psp, removed[0]!.range, removed);
    const titles = actions.map((a) => a.title);
    // (This client cannot create files, so no "new file" variant.)
    const mine = titles.filter((t) => t.includes('Namespace'));
    assert.deepEqual(mine, [
      'Create Namespace "billing" labelled pod-security.kubernetes.io/enforce: restricted (append to this file)',
      'Label Namespace "shop" with pod-security.kubernetes.io/enforce: restricted',
    ]);
    const label = actions.find((a) => a.title.startsWith('Label Namespace "shop"'))!;
    assert.deepEqual(Object.keys(label.edit?.changes ?? {}), [nsUri]);
    assert.equal(
      applyWorkspaceEdit(fs.readFileSync(path.join(dir, 'namespaces.yaml'), 'utf8'), nsUri, label.edit),
      fs.readFileSync(path.join(FIXTURE, 'expected', 'namespaces.yaml'), 'utf8'),
    );
    const append = actions.find((a) => a.title.endsWith('(append to this file)') && a.title.includes('billing'))!;
    const pspText = fs.readFileSync(path.join(dir, 'psp.yaml'), 'utf8');
    assert.equal(
      applyWorkspaceEdit(pspText, psp, append.edit),
      pspText + '---\n' + fs.readFileSync(path.join(FIXTURE, 'expected', 'namespace-billing.yaml'), 'utf8'),
    );
  } finally {
    c.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
