import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { RULES } from '../../server/src/core/rules/registry';
import { analyze, REPO_ROOT } from '../helpers';

/**
 * Every registered rule's docs page stays true: it exists, starts with the id and title,
 * states the default severity, names every peer id the rule declares, its "Reported"
 * example fires the rule and its "Not reported" example does not; PSS pages also name
 * their PSA check and level:check. Replaces pss-, rbac-, tls- and rules-docs.test.ts.
 */
/** The registered families, exactly: a rule lost from its category's index (or filed in another) fails here. */
const FAMILIES: Record<string, string[]> = {
  'pod-security': [
    'pss-allow-privilege-escalation',
    'pss-app-armor-profile',
    'pss-capabilities-baseline',
    'pss-capabilities-restricted',
    'pss-host-namespaces',
    'pss-host-path-volumes',
    'pss-host-ports',
    'pss-host-probes-and-host-lifecycle',
    'pss-privileged',
    'pss-proc-mount',
    'pss-proc-mount-restricted',
    'pss-restricted-volumes',
    'pss-run-as-non-root',
    'pss-run-as-user',
    'pss-se-linux-options',
    'pss-seccomp-profile-baseline',
    'pss-seccomp-profile-restricted',
    'pss-sysctls',
    'pss-windows-host-process',
  ],
  workload: [
    'cpu-limit-missing',
    'cpu-request-missing',
    'host-users-not-disabled',
    'image-not-pinned-by-digest',
    'image-pull-policy-not-always',
    'image-tag-latest',
    'liveness-probe-missing',
    'memory-limit-missing',
    'memory-request-missing',
    'read-only-root-filesystem',
    'readiness-probe-missing',
    'run-as-group-missing',
    'run-as-root-group',
    'share-process-namespace',
  ],
  host: ['host-path-runtime-socket', 'host-path-sensitive', 'host-path-writable'],
  'service-account': ['automount-service-account-token', 'default-service-account'],
  secrets: ['env-hardcoded-secret', 'secret-in-manifest', 'tls-secret-private-key'],
  exposure: ['default-namespace', 'service-external-ips', 'service-load-balancer-source-ranges', 'service-node-port'],
  rbac: [
    'rbac-anonymous',
    'rbac-cluster-admin-binding',
    'rbac-cluster-admin-rolebinding',
    'rbac-create-pods',
    'rbac-csr-approve',
    'rbac-escalate-bind',
    'rbac-exec-attach',
    'rbac-impersonate',
    'rbac-node-proxy',
    'rbac-portforward',
    'rbac-roles-write',
    'rbac-sa-token-create',
    'rbac-secrets',
    'rbac-secrets-write',
    'rbac-system-authenticated',
    'rbac-webhooks',
    'rbac-wildcard',
  ],
  tls: [
    'tls-cert-long-duration',
    'tls-cert-renew-before',
    'tls-cert-renew-late',
    'tls-cert-rotation-never',
    'tls-cert-weak-key',
    'tls-gateway-api-http-only',
    'tls-ingress-allow-http',
    'tls-ingress-host-uncovered',
    'tls-ingress-host-unused',
    'tls-istio-dr-tls-disabled',
    'tls-istio-dr-tls-no-verify',
    'tls-istio-gateway-http',
    'tls-istio-mtls-disabled',
    'tls-istio-mtls-permissive',
    'tls-min-version',
    'tls-nginx-ssl-redirect-off',
    'tls-weak-ciphers',
  ],
  network: ['istio-authz-allow-all', 'linkerd-skip-ports', 'nginx-allow-snippet-annotations', 'nginx-snippet-annotation'],
  cluster: [
    'apiserver-anonymous-auth',
    'apiserver-audit-log-missing',
    'apiserver-authorization-always-allow',
    'apiserver-encryption-config-missing',
    'apiserver-insecure-port',
    'apiserver-tls-min-version',
    'audit-policy-secrets-unlogged',
    'control-plane-profiling',
    'encryption-identity-first',
    'etcd-client-cert-auth',
    'kubelet-anonymous-auth',
    'kubelet-authorization-always-allow',
    'kubelet-certificate-rotation',
    'kubelet-read-only-port',
    'kubelet-tls-min-version',
    'removed-api-version',
  ],
};

test('the rule families are registered, each rule in its category', () => {
  const registered: Record<string, string[]> = {};
  for (const r of RULES) (registered[r.category] ??= []).push(r.id);
  for (const ids of Object.values(registered)) ids.sort();
  assert.deepEqual(registered, FAMILIES);
});

for (const rule of RULES) {
  test(`docs/rules/${rule.id}.md: page and examples match the rule`, () => {
    const file = path.join(REPO_ROOT, 'docs', 'rules', `${rule.id}.md`);
    assert.ok(fs.existsSync(file), `missing ${file}`);
    const md = fs.readFileSync(file, 'utf8');
    assert.ok(md.startsWith(`# ${rule.id}: ${rule.title}\n`), 'page starts with the id and title');
    assert.ok(md.includes(`**Default severity:** ${rule.severity}`), 'page states the default severity');
    if (rule.category === 'rbac' || rule.category === 'tls') assert.ok(md.includes(rule.remediation), 'page states the remediation');
    for (const ids of Object.values(rule.equivalents ?? {}))
      for (const id of ids ?? []) assert.ok(md.includes('`' + id + '`'), `page names peer id ${id}`);
    assert.equal([...md.matchAll(/```yaml\n/g)].length, 2, 'exactly a Reported and a Not reported example');
    const reported = /Reported:\s*```yaml\n([\s\S]*?)```/.exec(md);
    const notReported = /Not reported:\s*```yaml\n([\s\S]*?)```/.exec(md);
    assert.ok(reported && notReported, 'page needs a "Reported:" and a "Not reported:" yaml example');
    const options = { rules: { [rule.id]: rule.severity } } as never;
    assert.ok(
      analyze(reported[1]!, options).some((f) => f.ruleId === rule.id),
      'the Reported example fires',
    );
    assert.deepEqual(
      analyze(notReported[1]!, options)
        .filter((f) => f.ruleId === rule.id)
        .map((f) => f.message),
      [],
      'the Not reported example does not fire',
    );
    if (rule.pss) {
      assert.ok(md.includes(`\`${rule.pss.check}\``), 'page names the PSA check');
      assert.ok(md.includes(`${rule.pss.level}:${rule.pss.check}`), 'page lists the PSS level:check equivalent');
    }
  });
}
