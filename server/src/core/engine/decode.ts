import type { SkipReason } from './inputGuard';

/**
 * Bytes to text for files read from disk (CLI, workspace indexer), as a pure function.
 * YAML 1.2 allows UTF-8, UTF-16 and UTF-32; a file in UTF-16/32 is recognised by its byte
 * order mark, which is dropped (ranges are UTF-16 offsets into the decoded text). What
 * cannot be decoded, or holds NUL characters (forbidden in YAML, so a binary file named
 * .yaml), is skipped with a reason instead of being analysed as garbage, which would
 * report it clean.
 */
export type Decoded = { text: string } | { skipped: SkipReason };

const BINARY: SkipReason = { reason: 'binary', message: 'skipped: the file contains NUL bytes and looks binary, not YAML.' };

export function decodeBytes(buf: Uint8Array): Decoded {
  let text: string | undefined;
  if (startsWith(buf, 0x00, 0x00, 0xfe, 0xff)) text = decodeUtf32(buf.subarray(4), false);
  else if (startsWith(buf, 0xff, 0xfe, 0x00, 0x00)) text = decodeUtf32(buf.subarray(4), true);
  else if (startsWith(buf, 0xfe, 0xff)) text = decodeWith('utf-16be', buf.subarray(2));
  else if (startsWith(buf, 0xff, 0xfe)) text = decodeWith('utf-16le', buf.subarray(2));
  // Without a mark, NUL bytes mean binary (or UTF-16/32 without a BOM) before they mean bad UTF-8.
  else if (buf.indexOf(0) >= 0) return { skipped: BINARY };
  else text = decodeWith('utf-8', startsWith(buf, 0xef, 0xbb, 0xbf) ? buf.subarray(3) : buf);
  if (text === undefined) return { skipped: encodingError(buf) };
  if (text.indexOf('\u0000') >= 0) return { skipped: BINARY };
  return { text };
}

/** The decoded text, or undefined when `decodeBytes` skips the file (for callers that only skip). */
export function decodedText(buf: Uint8Array): string | undefined {
  const d = decodeBytes(buf);
  return 'text' in d ? d.text : undefined;
}

function encodingError(buf: Uint8Array): SkipReason {
  const bom = startsWith(buf, 0xff, 0xfe) || startsWith(buf, 0xfe, 0xff) || startsWith(buf, 0x00, 0x00, 0xfe, 0xff);
  return {
    reason: 'encoding',
    message: bom
      ? 'skipped: the file has a UTF-16/UTF-32 byte order mark but is not valid text in that encoding.'
      : 'skipped: the file is not valid UTF-8 (and has no UTF-16/UTF-32 byte order mark); it was not analysed.',
  };
}

function startsWith(buf: Uint8Array, ...bytes: number[]): boolean {
  if (buf.length < bytes.length) return false;
  for (let i = 0; i < bytes.length; i++) if (buf[i] !== bytes[i]) return false;
  return true;
}

/** Strict decoding: undefined on any invalid sequence rather than U+FFFD replacements. */
function decodeWith(encoding: 'utf-8' | 'utf-16le' | 'utf-16be', bytes: Uint8Array): string | undefined {
  try {
    // ignoreBOM: the mark (if any) was removed above; a second one is content.
    return new TextDecoder(encoding, { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    return undefined;
  }
}

/** TextDecoder has no UTF-32: four bytes per code point, at most U+10FFFF, no surrogates. */
function decodeUtf32(bytes: Uint8Array, littleEndian: boolean): string | undefined {
  if (bytes.length % 4 !== 0) return undefined;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const parts: string[] = [];
  let units: number[] = [];
  for (let i = 0; i < bytes.length; i += 4) {
    const cp = view.getUint32(i, littleEndian);
    if (cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return undefined;
    if (cp > 0xffff) units.push(0xd800 + ((cp - 0x10000) >> 10), 0xdc00 + ((cp - 0x10000) & 0x3ff));
    else units.push(cp);
    // Flushed in small batches: fromCharCode takes its arguments on the stack.
    if (units.length >= 4096) {
      parts.push(String.fromCharCode.apply(null, units));
      units = [];
    }
  }
  parts.push(String.fromCharCode.apply(null, units));
  return parts.join('');
}
