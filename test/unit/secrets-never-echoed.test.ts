import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { runCli } from '../../server/src/cli/main';
import { analyzeText } from '../../server/src/core/engine/analyze';
import { DEFAULT_OPTIONS } from '../../server/src/core/engine/options';
import { RULES } from '../../server/src/core/rules/registry';

/**
 * Secret values must never appear in anything we print: messages, CLI output in every
 * format, or the rule metadata a hover shows. Each value below is a distinctive sentinel
 * that a finding points at.
 */
const SENTINELS = [
  'Sentinel-Pa55word-8472',
  'ghp_SentinelToken9931abcdefABCDEF0123',
  'AKIASENTINEL7777QQQQ',
  'sentinel-db-pass-5512',
  'U2VudGluZWxTZWNyZXQ=',
  'SentinelBearer7331abcdefgh',
  // base64("admin:Sentinel-basic-6620")
  'YWRtaW46U2VudGluZWwtYmFzaWMtNjYyMA==',
];
const PEM = '-----BEGIN PRIVATE KEY-----\nMIIESentinelKeyMaterial4242\n-----END PRIVATE KEY-----';

const MANIFEST = `apiVersion: apps/v1
kind: Deployment
metadata: {name: api, namespace: shop}
spec:
  template:
    spec:
      containers:
        - name: api
          image: example.com/api:1.0.0
          env:
            - name: DB_PASSWORD
              value: ${SENTINELS[0]}
            - name: GITHUB_TOKEN
              value: ${SENTINELS[1]}
            - name: AWS_ACCESS_KEY_ID
              value: ${SENTINELS[2]}
            - name: DATABASE_URL
              value: postgres://app:${SENTINELS[3]}@db:5432/app
            - name: UPSTREAM_AUTH
              value: "Authorization: Bearer ${SENTINELS[5]}"
            - name: REGISTRY_AUTH
              value: Basic ${SENTINELS[6]}
---
apiVersion: v1
kind: Secret
metadata: {name: creds, namespace: shop}
data:
  password: ${SENTINELS[4]}
---
apiVersion: v1
kind: Secret
metadata: {name: web-tls, namespace: shop}
type: kubernetes.io/tls
stringData:
  tls.crt: cert
  tls.key: |
${PEM.split('\n')
  .map((l) => '    ' + l)
  .join('\n')}
`;

function assertNoSecret(output: string, where: string): void {
  for (const s of [...SENTINELS, 'SentinelKeyMaterial4242'])
    assert.ok(!output.includes(s), `${where} echoes a secret value (${s.slice(0, 6)}…)`);
}

test('findings about secrets name the key, never the value', () => {
  const findings = analyzeText(MANIFEST, DEFAULT_OPTIONS).findings;
  const secretFindings = findings.filter((f) =>
    ['env-hardcoded-secret', 'secret-in-manifest', 'tls-secret-private-key'].includes(f.ruleId),
  );
  assert.ok(secretFindings.length >= 8, `the sentinels are found (${secretFindings.map((f) => f.ruleId).join(', ')})`);
  assertNoSecret(JSON.stringify(findings.map((f) => [f.message, f.fix?.title])), 'a finding');
  assertNoSecret(JSON.stringify(RULES.map((r) => [r.title, r.description, r.remediation])), 'rule metadata');
});

test('CLI output in every format never contains a secret value', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kg-secrets-'));
  const file = path.join(dir, 'secrets.yaml');
  fs.writeFileSync(file, MANIFEST);
  for (const format of ['stylish', 'json', 'sarif']) {
    let out = '';
    const code = runCli(['scan', '--no-config', '--format', format, file], { stdout: (s) => (out += s), stderr: (s) => (out += s) });
    assert.equal(code, 1, `${format}: the inline private key is an error`);
    assertNoSecret(out, `--format ${format}`);
  }
});
