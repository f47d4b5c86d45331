import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { WorkspaceIndex } from '../../server/src/core/workspace/workspaceIndex';
import { REPO_ROOT, rng, SHARED } from '../helpers';

/** Every manifest under a folder, sorted. */
function yamlFiles(dir: string): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...yamlFiles(p));
    else if (/\.ya?ml$/.test(e.name)) out.push(p);
  }
  return out;
}

test('re-indexing an open file after each random edit, reusing its unchanged sections, equals indexing it afresh', () => {
  // Every workspace fixture (all the kinds and facts the index keeps), a document with
  // directive comments and annotations, and a big real bundle, as one open file.
  const fixtures = yamlFiles(path.join(REPO_ROOT, 'test', 'fixtures', 'workspace')).map((f) => fs.readFileSync(f, 'utf8'));
  const suppressions = fs.readFileSync(path.join(REPO_ROOT, 'test', 'fixtures', 'suppress', 'mixed.yaml'), 'utf8');
  const argo = fs.readFileSync(path.join(SHARED, 'corpus', 'realworld', 'argo-cd', 'install.yaml'), 'utf8');
  let text = [...fixtures, suppressions, argo].map((t) => t.replace(/^---\n/, '')).join('\n---\n');
  const file = '/ws/open.yaml';
  const index = new WorkspaceIndex();
  index.setFileText(file, text, { keepChunks: true });
  assert.ok(index.objectsInFile(file).length > 100);
  const inserts = [
    'a',
    '\n',
    '---\n',
    '\n---\n',
    '  app: x\n',
    '# kube-guardrails-disable-next-line netpol-ingress-isolation\n',
    'kind: Service\n',
    '  ',
  ];
  const random = rng(42);
  for (let i = 0; i < 40; i++) {
    const at = Math.floor(random() * text.length);
    if (random() < 0.5) text = text.slice(0, at) + inserts[Math.floor(random() * inserts.length)] + text.slice(at);
    else text = text.slice(0, at) + text.slice(at + 1 + Math.floor(random() * 20));
    const incremental = index.setFileText(file, text, { keepChunks: true });
    const fresh = new WorkspaceIndex().setFileText(file, text);
    assert.deepEqual(incremental, fresh, `after edit ${i} at ${at}`);
  }
});

test('a file indexed without keepChunks (closed, from disk) keeps no sections', () => {
  const index = new WorkspaceIndex();
  const text = 'apiVersion: v1\nkind: Service\nmetadata: {name: a}\n---\napiVersion: v1\nkind: Service\nmetadata: {name: b}\n';
  index.setFileText('/ws/a.yaml', text, { keepChunks: true });
  // Re-indexed from disk: the sections are dropped (and the objects are still right).
  const names = index.setFileText('/ws/a.yaml', text.replace('name: b', 'name: c')).map((o) => o.name);
  assert.deepEqual(names, ['a', 'c']);
  assert.equal((index as unknown as { chunks: Map<string, unknown> }).chunks.size, 0);
});
