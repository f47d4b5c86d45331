import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { analyzeText } from '../../server/src/core/engine/analyze';
import { DEFAULT_OPTIONS } from '../../server/src/core/engine/options';
import { SHARED } from '../helpers';

/**
 * The RBAC and TLS findings on the shared real-world corpus, reviewed by hand (all true
 * positives: operators that read every Secret or hold `*` really are that powerful). A
 * change in these counts is either a new false positive or a lost true positive; review
 * it before updating the table. Needs ../shared: fails, not skips, without it.
 */
const REALWORLD = path.join(SHARED, 'corpus', 'realworld');

const EXPECTED: Record<string, Record<string, number>> = {
  // argocd-server's ClusterRole patches and deletes every kind (`*`): pods and controllers,
  // Secrets, roles and bindings; its Role and the redis Role create Secrets.
  'argo-cd/install.yaml': {
    'rbac-create-pods': 2,
    'rbac-roles-write': 1,
    'rbac-secrets': 7,
    'rbac-secrets-write': 3,
    'rbac-webhooks': 1,
    'rbac-wildcard': 7,
  },
  'argo-cd/ha-install.yaml': {
    'rbac-create-pods': 2,
    'rbac-roles-write': 1,
    'rbac-secrets': 7,
    'rbac-secrets-write': 3,
    'rbac-webhooks': 1,
    'rbac-wildcard': 7,
  },
  'argo-cd/namespace-install.yaml': { 'rbac-secrets': 5, 'rbac-secrets-write': 2 },
  // The admission job's Role creates the webhook's certificate Secret (create can mint tokens).
  'ingress-nginx/deploy-cloud.yaml': { 'rbac-secrets': 3, 'rbac-secrets-write': 1, 'rbac-webhooks': 1 },
  'ingress-nginx/deploy-aws-nlb-tls.yaml': { 'rbac-secrets': 3, 'rbac-secrets-write': 1, 'rbac-webhooks': 1 },
  'istio/bookinfo.yaml': {},
  'kube-prometheus/all-manifests.yaml': { 'rbac-create-pods': 1, 'rbac-secrets': 2, 'rbac-secrets-write': 1, 'rbac-wildcard': 5 },
  'kube-prometheus/manifests/kubeStateMetrics-clusterRole.yaml': { 'rbac-secrets': 1 },
  'kube-prometheus/manifests/prometheusAdapter-clusterRoleServerResources.yaml': { 'rbac-wildcard': 2 },
  'kube-prometheus/manifests/prometheusOperator-clusterRole.yaml': {
    'rbac-create-pods': 1,
    'rbac-secrets': 1,
    'rbac-secrets-write': 1,
    'rbac-wildcard': 3,
  },
};

function ours(ruleId: string): boolean {
  return ruleId.startsWith('rbac-') || (ruleId.startsWith('tls-') && ruleId !== 'tls-secret-private-key');
}

test('RBAC/TLS findings on the real-world corpus match the reviewed counts', () => {
  assert.ok(fs.existsSync(REALWORLD), `missing ${REALWORLD}`);
  for (const [file, expected] of Object.entries(EXPECTED)) {
    const text = fs.readFileSync(path.join(REALWORLD, file), 'utf8');
    const got: Record<string, number> = {};
    for (const f of analyzeText(text, DEFAULT_OPTIONS).findings) if (ours(f.ruleId)) got[f.ruleId] = (got[f.ruleId] ?? 0) + 1;
    assert.deepEqual(got, expected, file);
  }
});

test('the other kube-prometheus manifests have no RBAC/TLS finding', () => {
  const dir = path.join(REALWORLD, 'kube-prometheus', 'manifests');
  const files = fs.readdirSync(dir).filter((f) => f.endsWith('.yaml'));
  assert.ok(files.length > 50, `only ${files.length} manifests`);
  for (const f of files) {
    if (EXPECTED[`kube-prometheus/manifests/${f}`]) continue;
    const findings = analyzeText(fs.readFileSync(path.join(dir, f), 'utf8'), DEFAULT_OPTIONS).findings.filter((x) => ours(x.ruleId));
    assert.deepEqual(
      findings.map((x) => `${x.ruleId}: ${x.message}`),
      [],
      f,
    );
  }
});
