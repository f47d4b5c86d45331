/**
 * confinedFiles' listEntries: each entry's isDirectory answer comes with the listing (what a
 * chart's loading uses instead of a check per file), exactly as isDirectory would answer it,
 * symbolic links included; and charts load the same through it as through list + isDirectory.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { renderChart } from '../../server/src/core/sources/helm/helm/render';
import type { SourceFiles } from '../../server/src/core/sources/types';
import { confinedFiles } from '../../server/src/node/confinedFiles';
import { corpusCases, HELM_CORPUS, variantOptions } from './helm-corpus-cases';

test('listEntries answers isDirectory for every entry, symbolic links resolved and confined', () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'kg-entries-'));
  try {
    const root = path.join(tmp, 'root');
    const outside = path.join(tmp, 'outside');
    fs.mkdirSync(path.join(root, 'sub'), { recursive: true });
    fs.mkdirSync(outside);
    fs.writeFileSync(path.join(root, 'a.txt'), 'a');
    fs.symlinkSync(path.join(root, 'sub'), path.join(root, 'linkIn'));
    fs.symlinkSync(outside, path.join(root, 'linkOut'));
    fs.symlinkSync(path.join(root, 'a.txt'), path.join(root, 'linkFile'));
    fs.symlinkSync(path.join(root, 'missing'), path.join(root, 'dangling'));
    const files = confinedFiles(root);
    const entries = files.listEntries!(root)!.sort((a, b) => (a.name < b.name ? -1 : 1));
    assert.deepEqual(entries, [
      { name: 'a.txt', isDirectory: false },
      { name: 'dangling', isDirectory: false },
      { name: 'linkFile', isDirectory: false },
      { name: 'linkIn', isDirectory: true },
      { name: 'linkOut', isDirectory: false },
      { name: 'sub', isDirectory: true },
    ]);
    for (const e of entries) assert.equal(e.isDirectory, files.isDirectory(path.join(root, e.name)), e.name);
    assert.deepEqual(files.listEntries!(path.join(root, 'sub')), []);
    // Outside the root (directly or through a link) there is nothing to list, as with list.
    assert.equal(files.listEntries!(outside), undefined);
    assert.equal(files.listEntries!(path.join(root, 'linkOut')), undefined);
    assert.equal(files.listEntries!(path.join(root, 'a.txt')), undefined);
    assert.equal(files.list(path.join(root, 'linkOut')), undefined);
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
});

test('every corpus chart renders the same, and reads the same files, with listEntries as without', () => {
  let charts = 0;
  for (const c of corpusCases()) {
    const v = c.variants[0];
    if (!v) continue;
    const dir = path.join(HELM_CORPUS, c.case);
    const files = confinedFiles(dir);
    const { listEntries, ...withoutEntries } = files;
    assert.ok(listEntries);
    const plain: SourceFiles = withoutEntries;
    const a = renderChart(files, path.join(dir, 'chart'), variantOptions(v, dir));
    const b = renderChart(plain, path.join(dir, 'chart'), variantOptions(v, dir));
    assert.equal(a.output, b.output, c.case);
    assert.deepEqual(a.error, b.error, c.case);
    assert.deepEqual([...a.filesRead].sort(), [...b.filesRead].sort(), c.case);
    charts++;
  }
  assert.ok(charts >= 10, `${charts} charts`);
});
