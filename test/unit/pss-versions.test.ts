import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import type { PssLevel } from '../../server/src/core/types';
import { briefs, rangeOfText, yaml, type Brief } from '../helpers';

/**
 * Per-policy-version behaviour of the PSS rules, at the boundaries where the Kubernetes
 * pod-security-admission checks change: each case fires on one side of the boundary and
 * not on the other.
 */

function at(text: string, ruleId: string, pssVersion: number, profile: PssLevel = 'restricted'): Brief[] {
  return briefs(text, ruleId, { pssVersion, profile });
}

function one(ruleId: string, text: string, needle: string, occurrence = 0): Brief[] {
  return [{ ruleId, range: rangeOfText(text, needle, occurrence) }];
}

/** A pod that passes every restricted check at latest, with `extra` spec lines and container lines. */
function pod(spec: string[] = [], container: string[] = [], annotations: string[] = []): string {
  return yaml(
    'apiVersion: v1',
    'kind: Pod',
    'metadata:',
    '  name: p',
    ...(annotations.length ? ['  annotations:', ...annotations.map((a) => `    ${a}`)] : []),
    'spec:',
    ...spec.map((l) => `  ${l}`),
    '  securityContext:',
    '    runAsNonRoot: true',
    '    seccompProfile: {type: RuntimeDefault}',
    '  containers:',
    '  - name: app',
    '    image: example.com/app:1.0.0',
    '    securityContext:',
    '      allowPrivilegeEscalation: false',
    '      capabilities: {drop: [ALL]}',
    ...container.map((l) => `      ${l}`),
  );
}

test('the compliant base pod has no PSS finding at any version', () => {
  for (const v of [0, 8, 19, 22, 25, 34, 35, 37, Infinity]) {
    for (const id of [
      'pss-allow-privilege-escalation',
      'pss-run-as-non-root',
      'pss-seccomp-profile-restricted',
      'pss-capabilities-restricted',
    ]) {
      assert.deepEqual(at(pod(), id, v), [], `${id} at v1.${v}`);
    }
  }
});

test('pss-host-probes-and-host-lifecycle applies from v1.34', () => {
  const text = pod([], ['readOnlyRootFilesystem: true']).replace(
    '    image: example.com/app:1.0.0\n',
    '    image: example.com/app:1.0.0\n    livenessProbe:\n      httpGet: {host: 10.0.0.1, port: 80}\n',
  );
  assert.deepEqual(at(text, 'pss-host-probes-and-host-lifecycle', 33, 'baseline'), []);
  assert.deepEqual(
    at(text, 'pss-host-probes-and-host-lifecycle', 34, 'baseline'),
    one('pss-host-probes-and-host-lifecycle', text, 'host: 10.0.0.1'),
  );
  assert.deepEqual(
    at(text, 'pss-host-probes-and-host-lifecycle', Infinity),
    one('pss-host-probes-and-host-lifecycle', text, 'host: 10.0.0.1'),
  );
});

test('pss-sysctls: the safe set grows at v1.27, v1.29, v1.32 and v1.37', () => {
  const cases: Array<[string, number]> = [
    ['net.ipv4.ip_local_reserved_ports', 27],
    ['net.ipv4.tcp_keepalive_time', 29],
    ['net.ipv4.tcp_fin_timeout', 29],
    ['net.ipv4.tcp_keepalive_intvl', 29],
    ['net.ipv4.tcp_keepalive_probes', 29],
    ['net.ipv4.tcp_rmem', 32],
    ['net.ipv4.tcp_wmem', 32],
    ['net.ipv4.tcp_slow_start_after_idle', 37],
    ['net.ipv4.tcp_notsent_lowat', 37],
  ];
  for (const [name, since] of cases) {
    const text = pod().replace('  securityContext:\n', `  securityContext:\n    sysctls:\n    - {name: ${name}, value: "1"}\n`);
    assert.deepEqual(
      at(text, 'pss-sysctls', since - 1, 'baseline'),
      one('pss-sysctls', text, `name: ${name}`),
      `${name} before v1.${since}`,
    );
    assert.deepEqual(at(text, 'pss-sysctls', since, 'baseline'), [], `${name} at v1.${since}`);
    assert.deepEqual(at(text, 'pss-sysctls', Infinity, 'baseline'), [], `${name} at latest`);
  }
  const always = pod().replace(
    '  securityContext:\n',
    '  securityContext:\n    sysctls:\n    - {name: net.ipv4.tcp_syncookies, value: "1"}\n',
  );
  assert.deepEqual(at(always, 'pss-sysctls', 0, 'baseline'), []);
});

