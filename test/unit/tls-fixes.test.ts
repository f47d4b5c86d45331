import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { analyzeText } from '../../server/src/core/engine/analyze';
import { DEFAULT_OPTIONS } from '../../server/src/core/engine/options';
import { applyEdits, computeFix } from '../../server/src/core/fix';
import { yaml } from '../helpers';

/** The TLS rules' quick fixes, applied through the real renderer and verifier. */
function fix(text: string, ruleId: string, index = 0): string | undefined {
  const analysis = analyzeText(text, DEFAULT_OPTIONS);
  const finding = analysis.findings.filter((f) => f.ruleId === ruleId)[index];
  assert.ok(finding, `no finding #${index} of ${ruleId}`);
  assert.ok(finding.fix, `${ruleId} offers no fix`);
  const edits = computeFix(analysis, finding, (t) => analyzeText(t, DEFAULT_OPTIONS));
  assert.ok(edits, `fix of ${ruleId} refused`);
  return applyEdits(text, edits);
}

test('PERMISSIVE and DISABLE become STRICT in place, comments kept', () => {
  const pa = (mode: string) =>
    yaml(
      'apiVersion: security.istio.io/v1',
      'kind: PeerAuthentication',
      'metadata: {name: default, namespace: shop}',
      'spec:',
      '  mtls:',
      `    mode: ${mode}   # migration`,
    );
  assert.equal(fix(pa('PERMISSIVE'), 'tls-istio-mtls-permissive'), pa('STRICT'));
  assert.equal(fix(pa('DISABLE'), 'tls-istio-mtls-disabled'), pa('STRICT'));
  const port = (mode: string) =>
    yaml(
      'apiVersion: security.istio.io/v1',
      'kind: PeerAuthentication',
      'metadata: {name: p, namespace: shop}',
      'spec:',
      '  selector: {matchLabels: {app: web}}',
      '  portLevelMtls:',
      `    "9090": {mode: ${mode}}`,
    );
  assert.equal(fix(port('DISABLE'), 'tls-istio-mtls-disabled'), port('STRICT'));
});

test('ssl-redirect "false" becomes "true"', () => {
  const ing = (v: string) =>
    yaml(
      'apiVersion: networking.k8s.io/v1',
      'kind: Ingress',
      'metadata:',
      '  name: i',
      '  annotations:',
      `    nginx.ingress.kubernetes.io/ssl-redirect: ${v}`,
      'spec:',
      '  tls: [{hosts: [a.example.com], secretName: a}]',
      '  rules: [{host: a.example.com}]',
    );
  assert.equal(fix(ing('"false"'), 'tls-nginx-ssl-redirect-off'), ing('"true"'));
});

test('Istio Gateway HTTP server gets tls.httpsRedirect: true', () => {
  const head = [
    'apiVersion: networking.istio.io/v1',
    'kind: Gateway',
    'metadata: {name: g}',
    'spec:',
    '  servers:',
    '  - port:',
    '      number: 80',
    '      protocol: HTTP',
    '    hosts: ["*"]',
  ];
  assert.equal(fix(yaml(...head), 'tls-istio-gateway-http'), yaml(...head, '    tls:', '      httpsRedirect: true'));
});

test('insecureSkipVerify and weak RSA key sizes are replaced in place', () => {
  const dr = (v: string) =>
    yaml(
      'apiVersion: networking.istio.io/v1',
      'kind: DestinationRule',
      'metadata: {name: d}',
      'spec:',
      '  host: x.example.com',
      '  trafficPolicy:',
      '    tls:',
      '      mode: SIMPLE',
      '      caCertificates: /ca.pem',
      `      insecureSkipVerify: ${v}`,
    );
  assert.equal(fix(dr('true'), 'tls-istio-dr-tls-no-verify'), dr('false'));
  const cert = (size: number) =>
    yaml(
      'apiVersion: cert-manager.io/v1',
      'kind: Certificate',
      'metadata: {name: c}',
      'spec:',
      '  secretName: c',
      '  issuerRef: {name: ca}',
      '  privateKey:',
      `    size: ${size}`,
    );
  assert.equal(fix(cert(1024), 'tls-cert-weak-key'), cert(2048));
});
