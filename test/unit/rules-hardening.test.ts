import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { normalizeHostPath } from '../../server/src/core/rules/host/_lib/hostPaths';
import { isRuntimeSocketPath } from '../../server/src/core/rules/host/host-path-runtime-socket';
import { sensitiveReason } from '../../server/src/core/rules/host/host-path-sensitive';
import { isDigest, isMutableTag, isPinned, parseImage } from '../../server/src/core/rules/workload/_lib/image';
import { briefs, pod, rangeOfText, yaml } from '../helpers';

test('parseImage: registry ports, tags and digests', () => {
  assert.deepEqual(parseImage('nginx'), { repository: 'nginx' });
  assert.deepEqual(parseImage('nginx:1.27'), { repository: 'nginx', tag: '1.27' });
  assert.deepEqual(parseImage('registry:5000/team/app'), { repository: 'registry:5000/team/app' });
  assert.deepEqual(parseImage('registry:5000/team/app:2.0'), { repository: 'registry:5000/team/app', tag: '2.0' });
  assert.deepEqual(parseImage('app:1.0@sha256:abc'), { repository: 'app', tag: '1.0', digest: 'sha256:abc' });
  assert.equal(isDigest('sha256:' + 'a'.repeat(64)), true);
  assert.equal(isDigest('sha256:abc'), false);
  assert.equal(isDigest('sha256:' + 'G'.repeat(64)), false);
  assert.equal(isPinned('app@sha256:' + '0'.repeat(64)), true);
  // Only the OCI-registered algorithms at their exact lengths, lower-case hex.
  assert.equal(isDigest('sha512:' + 'a'.repeat(128)), true);
  assert.equal(isDigest('sha512:' + 'a'.repeat(64)), false);
  assert.equal(isDigest('sha256:' + 'a'.repeat(63)), false);
  assert.equal(isDigest('sha256:' + 'a'.repeat(65)), false);
  assert.equal(isDigest('sha256:' + 'A'.repeat(64)), false);
  assert.equal(isDigest('blake3:' + 'a'.repeat(64)), false);
  assert.equal(isDigest(':' + 'a'.repeat(64)), false);
  assert.equal(isPinned('app:latest@blake3:' + 'a'.repeat(64)), false);
});

test('isMutableTag: floating tags versus conventionally immutable ones', () => {
  for (const t of [undefined, '', 'latest', 'stable', 'main', '1', '1.27', '1.27-alpine', 'v2', 'alpine'])
    assert.equal(isMutableTag(t), true, String(t));
  for (const t of ['1.27.2', 'v0.28.0', '3.0.8-alpine', '20240501', 'build-2024-05-01', 'sha-4f2a9c1', '4f2a9c1d'])
    assert.equal(isMutableTag(t), false, t);
});

test('normalizeHostPath: slashes, dot segments, relative paths', () => {
  assert.equal(normalizeHostPath('/etc/'), '/etc');
  assert.equal(normalizeHostPath('//etc//kubernetes/./pki/'), '/etc/kubernetes/pki');
  assert.equal(normalizeHostPath('/var/lib/../../etc'), '/etc');
  assert.equal(normalizeHostPath('/../..'), '/');
  assert.equal(normalizeHostPath('etc'), undefined);
  assert.equal(normalizeHostPath(' /etc '), '/etc');
});

test('host path classification: sockets, system directories, credential stores', () => {
  for (const p of [
    '/var/run/docker.sock',
    '/run/containerd/containerd.sock',
    '/var/run/crio/crio.sock',
    '/run/k3s/containerd/containerd.sock',
    '/var/run',
    '/run',
    '/run/containerd',
  ])
    assert.equal(isRuntimeSocketPath(p), true, p);
  for (const p of ['/var/run/app', '/var/log', '/run/secrets']) assert.equal(isRuntimeSocketPath(p), false, p);
  assert.equal(sensitiveReason('/'), 'system directory');
  assert.equal(sensitiveReason('/var/lib/kubelet'), 'system directory');
  assert.equal(sensitiveReason('/home/ubuntu/.aws/credentials'), 'credential store');
  assert.equal(sensitiveReason('/root/.kube'), 'credential store');
  assert.equal(sensitiveReason('/etc/kubernetes/admin.conf'), 'credential store');
  for (const p of [
    '/etc/localtime',
    '/sys/fs/cgroup',
    '/var/lib/kubelet/pods',
    '/var/log',
    '/home/ubuntu/data',
    '/var/lib/docker/containers',
  ])
    assert.equal(sensitiveReason(p), undefined, p);
});

test('run-as-root-group: the container value overrides the pod value', () => {
  const text = pod({
    spec: ['securityContext: {runAsGroup: 1000}'],
    containers: [
      { name: 'a', image: 'a:1.0.0', lines: ['securityContext: {runAsGroup: 0}'] },
      { name: 'b', image: 'b:1.0.0' },
    ],
  });
  assert.deepEqual(briefs(text, 'run-as-root-group'), [{ ruleId: 'run-as-root-group', range: rangeOfText(text, 'runAsGroup: 0') }]);
});

test('image-pull-policy-not-always: an absent policy is judged by the Kubernetes default', () => {
  const text = yaml(
    'apiVersion: v1',
    'kind: Pod',
    'metadata: {name: p}',
    'spec:',
    '  containers:',
    '  - {name: untagged, image: nginx}',
    '  - {name: floating, image: "nginx:1.27"}',
    '  - {name: exact, image: "nginx:1.27.2"}',
  );
  assert.deepEqual(briefs(text, 'image-pull-policy-not-always'), [
    { ruleId: 'image-pull-policy-not-always', range: rangeOfText(text, 'image: "nginx:1.27"') },
  ]);
});

test('probes: off by default, on when configured', () => {
  const text = pod({ containers: [{ name: 'a', image: 'a:1.0.0' }] });
  assert.deepEqual(briefs(text, 'liveness-probe-missing'), []);
  assert.deepEqual(briefs(text, 'liveness-probe-missing', { rules: { 'liveness-probe-missing': 'warning' } }), [
    { ruleId: 'liveness-probe-missing', range: rangeOfText(text, 'name: a') },
  ]);
});

test('service-load-balancer-source-ranges: a flow list with 0.0.0.0/0 underlines the pair; ::/0 counts too', () => {
  const text = yaml(
    'apiVersion: v1',
    'kind: Service',
    'metadata: {name: s}',
    'spec:',
    '  type: LoadBalancer',
    '  loadBalancerSourceRanges: ["::/0"]',
  );
  assert.deepEqual(briefs(text, 'service-load-balancer-source-ranges'), [
    { ruleId: 'service-load-balancer-source-ranges', range: rangeOfText(text, 'loadBalancerSourceRanges: ["::/0"]') },
  ]);
});
