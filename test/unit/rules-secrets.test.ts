import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { classifyEnv, nameTokens, PATTERNS, secretByName, secretByValue } from '../../server/src/core/rules/secrets/_lib/credentials';
import { sensitiveReason } from '../../server/src/core/rules/host/host-path-sensitive';
import { normalizeHostPath } from '../../server/src/core/rules/host/_lib/hostPaths';
import { isDigest, parseImage } from '../../server/src/core/rules/workload/_lib/image';
import { analyze, yaml } from '../helpers';

test('nameTokens splits SNAKE, kebab, dotted and camelCase names', () => {
  assert.deepEqual(nameTokens('DB_PASSWORD'), ['db', 'password']);
  assert.deepEqual(nameTokens('stripeApiKey'), ['stripe', 'api', 'key']);
  assert.deepEqual(nameTokens('db-password.file'), ['db', 'password', 'file']);
  assert.deepEqual(nameTokens('OAuth2ClientSecret'), ['oauth2', 'client', 'secret']);
  assert.deepEqual(nameTokens('__'), []);
});

test('secretByName: credential names, and names about a credential', () => {
  const yes: Array<[string, string]> = [
    ['DB_PASSWORD', 'a password'],
    ['MYSQL_ROOT_PASSWD', 'a password'],
    ['REDIS_PASS', 'a password'],
    ['GITHUB_TOKEN', 'a token'],
    ['clientSecret', 'a secret'],
    ['STRIPE_API_KEY', 'an API key'],
    ['JWT_PRIVATE_KEY', 'a private key'],
    ['AWS_SECRET_ACCESS_KEY', 'an access key'],
    ['ENCRYPTION_KEY', 'an encryption key'],
    ['AZURE_BATCH_KEY', 'a cloud credential'],
    ['OCI_CLI_KEY_CONTENT', 'a key'],
    ['APP_KEY', 'an app key'],
    ['GCP_CREDENTIALS', 'a credential'],
    ['APIKEY', 'an API key'],
  ];
  for (const [name, kind] of yes) assert.equal(secretByName(name), kind, name);
  for (const name of [
    'TOKEN_FILE',
    'PASSWORD_PATH',
    'JWT_SECRET_NAME',
    'SECRET_KEY_REF',
    'AWS_ACCESS_KEY_ID',
    'AUTH_TOKEN_ENABLED',
    'PASSWORD_MIN_LENGTH',
    'TOKEN_TTL',
    'OAUTH_TOKEN_URL',
    'CACHE_KEY',
    'PUBLIC_KEY',
    'LOG_LEVEL',
    'KEYCLOAK_REALM',
    'PASSPORT_STRATEGY',
    'TOKENIZER_MODEL',
    'SECRETARY_EMAIL',
  ]) {
    assert.equal(secretByName(name), undefined, name);
  }
});

test('secretByValue: PEM keys, AWS key ids, JWTs and URLs with a password, under any name', () => {
  assert.equal(secretByValue('-----BEGIN EC PRIVATE KEY-----\nabc\n-----END EC PRIVATE KEY-----'), 'a PEM private key');
  assert.equal(secretByValue('AKIAIOSFODNN7EXAMPLE'), 'an AWS access key id');
  assert.equal(secretByValue('key=ASIAIOSFODNN7EXAMPLE;'), 'an AWS access key id');
  assert.equal(secretByValue('XAKIAIOSFODNN7EXAMPLE'), undefined, 'embedded in a longer word');
  assert.equal(secretByValue('eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJkZW1vIn0.c2lnbmF0dXJlLW5vdC1yZWFs'), 'a JSON Web Token');
  assert.equal(secretByValue('eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJkZW1vIn0'), undefined, 'two parts only');
  assert.equal(secretByValue('amqp://guest:guest@rabbit:5672/'), 'a connection string with a password');
  assert.equal(secretByValue('redis://:p4ss@redis:6379/0'), 'a connection string with a password');
  assert.equal(secretByValue('postgres://app@db:5432/app'), undefined, 'no password');
  assert.equal(secretByValue('postgres://app:$(DB_PASSWORD)@db/app'), undefined, 'a reference');
  assert.equal(secretByValue('https://user:****@example.com'), undefined, 'masked');
  assert.equal(secretByValue('https://example.com/a@b'), undefined, '@ in the path is not userinfo');
  assert.equal(secretByValue('-----BEGIN CERTIFICATE-----'), undefined);
});

test('secretByValue: HTTP Authorization credentials (Bearer, Basic), alone or in a header line', () => {
  assert.equal(secretByValue('Bearer 2f9c1e7a4b8d6035aa71c9e0'), 'a bearer token');
  assert.equal(secretByValue('Authorization: bearer sk_live_4eC39HqLyjWDarjtT1zdp7dc'), 'a bearer token');
  assert.equal(secretByValue('{"Authorization":"Bearer abcdefghijklmnop1234"}'), 'a bearer token');
  // base64("admin:hunter2")
  assert.equal(secretByValue('Basic YWRtaW46aHVudGVyMg=='), 'HTTP Basic credentials');
  assert.equal(secretByValue('Authorization: Basic YWRtaW46aHVudGVyMg=='), 'HTTP Basic credentials');
  // base64("admin:") has no password; base64("adminhunter") no colon.
  assert.equal(secretByValue('Basic YWRtaW46'), undefined);
  assert.equal(secretByValue('Basic YWRtaW5odW50ZXI='), undefined);
  assert.equal(secretByValue('Basic not*base64!'), undefined);
  assert.equal(secretByValue('Bearer'), undefined, 'the scheme name alone');
  assert.equal(secretByValue('Bearer short'), undefined, 'too short for a token');
  assert.equal(secretByValue('Bearer $(API_TOKEN)'), undefined, 'a reference');
  assert.equal(secretByValue('use a bearer token from the vault'), undefined, 'prose');
  assert.equal(secretByValue('basicauthenticationrealm'), undefined, 'not a word');
  assert.equal(classifyEnv('AUTH_HEADER', 'Bearer 2f9c1e7a4b8d6035aa71c9e0'), 'a bearer token', 'fires under any name');
  assert.equal(classifyEnv('AUTH_HEADER', 'Bearer ${TOKEN}'), undefined);
});

