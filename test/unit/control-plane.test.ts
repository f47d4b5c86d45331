import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { controlPlaneComponent } from '../../server/src/core/model/controlPlane';
import { recogniseObject } from '../../server/src/core/model/objects';
import { parseFile } from '../../server/src/core/yaml/parseFile';
import { analyze, rangeOfText, rangeString, REPO_ROOT, yaml } from '../helpers';

/**
 * Control-plane static pods are recognised as such: the application-workload rules stay
 * silent on them (host network, host paths and root are their design) and the cluster
 * rules read their flags. Rules that stay meaningful declare `onControlPlanePods`.
 */
const KUBEADM_APISERVER = fs.readFileSync(path.join(REPO_ROOT, 'test', 'fixtures', 'control-plane', 'kube-apiserver.yaml'), 'utf8');

function component(text: string): string | undefined {
  const [document] = parseFile(text).documents;
  const object = document ? recogniseObject(document) : undefined;
  return object ? controlPlaneComponent(object) : undefined;
}

test("kubeadm's kube-apiserver manifest: only the control-plane findings, on its command", () => {
  const findings = analyze(KUBEADM_APISERVER);
  const command = rangeOfText(KUBEADM_APISERVER, 'command');
  assert.deepEqual(
    findings.map((f) => [f.ruleId, rangeString(KUBEADM_APISERVER, f.range)]),
    [
      ['apiserver-audit-log-missing', command],
      ['apiserver-encryption-config-missing', command],
      ['apiserver-tls-min-version', command],
      ['control-plane-profiling', command],
    ],
  );
});

test('the same pod outside kube-system is an application workload: workload rules, no cluster rules', () => {
  const moved = KUBEADM_APISERVER.replace('namespace: kube-system', 'namespace: shop');
  const ids = new Set(analyze(moved).map((f) => f.ruleId));
  for (const id of ['pss-host-namespaces', 'pss-host-path-volumes', 'host-path-sensitive', 'read-only-root-filesystem'])
    assert.ok(ids.has(id), id);
  for (const id of ids) assert.ok(!id.startsWith('apiserver-') && id !== 'control-plane-profiling', id);
});

test('rules that stay meaningful still run on a static pod: privileged, latest tag, runtime socket', () => {
  const text = yaml(
    'apiVersion: v1',
    'kind: Pod',
    'metadata: {name: kube-scheduler, namespace: kube-system, labels: {component: kube-scheduler}}',
    'spec:',
    '  hostNetwork: true',
    '  containers:',
    '  - name: kube-scheduler',
    '    image: registry.k8s.io/kube-scheduler:latest',
    '    command: [kube-scheduler, --profiling=false]',
    '    securityContext: {privileged: true}',
    '    volumeMounts: [{name: sock, mountPath: /run/containerd/containerd.sock}]',
    '  volumes: [{name: sock, hostPath: {path: /run/containerd/containerd.sock}}]',
  );
  assert.deepEqual(
    analyze(text)
      .map((f) => f.ruleId)
      .sort(),
    ['host-path-runtime-socket', 'image-tag-latest', 'pss-privileged'],
  );
});

test('controlPlaneComponent: by component label or command binary, in kube-system Pods only', () => {
  const podWith = (meta: string, command: string): string =>
    yaml(
      'apiVersion: v1',
      'kind: Pod',
      `metadata: {${meta}}`,
      'spec:',
      '  containers:',
      `  - {name: c, image: x:1.0.0, command: ${command}}`,
    );
  assert.equal(component(podWith('name: a, namespace: kube-system, labels: {component: etcd}', '[sh]')), 'etcd');
  assert.equal(
    component(podWith('name: a, namespace: kube-system', '[/usr/local/bin/kube-controller-manager, --v=2]')),
    'kube-controller-manager',
  );
  assert.equal(component(podWith('name: a, namespace: kube-system, labels: {component: coredns}', '[/coredns]')), undefined);
  assert.equal(component(podWith('name: a, namespace: shop, labels: {component: etcd}', '[etcd]')), undefined);
  assert.equal(component(podWith('name: a', '[etcd]')), undefined, 'no namespace: not a known static pod');
  const deployment = yaml(
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata: {name: etcd, namespace: kube-system, labels: {component: etcd}}',
    'spec: {template: {spec: {containers: [{name: etcd, image: x:1.0.0, command: [etcd]}]}}}',
  );
  assert.equal(component(deployment), undefined);
});

test('flags: `--flag value` and `--flag=value`, command and args, the last one wins', () => {
  const text = yaml(
    'apiVersion: v1',
    'kind: Pod',
    'metadata: {name: kube-apiserver, namespace: kube-system}',
    'spec:',
    '  containers:',
    '  - name: kube-apiserver',
    '    image: registry.k8s.io/kube-apiserver:v1.31.2',
    '    command: [kube-apiserver, --anonymous-auth=false, --tls-min-version, VersionTLS10]',
    '    args: [--anonymous-auth=true]',
  );
  const got = analyze(text)
    .filter((f) => f.ruleId === 'apiserver-anonymous-auth' || f.ruleId === 'apiserver-tls-min-version')
    .map((f) => [f.ruleId, rangeString(text, f.range)]);
  assert.deepEqual(got, [
    ['apiserver-tls-min-version', rangeOfText(text, '--tls-min-version')],
    ['apiserver-anonymous-auth', rangeOfText(text, '--anonymous-auth=true')],
  ]);
});

test('hostile input: a static pod with 100,000 flags and kubeadm extraArgs of 50,000 entries finish', { timeout: 60_000 }, () => {
  const N = 100_000;
  const pod = yaml(
    'apiVersion: v1',
    'kind: Pod',
    'metadata: {name: kube-apiserver, namespace: kube-system}',
    'spec:',
    '  containers:',
    '  - name: kube-apiserver',
    '    image: registry.k8s.io/kube-apiserver:v1.31.2',
    `    command: [kube-apiserver, ${'--anonymous-auth, '.repeat(N)}--anonymous-auth=true]`,
  );
  const last = pod.lastIndexOf('--anonymous-auth=true');
  const anonymous = analyze(pod).filter((f) => f.ruleId === 'apiserver-anonymous-auth');
  assert.deepEqual(
    anonymous.map((f) => f.range.start),
    [last],
  );
  const lines = ['apiVersion: kubeadm.k8s.io/v1beta4', 'kind: ClusterConfiguration', 'apiServer:', '  extraArgs:'];
  // 50,000 lines: a document over 100,000 lines is refused before parsing (analysis-limit).
  for (let i = 0; i < N / 2; i++) lines.push(`  - {name: f${i}, value: x}`);
  lines.push('  - {name: authorization-mode, value: AlwaysAllow}');
  assert.equal(analyze(yaml(...lines)).filter((f) => f.ruleId === 'apiserver-authorization-always-allow').length, 1);
});
