import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { decodeBytes } from '../../server/src/core/engine/decode';
import { encodeLike, sameBytes } from '../../server/src/core/engine/encode';

/** Big-endian copies of little-endian code units of `size` bytes. */
function swap(buf: Buffer, size: 2 | 4): Buffer {
  const out = Buffer.from(buf);
  if (size === 2) out.swap16();
  else out.swap32();
  return out;
}

function utf32le(text: string): Buffer {
  const points = [...text].map((c) => c.codePointAt(0)!);
  const out = Buffer.alloc(points.length * 4);
  points.forEach((p, i) => out.writeUInt32LE(p, i * 4));
  return out;
}

const TEXT = 'name: caf\u00e9 \u{1F600}\r\nkind: Pod\n';
const ENCODINGS: Array<[string, Buffer]> = [
  ['UTF-8', Buffer.from(TEXT)],
  ['UTF-8 with a byte order mark', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(TEXT)])],
  ['UTF-16LE', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(TEXT, 'utf16le')])],
  ['UTF-16BE', Buffer.concat([Buffer.from([0xfe, 0xff]), swap(Buffer.from(TEXT, 'utf16le'), 2)])],
  ['UTF-32LE', Buffer.concat([Buffer.from([0xff, 0xfe, 0x00, 0x00]), utf32le(TEXT)])],
  ['UTF-32BE', Buffer.concat([Buffer.from([0x00, 0x00, 0xfe, 0xff]), swap(utf32le(TEXT), 4)])],
];

test('encodeLike gives back the exact bytes decodeBytes read, in every encoding decodeBytes reads', () => {
  for (const [name, bytes] of ENCODINGS) {
    const decoded = decodeBytes(bytes);
    assert.ok('text' in decoded, name);
    assert.equal(decoded.text, TEXT, name);
    assert.ok(sameBytes(encodeLike(bytes, decoded.text), bytes), name);
  }
});

test('encodeLike writes new text in the original encoding, byte order mark kept', () => {
  const edited = TEXT.replace('Pod', 'Deployment');
  for (const [name, bytes] of ENCODINGS) {
    const out = encodeLike(bytes, edited);
    const again = decodeBytes(out);
    assert.deepEqual(again, { text: edited }, name);
    assert.deepEqual([...out.subarray(0, 2)], [...bytes.subarray(0, 2)], name);
    assert.equal(
      out.length - bytes.length,
      (name.startsWith('UTF-8') ? 1 : name.startsWith('UTF-16') ? 2 : 4) * ('Deployment'.length - 'Pod'.length),
      name,
    );
  }
  assert.equal(sameBytes(new Uint8Array([1, 2]), new Uint8Array([1, 3])), false);
  assert.equal(sameBytes(new Uint8Array([1]), new Uint8Array([1, 2])), false);
});
