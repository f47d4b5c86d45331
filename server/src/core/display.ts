/**
 * Values from manifests (names, images, paths) end up in messages shown in terminals, CI
 * logs, editors, JSON and SARIF. They are attacker-controlled, so before anything is shown:
 * - credentials in image references and URLs are redacted (`user:pw@registry/app` ->
 *   `***@registry/app`, `https://u:p@host` -> `https://***@host`);
 * - every value is cut to MAX_VALUE_CHARS with an ellipsis (a 1 MB name stays 100 chars);
 * - a whole message is cut to MAX_MESSAGE_CHARS;
 * - control characters are shown escaped (`\x1b`, `\n`), so a value cannot move the cursor,
 *   clear the screen, open a link, retitle the window or forge an output line.
 * The engine applies `safeMessage` to every finding it creates (rules need not care); the
 * CLI's stylish output escapes file names and every other line it prints with `escapeControl`.
 */

const MAX_VALUE_CHARS = 100;
export const MAX_MESSAGE_CHARS = 1000;
const ELLIPSIS = '…';

/** C0, DEL, C1, line/paragraph separators and bidirectional overrides (Trojan Source). */
function isControl(code: number): boolean {
  return (
    code < 0x20 ||
    (code >= 0x7f && code <= 0x9f) ||
    code === 0x2028 ||
    code === 0x2029 ||
    (code >= 0x202a && code <= 0x202e) ||
    (code >= 0x2066 && code <= 0x2069)
  );
}

const NAMED: Record<number, string> = { 0x09: '\\t', 0x0a: '\\n', 0x0d: '\\r' };

/** The text with every control character replaced by a visible escape (`\n`, `\x1b`, `\u202e`). */
export function escapeControl(s: string): string {
  let out = '';
  let from = 0;
  for (let i = 0; i < s.length; i++) {
    const code = s.charCodeAt(i);
    if (!isControl(code)) continue;
    out +=
      s.slice(from, i) +
      (NAMED[code] ?? (code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`));
    from = i + 1;
  }
  return from === 0 ? s : out + s.slice(from);
}

/** At most `max` characters: the start and the end of a longer value, joined by `…`. */
function shorten(s: string, max = MAX_VALUE_CHARS): string {
  if (s.length <= max) return s;
  const tail = Math.floor((max - 1) / 4);
  return s.slice(0, max - 1 - tail) + ELLIPSIS + s.slice(s.length - tail);
}

/** Characters that end a token when looking for credentials: spaces and quoting. */
function isBoundary(c: string): boolean {
  return (
    c === ' ' ||
    c === '"' ||
    c === "'" ||
    c === '`' ||
    c === '(' ||
    c === ')' ||
    c === ',' ||
    c === '=' ||
    c === '\t' ||
    c === '\n' ||
    c === '\r'
  );
}

/** `sha256:abc…` after an `@` is an image digest, not a host. */
function isDigest(s: string): boolean {
  const colon = s.indexOf(':');
  return colon > 0 && /^[a-z0-9]+$/i.test(s.slice(0, colon)) && /^[0-9a-f]{8}/i.test(s.slice(colon + 1));
}

function redactToken(tok: string): string {
  const scheme = tok.indexOf('://');
  if (scheme > 0) {
    // A URL: anything between `://` and an `@` before the first `/` is userinfo.
    const rest = tok.slice(scheme + 3);
    const at = rest.indexOf('@');
    const slash = rest.indexOf('/');
    return at > 0 && (slash === -1 || at < slash) ? `${tok.slice(0, scheme + 3)}***${rest.slice(at)}` : tok;
  }
  // An image reference `user:password@registry/app:tag`: `@` before any `/`, a `:` before it,
  // and no digest after it (`nginx:1.25@sha256:…` is a tag and a digest).
  const at = tok.indexOf('@');
  const slash = tok.indexOf('/');
  if (at > 0 && (slash === -1 || at < slash) && tok.slice(0, at).includes(':') && !isDigest(tok.slice(at + 1)))
    return `***${tok.slice(at)}`;
  return tok;
}

/** The text with credentials in URLs and image references replaced by `***`. */
export function redactCredentials(s: string): string {
  if (!s.includes('@')) return s;
  let out = '';
  let start = 0;
  for (let i = 0; i <= s.length; i++) {
    if (i < s.length && !isBoundary(s.charAt(i))) continue;
    out += redactToken(s.slice(start, i)) + (i < s.length ? s[i] : '');
    start = i + 1;
  }
  return out;
}

/** Each run of non-space characters longer than MAX_VALUE_CHARS is shortened with `…`. */
function shortenLongRuns(s: string): string {
  let out = '';
  let start = 0;
  for (let i = 0; i <= s.length; i++) {
    if (i < s.length && s[i] !== ' ') continue;
    out += shorten(s.slice(start, i)) + (i < s.length ? ' ' : '');
    start = i + 1;
  }
  return out;
}

/** A finding or problem message as it may be shown anywhere: redacted, bounded, escaped. */
export function safeMessage(message: string): string {
  // Cut first (cheap on a 1 MB value), then redact and escape what is left.
  const bounded = message.length > MAX_MESSAGE_CHARS * 4 ? shorten(message, MAX_MESSAGE_CHARS * 4) : message;
  return shorten(escapeControl(shortenLongRuns(redactCredentials(bounded))), MAX_MESSAGE_CHARS);
}

/** Kubernetes names are at most 253 characters; output never carries more of one. */
const MAX_NAME_CHARS = 253;

/** An object reference for JSON/SARIF output: name and namespace bounded like any value. */
export function boundedObjectRef<T extends { name?: string; namespace?: string }>(o: T): T {
  const out = { ...o };
  if (out.name !== undefined) out.name = shorten(out.name, MAX_NAME_CHARS);
  if (out.namespace !== undefined) out.namespace = shorten(out.namespace, MAX_NAME_CHARS);
  return out;
}

/**
 * A path of keys from a manifest or values file (a Helm values path) for a JSON/SARIF field:
 * exact, except control characters escaped and at most MAX_MESSAGE_CHARS (a message's copy of
 * it is bounded like any value).
 */
export function boundedPath(s: string): string {
  return shorten(escapeControl(s), MAX_MESSAGE_CHARS);
}