test('classifyEnv: values that are obviously not secrets never fire', () => {
  for (const v of [
    '',
    '   ',
    '$(DB_PASSWORD)',
    'pre-${X}',
    '{{ .Values.pw }}',
    'true',
    'False',
    'yes',
    '8443',
    '/run/secrets/pw',
    '<your-password>',
  ]) {
    assert.equal(classifyEnv('DB_PASSWORD', v), undefined, JSON.stringify(v));
  }
  assert.equal(classifyEnv('DB_PASSWORD', '12345678'), 'a password', 'a long number can be a password');
  assert.equal(classifyEnv('OAUTH_TOKEN', 'https://login.example.com/token'), undefined, 'a URL named token');
  assert.equal(classifyEnv('LOG_FORMAT', 'AKIAIOSFODNN7EXAMPLE'), 'an AWS access key id');
});

test('env-hardcoded-secret never echoes the value in its message', () => {
  const text = yaml(
    'apiVersion: v1',
    'kind: Pod',
    'metadata: {name: p}',
    'spec:',
    '  containers:',
    '  - name: a',
    '    image: a:1',
    '    env:',
    '    - {name: DB_PASSWORD, value: very-distinctive-value}',
    '    - {name: URL, value: "postgres://u:very-distinctive-value@h/db"}',
  );
  const found = analyze(text).filter((f) => f.ruleId === 'env-hardcoded-secret');
  assert.equal(found.length, 2);
  for (const f of found) {
    assert.ok(!f.message.includes('very-distinctive-value'), f.message);
    assert.ok(!text.slice(f.range.start, f.range.end).includes('very-distinctive-value'), 'the range does not cover the value');
  }
});

test('secret rules never echo Secret values', () => {
  const text = yaml(
    'apiVersion: v1',
    'kind: Secret',
    'metadata: {name: s}',
    'type: kubernetes.io/tls',
    'stringData:',
    '  tls.key: very-distinctive-value',
    '  password: very-distinctive-value',
  );
  const found = analyze(text).filter((f) => f.ruleId === 'secret-in-manifest' || f.ruleId === 'tls-secret-private-key');
  assert.deepEqual(found.map((f) => f.ruleId).sort(), ['secret-in-manifest', 'tls-secret-private-key']);
  for (const f of found) {
    assert.ok(!f.message.includes('very-distinctive-value'), f.message);
    assert.ok(!text.slice(f.range.start, f.range.end).includes('very-distinctive-value'));
  }
});

/**
 * Adversarial inputs: long runs of the characters each pattern's quantifiers consume,
 * ending so that the match fails at the last moment. A backtracking blow-up would not
 * finish within the test's timeout; the assertions check the results are right.
 */
const N = 200_000;
const adversarial = [
  'A'.repeat(N),
  'AKIA'.repeat(N / 4),
  'AKIA' + 'A'.repeat(N) + '!',
  'eyJ'.repeat(N / 3),
  ('eyJ' + 'a'.repeat(20) + '.').repeat(N / 24),
  'a'.repeat(N) + ':',
  '://'.repeat(N / 3),
  'x://' + 'u:'.repeat(N / 2) + '@',
  'x://' + ':'.repeat(N),
  '*'.repeat(N) + 'y',
  '1'.repeat(N),
  ' '.repeat(N) + 'x',
  '-'.repeat(N),
  '-----BEGIN '.repeat(N / 11),
  '/home/' + 'a'.repeat(N),
  '/' + '../'.repeat(N / 3),
  '@'.repeat(N),
  'a_'.repeat(N / 2),
  'aB'.repeat(N / 2),
  'Bearer '.repeat(N / 7),
  ':bearer\t'.repeat(N / 8),
  'Bearer ' + ' '.repeat(N) + '!',
  'Basic ' + 'QUJD'.repeat(N / 4),
  'basic '.repeat(N / 6),
];

test('every credential pattern is linear on adversarial input', { timeout: 20_000 }, () => {
  const verdicts: Array<string | undefined> = [];
  for (const input of adversarial) {
    for (const re of Object.values(PATTERNS)) re.test(input);
    verdicts.push(secretByValue(input));
    classifyEnv(input, input);
    classifyEnv('DB_PASSWORD', input);
    secretByName(input);
    nameTokens(input);
    const p = normalizeHostPath(input);
    if (p !== undefined) sensitiveReason(p);
    sensitiveReason(input);
    isDigest(parseImage(input).digest);
    isDigest('sha256:' + input);
  }
  // The adversarial inputs are judged correctly, not just quickly: only the connection string
  // with a password ('x://u:u:…@') is a credential.
  const connectionString = adversarial.indexOf('x://' + 'u:'.repeat(N / 2) + '@');
  assert.deepEqual(
    verdicts,
    adversarial.map((_, i) => (i === connectionString ? 'a connection string with a password' : undefined)),
  );
  assert.equal(secretByValue('AKIA' + 'A'.repeat(N) + '!'), undefined);
  assert.equal(secretByValue('x://' + 'u:'.repeat(N / 2) + '@'), 'a connection string with a password');
  assert.equal(sensitiveReason('/home/' + 'a'.repeat(N)), undefined);
  assert.equal(normalizeHostPath('/' + '../'.repeat(N / 3)), '/');
});
