/**
 * Heuristics that decide whether an environment variable holds a literal credential.
 * Every check is linear in the input: plain string scans, or regular expressions
 * without nested or overlapping quantifiers, so a hostile manifest cannot make the
 * editor spin. `test/unit/rules-secrets-regex.test.ts` feeds each one adversarial input.
 */

/** Splits `dbPassword`, `DB_PASSWORD`, `db-password.file` into lower-case words. */
export function nameTokens(name: string): string[] {
  const out: string[] = [];
  let start = -1;
  let prevLowerOrDigit = false;
  for (let i = 0; i <= name.length; i++) {
    const code = i < name.length ? name.charCodeAt(i) : 0;
    const upper = code >= 65 && code <= 90;
    const lowerOrDigit = (code >= 97 && code <= 122) || (code >= 48 && code <= 57);
    if (!upper && !lowerOrDigit) {
      if (start >= 0) out.push(name.slice(start, i).toLowerCase());
      start = -1;
    } else if (start < 0) {
      start = i;
    } else if (upper && prevLowerOrDigit) {
      // camelCase boundary: a capital after a lower-case letter or digit.
      out.push(name.slice(start, i).toLowerCase());
      start = i;
    }
    prevLowerOrDigit = lowerOrDigit;
  }
  return out;
}

/** Words that name a credential on their own. */
const SECRET_WORDS = new Set([
  'password',
  'passwd',
  'pwd',
  'pass',
  'passphrase',
  'secret',
  'token',
  'bearer',
  'credential',
  'credentials',
  'apikey',
  'privatekey',
  'secretkey',
  'accesskey',
]);
/** `<word> key` pairs that name a credential (`API_KEY`, `PRIVATE_KEY`, `ENCRYPTION_KEY`). */
const KEY_QUALIFIERS = new Set([
  'api',
  'private',
  'secret',
  'access',
  'encryption',
  'signing',
  'master',
  'hmac',
  'account',
  'storage',
  'shared',
  'app',
  'auth',
  'session',
  'jwt',
  'webhook',
  'license',
  'client',
]);
/** `AZURE_BATCH_KEY`, `OCI_CLI_KEY_CONTENT`: any key of a cloud provider's SDK variables (Polaris' list, widened). */
const CLOUD_PREFIXES = new Set(['aws', 'azure', 'gcp', 'google', 'oci', 'alibaba', 'alicloud', 'digitalocean', 'ibm', 'linode']);
/** `<...>_KEY_CONTENT`, `_KEY_DATA`: the key material itself. */
const KEY_MATERIAL_SUFFIXES = new Set(['content', 'data', 'pem', 'material', 'base64', 'b64']);
/**
 * A trailing word that makes the variable about a credential rather than the credential
 * itself: `TOKEN_FILE`, `SECRET_NAME`, `PASSWORD_PATH`, `TOKEN_TTL`, `ACCESS_KEY_ID`.
 */
const NON_SECRET_SUFFIXES = new Set([
  'file',
  'files',
  'path',
  'paths',
  'dir',
  'directory',
  'name',
  'names',
  'ref',
  'namespace',
  'id',
  'url',
  'uri',
  'endpoint',
  'host',
  'location',
  'mount',
  'enabled',
  'enable',
  'disabled',
  'disable',
  'required',
  'length',
  'len',
  'ttl',
  'expiry',
  'expiration',
  'expires',
  'timeout',
  'type',
  'header',
  'prefix',
  'suffix',
  'version',
  'mode',
  'algorithm',
  'alg',
  'provider',
  'backend',
  'store',
  'manager',
  'rotation',
  'duration',
  'period',
  'interval',
  'size',
  'bits',
  'format',
  'field',
  'key',
  'env',
  'template',
  'policy',
  'issuer',
  'audience',
  'scope',
  'scopes',
  'lifetime',
  'max',
  'min',
  'count',
  'seconds',
  'secs',
  'minutes',
  'hours',
  'days',
  'ms',
  'refresh',
  'validity',
  'strength',
  'complexity',
  'hash',
  'rounds',
  'label',
  'kind',
]);

