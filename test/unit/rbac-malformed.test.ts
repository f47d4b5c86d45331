import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { analyzeText } from '../../server/src/core/engine/analyze';
import { DEFAULT_OPTIONS } from '../../server/src/core/engine/options';
import { RULES } from '../../server/src/core/rules/registry';

/**
 * Odd shapes the API server would reject (or that are half-typed in the editor) must not
 * make the RBAC and TLS rules throw: the engine would drop their findings for the object.
 */
const SHAPES = [
  'apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {name: a}\nrules: "everything"\n',
  'apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {name: a}\nrules:\n- verbs: 42\n  resources: {a: b}\n  apiGroups: [null, 3, [x]]\n- null\n- "*"\n',
  'apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata: {name: a}\nrules:\n- verbs: [\n',
  'apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata: {name: a}\nrules:\n- apiGroups: [""]\n  resources: [secrets]\n  verbs:\n',
  'apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\nmetadata: {name: a}\nroleRef: cluster-admin\nsubjects: [1, null, {kind: User}]\n',
  'apiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata: {name: a}\nroleRef: {kind: ClusterRole, name: [cluster-admin]}\nsubjects: {kind: User, name: system:anonymous}\n',
  'apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: {name: a, annotations: [x]}\nspec:\n  tls: [null, {hosts: "a"}, {hosts: [1, null]}]\n  rules: [null, {host: 7}, {host: null}]\n',
  'apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: {name: a}\nspec: []\n',
  'apiVersion: security.istio.io/v1\nkind: PeerAuthentication\nmetadata: {name: a}\nspec:\n  mtls: PERMISSIVE\n  portLevelMtls: [8080]\n',
  'apiVersion: networking.istio.io/v1\nkind: DestinationRule\nmetadata: {name: a}\nspec:\n  trafficPolicy: {tls: DISABLE, portLevelSettings: {a: b}}\n  subsets: [null, {trafficPolicy: []}]\n',
  'apiVersion: networking.istio.io/v1\nkind: Gateway\nmetadata: {name: a}\nspec: {servers: [{port: 80}, {port: {protocol: 5}}]}\n',
  'apiVersion: gateway.networking.k8s.io/v1\nkind: Gateway\nmetadata: {name: a}\nspec: {listeners: {protocol: HTTP}}\n',
  'apiVersion: cert-manager.io/v1\nkind: Certificate\nmetadata: {name: a}\nspec:\n  privateKey: {size: "1024"}\n  duration: 5\n  renewBefore: [1h]\n',
];

test('malformed RBAC and TLS objects produce no rule failures', () => {
  const ours = RULES.filter((r) => r.category === 'rbac' || r.category === 'tls').map((r) => r.id);
  assert.ok(ours.length >= 26);
  for (const text of SHAPES) {
    const a = analyzeText(text, DEFAULT_OPTIONS);
    assert.deepEqual(
      a.ruleFailures.filter((f) => ours.includes(f.ruleId)),
      [],
      text,
    );
  }
});

test('a subject list that is a map, or a roleRef name that is a list, reports nothing', () => {
  const a = analyzeText(SHAPES[5]!, DEFAULT_OPTIONS);
  assert.deepEqual(
    a.findings.filter((f) => f.ruleId.startsWith('rbac-')),
    [],
  );
});