test('pss-se-linux-options: container_engine_t is allowed from v1.31', () => {
  const text = pod([], ['seLinuxOptions: {type: container_engine_t}']);
  assert.deepEqual(at(text, 'pss-se-linux-options', 30, 'baseline'), one('pss-se-linux-options', text, 'type: container_engine_t'));
  assert.deepEqual(at(text, 'pss-se-linux-options', 31, 'baseline'), []);
});

test('pss-allow-privilege-escalation applies from v1.8, and exempts Windows pods from v1.25', () => {
  const text = pod().replace('      allowPrivilegeEscalation: false\n', '      allowPrivilegeEscalation: true\n');
  assert.deepEqual(at(text, 'pss-allow-privilege-escalation', 7), []);
  assert.deepEqual(
    at(text, 'pss-allow-privilege-escalation', 8),
    one('pss-allow-privilege-escalation', text, 'allowPrivilegeEscalation: true'),
  );
  const windows = pod(['os: {name: windows}']).replace('      allowPrivilegeEscalation: false\n', '');
  assert.deepEqual(at(windows, 'pss-allow-privilege-escalation', 24), one('pss-allow-privilege-escalation', windows, 'securityContext', 1));
  assert.deepEqual(at(windows, 'pss-allow-privilege-escalation', 25), []);
  const linux = pod(['os: {name: linux}']).replace('      allowPrivilegeEscalation: false\n', '');
  assert.deepEqual(
    at(linux, 'pss-allow-privilege-escalation', Infinity),
    one('pss-allow-privilege-escalation', linux, 'securityContext', 1),
  );
});

test('pss-seccomp-profile-restricted applies from v1.19, and exempts Windows pods from v1.25', () => {
  const text = pod().replace('    seccompProfile: {type: RuntimeDefault}\n', '');
  assert.deepEqual(at(text, 'pss-seccomp-profile-restricted', 18), []);
  assert.deepEqual(at(text, 'pss-seccomp-profile-restricted', 19), one('pss-seccomp-profile-restricted', text, 'securityContext', 1));
  const windows = pod(['os: {name: windows}']).replace('    seccompProfile: {type: RuntimeDefault}\n', '');
  assert.deepEqual(at(windows, 'pss-seccomp-profile-restricted', 24), one('pss-seccomp-profile-restricted', windows, 'securityContext', 1));
  assert.deepEqual(at(windows, 'pss-seccomp-profile-restricted', 25), []);
});

test('pss-capabilities-restricted applies from v1.22, and exempts Windows pods from v1.25', () => {
  const text = pod().replace('      capabilities: {drop: [ALL]}\n', '      capabilities: {add: [NET_BIND_SERVICE]}\n');
  assert.deepEqual(at(text, 'pss-capabilities-restricted', 21), []);
  assert.deepEqual(
    at(text, 'pss-capabilities-restricted', 22),
    one('pss-capabilities-restricted', text, 'capabilities: {add: [NET_BIND_SERVICE]}'),
  );
  const windows = pod(['os: {name: windows}']).replace('      capabilities: {drop: [ALL]}\n', '      capabilities: {add: [SYS_TIME]}\n');
  assert.deepEqual(at(windows, 'pss-capabilities-restricted', 24), [
    { ruleId: 'pss-capabilities-restricted', range: rangeOfText(windows, 'capabilities: {add: [SYS_TIME]}') },
    { ruleId: 'pss-capabilities-restricted', range: rangeOfText(windows, 'SYS_TIME') },
  ]);
  assert.deepEqual(at(windows, 'pss-capabilities-restricted', 25), []);
  // the baseline capability check has no Windows exemption
  assert.deepEqual(at(windows, 'pss-capabilities-baseline', 25), one('pss-capabilities-baseline', windows, 'SYS_TIME'));
});

test('pss-run-as-user applies from v1.23; user-namespace pods are exempt from v1.35', () => {
  const text = pod([], ['runAsUser: 0']);
  assert.deepEqual(at(text, 'pss-run-as-user', 22), []);
  assert.deepEqual(at(text, 'pss-run-as-user', 23), one('pss-run-as-user', text, 'runAsUser: 0'));
  const userns = pod(['hostUsers: false'], ['runAsUser: 0']);
  assert.deepEqual(at(userns, 'pss-run-as-user', 34), one('pss-run-as-user', userns, 'runAsUser: 0'));
  assert.deepEqual(at(userns, 'pss-run-as-user', 35), []);
  assert.deepEqual(at(userns, 'pss-run-as-user', Infinity), []);
  const hostUsersTrue = pod(['hostUsers: true'], ['runAsUser: 0']);
  assert.deepEqual(at(hostUsersTrue, 'pss-run-as-user', Infinity), one('pss-run-as-user', hostUsersTrue, 'runAsUser: 0'));
});