/** What the name says the variable holds, or undefined. */
export function secretByName(name: string): string | undefined {
  const t = nameTokens(name);
  const last = t[t.length - 1];
  if (last === undefined) return undefined;
  const prev = t[t.length - 2] ?? '';
  const first = t[0] ?? '';
  if (last === 'key' && KEY_QUALIFIERS.has(prev)) return keyDescription(prev);
  if (last === 'key' && t.length > 1 && CLOUD_PREFIXES.has(first)) return 'a cloud credential';
  if (KEY_MATERIAL_SUFFIXES.has(last) && t.includes('key')) return 'a key';
  // `TOKEN_FILE`, `SECRET_NAME`, `CACHE_KEY`: about a credential, or not one at all.
  if (NON_SECRET_SUFFIXES.has(last)) return undefined;
  let before: string | undefined;
  for (const word of t) {
    if (word === 'key' && before !== undefined && KEY_QUALIFIERS.has(before)) return keyDescription(before);
    if (SECRET_WORDS.has(word)) return describeWord(word);
    before = word;
  }
  return undefined;
}

function keyDescription(qualifier: string): string {
  if (qualifier === 'api') return 'an API key';
  return `${/^[aeiou]/.test(qualifier) ? 'an' : 'a'} ${qualifier} key`;
}

function describeWord(w: string): string {
  switch (w) {
    case 'password':
    case 'passwd':
    case 'pwd':
    case 'pass':
    case 'passphrase':
      return 'a password';
    case 'token':
    case 'bearer':
      return 'a token';
    case 'credential':
    case 'credentials':
      return 'a credential';
    case 'apikey':
      return 'an API key';
    case 'privatekey':
      return 'a private key';
    case 'secretkey':
    case 'accesskey':
      return 'a secret key';
    default:
      return 'a secret';
  }
}

/**
 * Every regular expression applied to manifest text in this module, exported so the
 * tests can feed each one adversarial input. None has a nested or overlapping
 * quantifier, so matching is linear in the input length.
 */
export const PATTERNS = {
  awsKeyId: /(?:^|[^A-Z0-9])(?:AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16}(?![A-Z0-9])/,
  base64url: /^[A-Za-z0-9_-]+$/,
  maskedPassword: /^[*x]+$/i,
  shortNumber: /^\d{1,5}$/,
  whitespace: /\s/,
  urlScheme: /^[a-z][a-z0-9+.-]*:\/\//i,
  token68: /^[A-Za-z0-9._~+/-]+=*$/,
  base64: /^[A-Za-z0-9+/]+={0,2}$/,
} as const;
const AWS_KEY_ID = PATTERNS.awsKeyId;
const BASE64URL = PATTERNS.base64url;

/** A JSON Web Token: three base64url parts, the first two JSON objects (`eyJ`). Split, not matched. */
function isJwt(token: string): boolean {
  const parts = token.split('.');
  if (parts.length !== 3) return false;
  const [h, p, s] = parts;
  if (h === undefined || p === undefined || s === undefined) return false;
  return (
    h.startsWith('eyJ') &&
    p.startsWith('eyJ') &&
    h.length >= 10 &&
    p.length >= 10 &&
    s.length >= 16 &&
    parts.every((x) => BASE64URL.test(x))
  );
}

/** `scheme://user:password@host` with a literal, non-empty password. Scanned, not matched. */
function urlWithPassword(value: string): boolean {
  let from = 0;
  for (;;) {
    const i = value.indexOf('://', from);
    if (i < 0) return false;
    from = i + 3;
    let end = from;
    while (end < value.length && !'/ \t\r\n?#'.includes(value.charAt(end))) end++;
    const authority = value.slice(from, end);
    const at = authority.lastIndexOf('@');
    if (at <= 0) continue;
    const userinfo = authority.slice(0, at);
    const colon = userinfo.indexOf(':');
    if (colon < 0) continue;
    const password = userinfo.slice(colon + 1);
    if (password !== '' && !password.startsWith('$') && !PATTERNS.maskedPassword.test(password)) return true;
  }
}

