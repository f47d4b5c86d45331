import { test } from 'node:test';
import * as fs from 'fs';
import * as assert from 'node:assert/strict';
import { decodeBytes } from '../../server/src/core/engine/decode';
import { yaml } from '../helpers';
import { cli, tree } from './cli-helpers';

/**
 * Bytes from disk become text only when they are text: UTF-8 (a BOM is dropped), UTF-16 and
 * UTF-32 with a byte order mark. Invalid UTF-8 and NUL characters (anywhere, also in a later
 * document) skip the file with a reason instead of being analysed as garbage.
 */
const POD = yaml(
  'apiVersion: v1',
  'kind: Pod',
  'metadata: {name: "é😀"}',
  'spec:',
  '  containers:',
  '  - name: a',
  '    image: nginx:1.27',
  '    securityContext: {privileged: true}',
);

function utf16be(s: string): Uint8Array {
  const le = Buffer.from(s, 'utf16le');
  const out = Buffer.alloc(le.length);
  for (let i = 0; i < le.length; i += 2) {
    out[i] = le[i + 1]!;
    out[i + 1] = le[i]!;
  }
  return out;
}

function utf32(s: string, littleEndian: boolean): Uint8Array {
  const cps = Array.from(s, (c) => c.codePointAt(0)!);
  const out = Buffer.alloc(cps.length * 4);
  cps.forEach((cp, i) => (littleEndian ? out.writeUInt32LE(cp, i * 4) : out.writeUInt32BE(cp, i * 4)));
  return out;
}

const cat = (...parts: Uint8Array[]) => Buffer.concat(parts);

test('UTF-8 with and without a BOM, UTF-16 LE/BE and UTF-32 LE/BE with a BOM decode to the same text', () => {
  const cases: Array<[string, Uint8Array]> = [
    ['utf-8', Buffer.from(POD, 'utf8')],
    ['utf-8 BOM', cat(Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(POD, 'utf8'))],
    ['utf-16le BOM', cat(Buffer.from([0xff, 0xfe]), Buffer.from(POD, 'utf16le'))],
    ['utf-16be BOM', cat(Buffer.from([0xfe, 0xff]), utf16be(POD))],
    ['utf-32le BOM', cat(Buffer.from([0xff, 0xfe, 0x00, 0x00]), utf32(POD, true))],
    ['utf-32be BOM', cat(Buffer.from([0x00, 0x00, 0xfe, 0xff]), utf32(POD, false))],
  ];
  for (const [name, bytes] of cases) assert.deepEqual(decodeBytes(bytes), { text: POD }, name);
});

test('invalid UTF-8, broken UTF-16/32 and NUL characters are skipped with their reason', () => {
  const invalidUtf8 = {
    reason: 'encoding',
    message: 'skipped: the file is not valid UTF-8 (and has no UTF-16/UTF-32 byte order mark); it was not analysed.',
  };
  const badBom = {
    reason: 'encoding',
    message: 'skipped: the file has a UTF-16/UTF-32 byte order mark but is not valid text in that encoding.',
  };
  const binary = { reason: 'binary', message: 'skipped: the file contains NUL bytes and looks binary, not YAML.' };
  assert.deepEqual(decodeBytes(cat(Buffer.from(POD), Buffer.from([0xc3, 0x28]))), { skipped: invalidUtf8 });
  assert.deepEqual(decodeBytes(Buffer.from('metadata: {name: café}\n', 'latin1')), { skipped: invalidUtf8 }, 'Latin-1 é is not UTF-8');
  assert.deepEqual(
    decodeBytes(cat(Buffer.from([0xff, 0xfe]), Buffer.from('ab', 'utf16le'), Buffer.from([0x41]))),
    { skipped: badBom },
    'odd length',
  );
  assert.deepEqual(
    decodeBytes(cat(Buffer.from([0xff, 0xfe]), Buffer.from([0x00, 0xd8, 0x41, 0x00]))),
    { skipped: badBom },
    'lone surrogate',
  );
  assert.deepEqual(
    decodeBytes(cat(Buffer.from([0x00, 0x00, 0xfe, 0xff]), Buffer.from([0x00, 0x11, 0x00, 0x00]))),
    { skipped: badBom },
    'past U+10FFFF',
  );
  assert.deepEqual(
    decodeBytes(Buffer.from(POD + '---\n' + POD.replace('name: a', 'name: a\u0000'))),
    { skipped: binary },
    'NUL in a later document',
  );
  assert.deepEqual(decodeBytes(Buffer.from(POD, 'utf16le')), { skipped: binary }, 'UTF-16 without a BOM has NULs');
});

test('CLI: a UTF-16 manifest is analysed (exit 1, the privileged finding on the right line); invalid UTF-8 is not reported as clean', () => {
  const t = tree({});
  try {
    fs.writeFileSync(t.p('pod16.yaml'), cat(Buffer.from([0xff, 0xfe]), Buffer.from(POD, 'utf16le')));
    const run = cli('scan', t.p('pod16.yaml'), '--no-config');
    assert.equal(run.code, 1);
    assert.match(run.stdout, /pod16\.yaml:8:23 +error +.*pss-privileged/);
  } finally {
    t.cleanup();
  }
});
