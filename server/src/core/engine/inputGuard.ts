/**
 * Screens a file before parsing: binary content and oversized files are skipped whole,
 * with one message that says why, instead of being parsed into noise or stalling the
 * server.
 */

/** Default size limit in UTF-16 code units (~8 MB of ASCII): above the largest real bundles we know (5.6 MB). */
export const DEFAULT_MAX_FILE_SIZE = 8 * 1024 * 1024;

/** Why a whole file was not analysed; `message` names the reason for the user. */
export interface SkipReason {
  /** NUL characters; over maxFileSize; bytes that do not decode (engine/decode.ts). */
  reason: 'binary' | 'too-large' | 'encoding';
  message: string;
}

export function screenSize(text: string, maxFileSize: number = DEFAULT_MAX_FILE_SIZE): SkipReason | undefined {
  if (text.length <= maxFileSize) return undefined;
  return {
    reason: 'too-large',
    message: `skipped: the file is ${formatSize(text.length)}, over the ${formatSize(maxFileSize)} limit (setting kubeGuardrails.maxFileSize).`,
  };
}

/**
 * A NUL character never occurs in YAML text (the spec forbids it); its presence means a
 * binary file with a .yaml name. Callers with a chunk cache check only the chunks that
 * changed, since the others were checked when they were first seen.
 */
export function screenBinary(text: string, from = 0, to = text.length): SkipReason | undefined {
  const hay = from === 0 && to === text.length ? text : text.slice(from, to);
  if (hay.indexOf('\u0000') < 0) return undefined;
  return { reason: 'binary', message: 'skipped: the file contains NUL bytes and looks binary, not YAML.' };
}

function formatSize(n: number): string {
  return n >= 1024 * 1024 ? `${(n / (1024 * 1024)).toFixed(1)} MB` : `${Math.ceil(n / 1024)} KB`;
}
