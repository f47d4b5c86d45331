import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { DiskTexts } from '../../server/src/lsp/workspace/diskTexts';

/** The editor's builds re-read a chart's files after every edit: unchanged files come from memory, changed ones from disk. */
test('DiskTexts: an unchanged file is read once; a change, a forget or a removal reads (or drops) it again', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kg-disk-texts-'));
  try {
    const file = path.join(dir, 'values.yaml');
    fs.writeFileSync(file, 'a: 1\n');
    const reads: string[] = [];
    const disk = new DiskTexts((f) => {
      reads.push(path.basename(f));
      return fs.readFileSync(f, 'utf8');
    });
    assert.equal(disk.get(file), 'a: 1\n');
    assert.equal(disk.get(file), 'a: 1\n');
    assert.deepEqual(reads, ['values.yaml']);
    // Another size: read again.
    fs.writeFileSync(file, 'a: 22\n');
    assert.equal(disk.get(file), 'a: 22\n');
    assert.equal(reads.length, 2);
    // Same size, another modification time: read again.
    fs.writeFileSync(file, 'a: 33\n');
    const later = new Date(Date.now() + 5000);
    fs.utimesSync(file, later, later);
    assert.equal(disk.get(file), 'a: 33\n');
    assert.equal(reads.length, 3);
    // A file event forgets it (a change within one timestamp tick).
    disk.forget(file);
    assert.equal(disk.get(file), 'a: 33\n');
    assert.equal(reads.length, 4);
    fs.rmSync(file);
    assert.equal(disk.get(file), undefined);
    assert.equal(reads.length, 4, 'a missing file is not read');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('DiskTexts: a round lets go of what the round before did not read; an unreadable text is not kept', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kg-disk-texts-'));
  try {
    const [a, b] = [path.join(dir, 'a.yaml'), path.join(dir, 'b.yaml')];
    fs.writeFileSync(a, 'a\n');
    fs.writeFileSync(b, 'b\n');
    let reads = 0;
    let refuse = false;
    const disk = new DiskTexts((f) => (reads++, refuse ? undefined : fs.readFileSync(f, 'utf8')));
    disk.get(a);
    disk.get(b);
    disk.nextRound();
    disk.get(a); // kept: read in the last round
    assert.equal(reads, 2);
    disk.nextRound(); // b was not read in the round that ended: let go
    disk.get(b);
    assert.equal(reads, 3);
    disk.forget(a);
    refuse = true; // e.g. now too large or not UTF-8
    assert.equal(disk.get(a), undefined);
    assert.equal(disk.get(a), undefined);
    assert.equal(reads, 5, 'a refused text is asked for again, never served from memory');
    assert.equal(disk.get(dir), undefined, 'a folder is no text');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
