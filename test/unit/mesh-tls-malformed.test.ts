import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { analyzeText } from '../../server/src/core/engine/analyze';
import { DEFAULT_OPTIONS } from '../../server/src/core/engine/options';
import { RULES } from '../../server/src/core/rules/registry';
import { analyzeWorkspace } from '../../server/src/core/workspace/analyzeWorkspace';
import { WorkspaceIndex } from '../../server/src/core/workspace/workspaceIndex';

/**
 * Odd shapes (rejected by the API server, or half-typed in the editor) must not make the
 * mesh, ingress-controller and certificate rules throw, nor be read as findings: a rule
 * that throws loses every finding of the object.
 */
const SHAPES = [
  'apiVersion: security.istio.io/v1\nkind: AuthorizationPolicy\nmetadata: {name: a}\nspec:\n  action: [ALLOW]\n  rules: "all"\n',
  'apiVersion: security.istio.io/v1\nkind: AuthorizationPolicy\nmetadata: {name: a}\nspec:\n  rules: [null, 1, [], {from: {source: x}}, {to: "*"}]\n',
  'apiVersion: security.istio.io/v1\nkind: AuthorizationPolicy\nmetadata: {name: a}\nspec: []\n',
  'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: a}\nspec:\n  template:\n    metadata:\n      annotations: [config.linkerd.io/skip-inbound-ports]\n      labels: "sidecar.istio.io/inject"\n',
  'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: a\n  annotations:\n    config.linkerd.io/skip-inbound-ports: [25]\n    config.linkerd.io/skip-outbound-ports:\n',
  'apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: a\n  annotations:\n    nginx.ingress.kubernetes.io/server-snippet: {a: b}\n    kubernetes.io/ingress.allow-http: [true]\nspec: {tls: "yes"}\n',
  'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\ndata: [allow-snippet-annotations, ssl-protocols]\n',
  'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\ndata:\n  ssl-protocols: 1.1\n  allow-snippet-annotations: {x: 1}\n',
  'apiVersion: networking.istio.io/v1\nkind: Gateway\nmetadata: {name: a}\nspec: {servers: [null, {tls: TLSV1_0}, {tls: {minProtocolVersion: [TLSV1_0]}}]}\n',
  'apiVersion: traefik.io/v1alpha1\nkind: TLSOption\nmetadata: {name: a}\nspec: VersionTLS10\n',
  'apiVersion: traefik.io/v1alpha1\nkind: TLSOption\nmetadata: {name: a}\nspec: {cipherSuites: [[RC4-SHA], {a: RC4}, 5, null]}\n',
  'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\ndata: {ssl-ciphers: {RC4: true}}\n',
  'apiVersion: cert-manager.io/v1\nkind: Certificate\nmetadata: {name: a}\nspec:\n  privateKey: Never\n  duration: 99999999999999999999h\n  renewBefore: -1h\n',
];

const OURS = [
  'istio-authz-allow-all',
  'linkerd-skip-ports',
  'nginx-snippet-annotation',
  'nginx-allow-snippet-annotations',
  'tls-min-version',
  'tls-ingress-allow-http',
  'tls-cert-rotation-never',
  'tls-cert-long-duration',
  'tls-cert-renew-late',
  'tls-weak-ciphers',
];

test('malformed mesh, ingress-controller and certificate objects fail no rule and report nothing', () => {
  assert.deepEqual(
    OURS.filter((id) => !RULES.some((r) => r.id === id)),
    [],
  );
  for (const text of SHAPES) {
    const a = analyzeText(text, DEFAULT_OPTIONS);
    assert.deepEqual(
      a.ruleFailures.filter((f) => OURS.includes(f.ruleId)),
      [],
      text,
    );
    assert.deepEqual(
      a.findings.filter((f) => OURS.includes(f.ruleId)).map((f) => f.message),
      [],
      text,
    );
  }
});

test('malformed PeerAuthentications, Namespaces and pod opt-outs are indexed and judged without failures', () => {
  const index = new WorkspaceIndex();
  index.setFileText(
    'mesh.yaml',
    [
      'apiVersion: security.istio.io/v1\nkind: PeerAuthentication\nmetadata: {name: a, namespace: shop}\nspec: {mtls: STRICT, selector: [x]}\n',
      'apiVersion: security.istio.io/v1\nkind: PeerAuthentication\nmetadata: {name: b, namespace: istio-system}\nspec: []\n',
      'apiVersion: v1\nkind: Namespace\nmetadata: {name: shop, labels: [istio-injection], annotations: {linkerd.io/inject: [enabled]}}\n',
      'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  namespace: shop\n  labels: {sidecar.istio.io/inject: false}\n  annotations: {linkerd.io/inject: {x: 1}}\nspec: {containers: [{name: c, image: i}]}\n',
    ].join('---\n'),
  );
  assert.deepEqual(index.failures(), []);
  const ids = ['istio-sidecar-injection-disabled', 'istio-namespace-mtls-not-strict', 'linkerd-inject-disabled'];
  const result = analyzeWorkspace(index, { rules: Object.fromEntries(ids.map((id) => [id, 'warning'])) });
  assert.deepEqual(result.ruleFailures, []);
  // `mtls: STRICT` is not a map: no mode is set, so the unquoted boolean opt-out meets no STRICT namespace.
  assert.deepEqual(
    result.findings.filter((f) => ids.includes(f.ruleId)).map((f) => f.ruleId),
    [],
  );
});
