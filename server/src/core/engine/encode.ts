/**
 * The inverse of `decodeBytes` (decode.ts) for writing a fixed file back: the text in the
 * encoding the original bytes were in, their byte order mark kept. Decoding is strict (no
 * replacement characters), so encoding the unedited text gives the original bytes back; a
 * caller checks that before writing (`sameBytes(encodeLike(b, decoded), b)`), so bytes outside
 * the edits can never change.
 */
export function encodeLike(original: Uint8Array, text: string): Uint8Array {
  if (startsWith(original, 0x00, 0x00, 0xfe, 0xff)) return withMark(original, 4, utf32(text, false));
  if (startsWith(original, 0xff, 0xfe, 0x00, 0x00)) return withMark(original, 4, utf32(text, true));
  if (startsWith(original, 0xfe, 0xff)) return withMark(original, 2, utf16(text, false));
  if (startsWith(original, 0xff, 0xfe)) return withMark(original, 2, utf16(text, true));
  const bom = startsWith(original, 0xef, 0xbb, 0xbf) ? 3 : 0;
  return withMark(original, bom, new TextEncoder().encode(text));
}

export function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function withMark(original: Uint8Array, markLength: number, body: Uint8Array): Uint8Array {
  const out = new Uint8Array(markLength + body.length);
  out.set(original.subarray(0, markLength), 0);
  out.set(body, markLength);
  return out;
}

function utf16(text: string, littleEndian: boolean): Uint8Array {
  const out = new Uint8Array(text.length * 2);
  const view = new DataView(out.buffer);
  for (let i = 0; i < text.length; i++) view.setUint16(i * 2, text.charCodeAt(i), littleEndian);
  return out;
}

function utf32(text: string, littleEndian: boolean): Uint8Array {
  const points: number[] = [];
  for (const ch of text) points.push(ch.codePointAt(0)!);
  const out = new Uint8Array(points.length * 4);
  const view = new DataView(out.buffer);
  points.forEach((p, i) => view.setUint32(i * 4, p, littleEndian));
  return out;
}

function startsWith(buf: Uint8Array, ...bytes: number[]): boolean {
  if (buf.length < bytes.length) return false;
  for (let i = 0; i < bytes.length; i++) if (buf[i] !== bytes[i]) return false;
  return true;
}