test('pss-run-as-non-root: user-namespace pods are exempt from v1.35 only', () => {
  const text = pod(['hostUsers: false']).replace('    runAsNonRoot: true\n', '    runAsNonRoot: false\n');
  assert.deepEqual(at(text, 'pss-run-as-non-root', 0), one('pss-run-as-non-root', text, 'runAsNonRoot: false'));
  assert.deepEqual(at(text, 'pss-run-as-non-root', 34), one('pss-run-as-non-root', text, 'runAsNonRoot: false'));
  assert.deepEqual(at(text, 'pss-run-as-non-root', 35), []);
});

test('procMount: baseline relaxes for user-namespace pods from v1.35; procMount_restricted starts at v1.35', () => {
  const userns = pod(['hostUsers: false'], ['procMount: Unmasked']);
  assert.deepEqual(at(userns, 'pss-proc-mount', 34, 'baseline'), one('pss-proc-mount', userns, 'procMount: Unmasked'));
  assert.deepEqual(at(userns, 'pss-proc-mount', 35, 'baseline'), []);
  assert.deepEqual(at(userns, 'pss-proc-mount-restricted', 34), []);
  assert.deepEqual(at(userns, 'pss-proc-mount-restricted', 35), one('pss-proc-mount-restricted', userns, 'procMount: Unmasked'));
  const hostUsers = pod([], ['procMount: Unmasked']);
  assert.deepEqual(at(hostUsers, 'pss-proc-mount', 0, 'baseline'), one('pss-proc-mount', hostUsers, 'procMount: Unmasked'));
  assert.deepEqual(at(hostUsers, 'pss-proc-mount', Infinity, 'baseline'), one('pss-proc-mount', hostUsers, 'procMount: Unmasked'));
  // the restricted rule never runs under the baseline profile
  assert.deepEqual(at(userns, 'pss-proc-mount-restricted', Infinity, 'baseline'), []);
});

test('pss-seccomp-profile-baseline: annotations before v1.19, the field from v1.19', () => {
  const annotated = pod(
    [],
    [],
    [
      'seccomp.security.alpha.kubernetes.io/pod: unconfined',
      'container.seccomp.security.alpha.kubernetes.io/app: unconfined',
      'container.seccomp.security.alpha.kubernetes.io/gone: unconfined',
      'container.seccomp.security.alpha.kubernetes.io/other: docker/default',
    ],
  );
  assert.deepEqual(at(annotated, 'pss-seccomp-profile-baseline', 18, 'baseline'), [
    { ruleId: 'pss-seccomp-profile-baseline', range: rangeOfText(annotated, 'seccomp.security.alpha.kubernetes.io/pod: unconfined') },
    {
      ruleId: 'pss-seccomp-profile-baseline',
      range: rangeOfText(annotated, 'container.seccomp.security.alpha.kubernetes.io/app: unconfined'),
    },
  ]);
  assert.deepEqual(at(annotated, 'pss-seccomp-profile-baseline', 19, 'baseline'), []);
  const field = pod([], ['seccompProfile: {type: Unconfined}']);
  assert.deepEqual(at(field, 'pss-seccomp-profile-baseline', 18, 'baseline'), []);
  assert.deepEqual(
    at(field, 'pss-seccomp-profile-baseline', 19, 'baseline'),
    one('pss-seccomp-profile-baseline', field, 'type: Unconfined'),
  );
});

test('fields patched into the v1.0 checks apply at every version: appArmorProfile field, image volumes', () => {
  const apparmor = pod([], ['appArmorProfile: {type: Unconfined}']);
  assert.deepEqual(at(apparmor, 'pss-app-armor-profile', 0, 'baseline'), one('pss-app-armor-profile', apparmor, 'type: Unconfined'));
  const image = pod(['volumes:', '- {name: data, image: {reference: example.com/data:1.0.0}}']);
  assert.deepEqual(at(image, 'pss-restricted-volumes', 0), []);
  const nfs = pod(['volumes:', '- {name: data, nfs: {server: nfs, path: /}}']);
  assert.deepEqual(at(nfs, 'pss-restricted-volumes', 0), one('pss-restricted-volumes', nfs, 'nfs: {server: nfs, path: /}'));
});

test('restricted-only rules are off under the baseline profile; baseline rules run under both', () => {
  const text = pod([], ['runAsUser: 0', 'privileged: true']);
  assert.deepEqual(at(text, 'pss-run-as-user', Infinity, 'baseline'), []);
  assert.deepEqual(at(text, 'pss-run-as-user', Infinity, 'restricted'), one('pss-run-as-user', text, 'runAsUser: 0'));
  assert.deepEqual(at(text, 'pss-privileged', Infinity, 'baseline'), one('pss-privileged', text, 'privileged: true'));
  assert.deepEqual(at(text, 'pss-privileged', Infinity, 'restricted'), one('pss-privileged', text, 'privileged: true'));
});
