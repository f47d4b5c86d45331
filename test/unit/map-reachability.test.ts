import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as path from 'path';
import { buildSecurityMap } from '../../server/src/core/map/buildMap';
import { reachability, resolveWorkloadId } from '../../server/src/core/map/reachability';
import type { Reachability } from '../../server/src/core/map/model';
import { REPO_ROOT } from '../helpers';
import { indexDir, rangeText } from './workspace-helpers';

const MAP_FIXTURES = path.join(REPO_ROOT, 'test', 'fixtures', 'map');

/** A verdict as lines: allowed, ports, then each side's reasons or blocking policies. */
function brief(r: Reachability): string[] {
  const side = (name: string, s: Reachability['egress']) => [
    `${name} ${s.allowed ? 'allowed' : 'blocked'}`,
    ...s.reasons.map((x) => `  ${x.kind}: ${x.description}`),
    ...s.blockedBy.map((l) => `  blocked by ${l.file}:${rangeText(l.range)}`),
  ];
  return [
    `${r.from} -> ${r.to}${r.port ? `:${r.port}` : ''} ${r.allowed ? 'ALLOWED' : 'BLOCKED'} [${r.ports.map((p) => `${p.port}/${p.protocol}`).join(',')}]`,
    ...side('egress', r.egress),
    ...side('ingress', r.ingress),
  ];
}

test('reachability: default deny blocks, naming the isolating policy', () => {
  const index = indexDir(path.join(MAP_FIXTURES, 'default-deny'));
  assert.deepEqual(brief(reachability(index, 'prod/web', 'prod/api')), [
    'workload:prod/Deployment/web -> workload:prod/Deployment/api BLOCKED []',
    'egress allowed',
    '  not-isolated: Deployment web: no policy isolates its egress',
    'ingress blocked',
    '  blocked by workspace.yaml:8:2-8:16',
  ]);
});

test('reachability: both sides must allow the queried port; named ports of the destination resolve', () => {
  const index = indexDir(path.join(MAP_FIXTURES, 'egress'));
  assert.deepEqual(brief(reachability(index, 'Deployment/app/frontend', 'workload:app/Deployment/backend', '8080')), [
    'workload:app/Deployment/frontend -> workload:app/Deployment/backend:8080 ALLOWED [8080/TCP]',
    'egress allowed',
    '  egress-rule: NetworkPolicy app/fe-egress, egress rule 1',
    'ingress allowed',
    '  ingress-rule: NetworkPolicy app/be-ingress, ingress rule 1',
  ]);
  // 9090: the destination's ingress allows it, the source's egress does not.
  assert.deepEqual(brief(reachability(index, 'app/frontend', 'app/backend', '9090/TCP')), [
    'workload:app/Deployment/frontend -> workload:app/Deployment/backend:9090/TCP BLOCKED []',
    'egress blocked',
    '  blocked by workspace.yaml:3:2-3:17',
    'ingress allowed',
    '  ingress-rule: NetworkPolicy app/be-ingress, ingress rule 1',
  ]);
  // Any port: the sides overlap on 8080 only.
  assert.deepEqual(
    brief(reachability(index, 'app/frontend', 'app/backend'))[0],
    'workload:app/Deployment/frontend -> workload:app/Deployment/backend ALLOWED [8080/TCP]',
  );
  // The other way round: backend's egress is open, frontend's ingress is not isolated.
  assert.equal(reachability(index, 'app/backend', 'app/frontend').allowed, true);
});

test('reachability: a port name the destination does not define is blocked on both sides', () => {
  const index = indexDir(path.join(MAP_FIXTURES, 'selectors'));
  const r = reachability(index, 'dev/tool', 'shop/db', 'metrics');
  assert.equal(r.allowed, false);
  assert.deepEqual([r.egress.allowed, r.ingress.allowed], [false, false]);
  assert.equal(reachability(index, 'shop/web', 'shop/api', 'http').allowed, true);
  assert.equal(reachability(index, 'shop/api', 'shop/web', '443').allowed, false);
});

test('resolveWorkloadId: ids and shorthands, unknown and ambiguous names explained', () => {
  const index = indexDir(path.join(MAP_FIXTURES, 'selectors'));
  assert.deepEqual(resolveWorkloadId(index, 'shop/api'), { id: 'workload:shop/Deployment/api' });
  assert.deepEqual(resolveWorkloadId(index, 'Deployment/dev/tool'), { id: 'workload:dev/Deployment/tool' });
  assert.deepEqual(resolveWorkloadId(index, 'shop/nope'), { error: 'no workload "shop/nope" in the files read' });
  assert.deepEqual(resolveWorkloadId(index, 'api'), { error: 'no workload "api" in the files read' });
  assert.throws(() => reachability(index, 'shop/api', 'x/y/z/w'), { message: 'no workload "x/y/z/w" in the files read' });
});

test('workloads carry Pod Security violations of their namespace level and their ServiceAccount power; the RBAC graph', () => {
  const map = buildSecurityMap(indexDir(path.join(MAP_FIXTURES, 'power')));
  assert.deepEqual(
    map.namespaces.map((n) => [n.name, n.podSecurity, n.workloads]),
    [['locked', { enforce: 'restricted', warn: 'restricted' }, ['workload:locked/Deployment/root-app']]],
  );
  const w = map.workloads[0]!;
  assert.deepEqual(w.podSecurity, {
    meets: 'none',
    violations: ['allowPrivilegeEscalation', 'capabilities_restricted', 'runAsNonRoot', 'seccompProfile_restricted', 'privileged'],
  });
  // The built-in cluster-admin is one badge, not one per grant it implies.
  assert.deepEqual(
    w.grants.map((g) => `${g.label} ${g.ruleId} ${g.scope} @${rangeText(g.binding.range)}`),
    ['read Secrets rbac-secrets locked @61:2-61:20', 'cluster-admin rbac-wildcard cluster-wide @38:2-38:22'],
  );
  assert.deepEqual(
    map.rbac.bindings.map((b) => `${b.id}: ${b.subjects.join(', ')} -> ${b.role}`),
    [
      'binding:RoleBinding/locked/read-secrets: subject:ServiceAccount/locked/deployer, subject:Group/auditors -> role:Role/locked/secrets-reader',
      'binding:ClusterRoleBinding/deployer-admin: subject:ServiceAccount/locked/deployer -> role:ClusterRole/cluster-admin',
    ],
  );
  assert.deepEqual(
    map.rbac.roles.map((r) => `${r.id} ${r.loc ? 'in files' : 'built-in'}: ${r.grants.map((g) => `${g.label}/${g.ruleId}`).join(', ')}`),
    [
      'role:Role/locked/secrets-reader in files: read Secrets/rbac-secrets',
      'role:ClusterRole/cluster-admin built-in: cluster-admin/rbac-wildcard',
    ],
  );
});

test('reachability: a pod selector never names a host-network pod, so its rule does not let the node agent in', () => {
  const index = indexDir(path.join(MAP_FIXTURES, 'host-network'));
  assert.deepEqual(brief(reachability(index, 'shop/agent', 'shop/api')), [
    'workload:shop/DaemonSet/agent -> workload:shop/Deployment/api BLOCKED []',
    'egress allowed',
    '  not-isolated: DaemonSet agent: it runs on the host network, where NetworkPolicies do not apply',
    'ingress blocked',
    '  blocked by workspace.yaml:41:2-41:14',
  ]);
  const map = buildSecurityMap(index);
  assert.deepEqual(
    map.edges.filter((e) => e.to === 'workload:shop/Deployment/api').map((e) => e.from),
    [],
  );
});
