import * as path from 'path';
import { escapeControl } from '../core/display';
import { encodeLike, sameBytes } from '../core/engine/encode';
import type { TextEdit } from '../core/types';
import { displayPath } from './config';
import { unifiedDiff } from './unifiedDiff';

/** One file's verified fix-all: the edits against the text decoded from `bytes`. */
export interface PlannedFix {
  file: string;
  bytes: Uint8Array;
  text: string;
  edits: TextEdit[];
}

/** Why `--fix` would not write the fixed text in the file's own encoding, exactly; undefined: it would. */
export function unwritable(p: PlannedFix): string | undefined {
  // Only bytes inside the edits may change: the unedited text must encode back to the file as read.
  return sameBytes(encodeLike(p.bytes, p.text), p.bytes) ? undefined : 'its encoding cannot be written back unchanged';
}

/**
 * `--fix-dry-run`'s diff of one file, which standard output prints as UTF-8. A UTF-8 file's
 * diff is of its bytes (a byte order mark stays at the start of line 1, so a hunk there
 * still applies). A UTF-16 or UTF-32 file is left out (`diff` empty, `note` for stderr says
 * why): a diff of its decoded text cannot apply to its bytes, and `git apply` applies all of a
 * patch or nothing, so one such hunk would keep every other file's fix from applying.
 * `--fix` itself writes such a file back in its own encoding.
 */
export function dryRunDiff(p: PlannedFix): { diff: string; note?: string | undefined } {
  const name = diffName(p.file);
  const encoding = wideEncoding(p.bytes);
  if (encoding !== undefined) {
    return {
      diff: '',
      note: `${name}: left out of the diff: a ${encoding} file, whose change git apply and patch could not apply (they read a diff as UTF-8 bytes); --fix changes it in ${encoding}`,
    };
  }
  if (p.bytes[0] !== 0xef || p.bytes[1] !== 0xbb || p.bytes[2] !== 0xbf) return { diff: unifiedDiff(name, p.text, p.edits) };
  const shifted = p.edits.map((e) => ({ ...e, start: e.start + 1, end: e.end + 1 }));
  return { diff: unifiedDiff(name, `\uFEFF${p.text}`, shifted) };
}

/** The encoding of a file decode.ts read by its UTF-16/UTF-32 byte order mark, if it has one. */
function wideEncoding(bytes: Uint8Array): string | undefined {
  const [a, b, c, d] = bytes;
  if (a === 0x00 && b === 0x00 && c === 0xfe && d === 0xff) return 'UTF-32BE';
  if (a === 0xff && b === 0xfe && c === 0x00 && d === 0x00) return 'UTF-32LE';
  if (a === 0xfe && b === 0xff) return 'UTF-16BE';
  if (a === 0xff && b === 0xfe) return 'UTF-16LE';
  return undefined;
}

/** The diff's `a/…` and `b/…` name: relative to the current folder when inside it, `/` separators. */
export function diffName(file: string): string {
  return escapeControl(displayPath(file).split(path.sep).join('/').replace(/^\/+/, ''));
}
