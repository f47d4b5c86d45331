/**
 * What go-yaml's reader (reader.go, yaml_parser_update_buffer) refuses before any parsing, in
 * its words: bytes that are not UTF-8 and characters YAML does not allow. Helm reads Chart.yaml
 * and values.yaml through it, so such a file fails the load (`... yaml: invalid trailing UTF-8
 * octet`), where a lenient decoder would have turned the bytes into U+FFFD and gone on.
 */

/** The reader's error for the whole input, or undefined when it reads. */
export function goYamlBytesProblem(bytes: Uint8Array): string | undefined {
  let i = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  while (i < bytes.length) {
    const lead = bytes[i] ?? 0;
    const width = (lead & 0x80) === 0 ? 1 : (lead & 0xe0) === 0xc0 ? 2 : (lead & 0xf0) === 0xe0 ? 3 : (lead & 0xf8) === 0xf0 ? 4 : 0;
    if (width === 0) return 'invalid leading UTF-8 octet';
    // The whole file is one buffer: a sequence cut by its end is incomplete.
    if (i + width > bytes.length) return 'incomplete UTF-8 octet sequence';
    let value = width === 1 ? lead & 0x7f : width === 2 ? lead & 0x1f : width === 3 ? lead & 0x0f : lead & 0x07;
    for (let k = 1; k < width; k++) {
      const octet = bytes[i + k] ?? 0;
      if ((octet & 0xc0) !== 0x80) return 'invalid trailing UTF-8 octet';
      value = (value << 6) + (octet & 0x3f);
    }
    const shortest = width === 1 || (width === 2 && value >= 0x80) || (width === 3 && value >= 0x800) || (width === 4 && value >= 0x10000);
    if (!shortest) return 'invalid length of a UTF-8 sequence';
    if ((value >= 0xd800 && value <= 0xdfff) || value > 0x10ffff) return 'invalid Unicode character';
    if (!allowed(value)) return 'control characters are not allowed';
    i += width;
  }
  return undefined;
}

/** The reader's error for text already decoded (only the characters YAML refuses can remain). */
export function goYamlTextProblem(text: string): string | undefined {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0x20 && c <= 0x7e) continue; // the common case, first
    if (c >= 0xd800 && c <= 0xdbff) {
      const low = text.charCodeAt(i + 1);
      if (low >= 0xdc00 && low <= 0xdfff) {
        i++;
        continue;
      }
    }
    if (!allowed(c)) return c >= 0xd800 && c <= 0xdfff ? 'invalid Unicode character' : 'control characters are not allowed';
  }
  return undefined;
}

/** YAML's printable characters (go-yaml's check after decoding each character). */
function allowed(c: number): boolean {
  return (
    c === 0x09 ||
    c === 0x0a ||
    c === 0x0d ||
    (c >= 0x20 && c <= 0x7e) ||
    c === 0x85 ||
    (c >= 0xa0 && c <= 0xd7ff) ||
    (c >= 0xe000 && c <= 0xfffd) ||
    (c >= 0x10000 && c <= 0x10ffff)
  );
}
