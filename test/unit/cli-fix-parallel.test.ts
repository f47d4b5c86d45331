import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ownsFile } from '../../server/src/cli/shard';
import { cli, pod, tree } from './cli-helpers';

/**
 * `--fix` with `--jobs` and `--shard`: fixes are gathered in the main thread (workers do not
 * send them back), so `--jobs 2` fixes exactly what `--jobs 1` fixes, and a shard fixes only
 * the files it reports.
 */

const PRIVILEGED = (name: string) => pod(name, { containerExtra: ['privileged: true'] });
const FIXED = (name: string) => pod(name, { containerExtra: ['privileged: false'] });
// Twelve files: the temporary folder's name decides the shards, and all twelve land in one shard
// with a chance of 1 in 2048.
const NAMES = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k', 'l'];

function privilegedTree() {
  return tree(Object.fromEntries(NAMES.map((n) => [`${n}.yaml`, PRIVILEGED(n)])));
}

test('--fix --jobs 2 writes the same fixes as --jobs 1 and reports what remains', () => {
  const t = privilegedTree();
  try {
    const r = cli('scan', '--no-config', '--fix', '--jobs', '2', t.root);
    assert.equal(r.stderr, '');
    assert.equal(r.stdout, `No problems found in ${NAMES.length} files.\n`);
    assert.equal(r.code, 0);
    for (const n of NAMES) assert.equal(fs.readFileSync(t.p(`${n}.yaml`), 'utf8'), FIXED(n), n);
  } finally {
    t.cleanup();
  }
});

test('--fix --shard i/n fixes only the files of its shard; the shards together fix every file', () => {
  const t = privilegedTree();
  try {
    const files = NAMES.map((n) => t.p(`${n}.yaml`));
    const first = files.filter((f) => ownsFile({ index: 1, count: 2 }, f));
    assert.ok(first.length > 0 && first.length < files.length, 'the fixture needs files in both shards');
    cli('scan', '--no-config', '--fix', '--shard', '1/2', t.root);
    for (const f of files) {
      const name = path.basename(f, '.yaml');
      assert.equal(fs.readFileSync(f, 'utf8'), first.includes(f) ? FIXED(name) : PRIVILEGED(name), f);
    }
    const r = cli('scan', '--no-config', '--fix', '--shard', '2/2', t.root);
    assert.equal(r.code, 0);
    for (const f of files) assert.equal(fs.readFileSync(f, 'utf8'), FIXED(path.basename(f, '.yaml')), f);
  } finally {
    t.cleanup();
  }
});