/** The characters that end an HTTP credential inside a longer value (a header line, JSON). */
const CREDENTIAL_END = ' \t\r\n"\',;';

/**
 * An HTTP Authorization credential: `Bearer <token>` (RFC 6750, at least 16 characters)
 * or `Basic <base64 of user:password>` (RFC 7617, a non-empty password), alone or inside a
 * header line (`Authorization: Bearer …`). Scanned with indexOf, not matched.
 */
function httpCredential(value: string): 'a bearer token' | 'HTTP Basic credentials' | undefined {
  const lower = value.toLowerCase();
  for (const scheme of ['bearer', 'basic'] as const) {
    let from = 0;
    for (;;) {
      const i = lower.indexOf(scheme, from);
      if (i < 0) break;
      from = i + scheme.length;
      // The scheme is a word: at the start or after a separator, then one space or tab.
      const before = i === 0 ? ' ' : value.charAt(i - 1);
      if (!' \t:="\''.includes(before)) continue;
      let start = from;
      while (value.charAt(start) === ' ' || value.charAt(start) === '\t') start++;
      if (start === from) continue;
      let end = start;
      while (end < value.length && !CREDENTIAL_END.includes(value.charAt(end))) end++;
      const token = value.slice(start, end);
      if (scheme === 'bearer' && token.length >= 16 && PATTERNS.token68.test(token)) return 'a bearer token';
      if (scheme === 'basic' && isBasicCredential(token)) return 'HTTP Basic credentials';
    }
  }
  return undefined;
}

/** Base64 of `user:password` with a non-empty password. */
function isBasicCredential(token: string): boolean {
  if (token.length < 8 || token.length % 4 !== 0 || !PATTERNS.base64.test(token)) return false;
  let decoded: string;
  try {
    decoded = atob(token);
  } catch {
    return false;
  }
  const colon = decoded.indexOf(':');
  return colon >= 0 && colon < decoded.length - 1;
}

/** What the value itself gives away, whatever the variable is called. */
export function secretByValue(value: string): string | undefined {
  if (value.includes('-----BEGIN') && value.includes('PRIVATE KEY')) return 'a PEM private key';
  if (AWS_KEY_ID.test(value)) return 'an AWS access key id';
  for (const token of value.split(PATTERNS.whitespace)) if (isJwt(token)) return 'a JSON Web Token';
  if (urlWithPassword(value)) return 'a connection string with a password';
  return httpCredential(value);
}

const NON_SECRET_VALUES = new Set(['true', 'false', 'yes', 'no', 'on', 'off', 'enabled', 'disabled', 'none', 'null', 'nil']);

/**
 * A value that cannot be a leaked credential: empty, a `$(VAR)` / `${VAR}` reference, a
 * Go or Helm template, a boolean word, a short number (a port or a count), an absolute
 * file path, or a `<placeholder>`.
 */
function isNonSecretValue(value: string): boolean {
  const v = value.trim();
  if (v === '') return true;
  if (v.includes('$(') || v.includes('${') || v.includes('{{')) return true;
  if (NON_SECRET_VALUES.has(v.toLowerCase())) return true;
  if (PATTERNS.shortNumber.test(v)) return true;
  if (v.startsWith('/') && !PATTERNS.whitespace.test(v)) return true;
  if (v.startsWith('<') && v.endsWith('>')) return true;
  return false;
}

/** The kind of credential a literal env var holds, or undefined. */
export function classifyEnv(name: string, value: string): string | undefined {
  if (isNonSecretValue(value)) return undefined;
  const byValue = secretByValue(value);
  if (byValue) return byValue;
  const byName = secretByName(name);
  if (!byName) return undefined;
  // A URL without credentials named `..._TOKEN` is still a URL (e.g. a token endpoint).
  if (PATTERNS.urlScheme.test(value.trim()) && !urlWithPassword(value)) return undefined;
  return byName;
}
