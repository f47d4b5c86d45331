import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { analyzeText } from '../../server/src/core/engine/analyze';
import { DEFAULT_OPTIONS } from '../../server/src/core/engine/options';
import { briefs, pod, rangeOfText, yaml } from '../helpers';

/**
 * Malformed or unusual shapes never make a PSS rule throw, and the readers follow YAML
 * the way the API server receives it (aliases resolved, YAML 1.1 booleans as kubectl
 * decodes them, quoted strings left as strings).
 */

const MALFORMED = [
  yaml('apiVersion: v1', 'kind: Pod', 'metadata: {name: a}', 'spec: null'),
  yaml('apiVersion: v1', 'kind: Pod', 'metadata: {name: a}', 'spec: {containers: oops, initContainers: [null, 1, "x"]}'),
  yaml(
    'apiVersion: v1',
    'kind: Pod',
    'metadata: {name: a}',
    'spec:',
    '  containers:',
    '  - securityContext: x',
    '  - securityContext: []',
    '  - securityContext:',
    '  - {}',
  ),
  yaml(
    'apiVersion: v1',
    'kind: Pod',
    'metadata: {name: a, annotations: {x: null, y: 1, container.apparmor.security.beta.kubernetes.io/c: 5}}',
    'spec:',
    '  os: windows',
    '  hostUsers: "false"',
    '  securityContext: {sysctls: [null, {value: 1}, {name: 7}], seLinuxOptions: x, seccompProfile: [], appArmorProfile: null, windowsOptions: 1}',
    '  volumes: [null, x, {name: 1}, {hostPath: null}, {nfs: [], name: n}]',
    '  containers:',
    '  - name: c',
    '    ports: [null, {hostPort: null}, {hostPort: "80"}, 3]',
    '    livenessProbe: {httpGet: {host: null}, tcpSocket: 5}',
    '    lifecycle: {postStart: [], preStop: null}',
    '    securityContext:',
    '      capabilities: {add: SYS_ADMIN, drop: ALL}',
    '      seLinuxOptions: {type: null, user: 5, role: [x]}',
    '      seccompProfile: {type: null}',
    '      procMount: null',
    '      runAsUser: "0"',
  ),
  yaml('apiVersion: apps/v1', 'kind: Deployment', 'metadata: {name: d}', 'spec: {template: null}'),
  yaml(
    'apiVersion: batch/v1',
    'kind: CronJob',
    'metadata: {name: c}',
    'spec: {jobTemplate: {spec: {template: {spec: {containers: [{name: x}]}}}}}',
  ),
  yaml('apiVersion: v1', 'kind: Pod', 'metadata: {name: a}', 'spec:', '  containers:', '  - name: [1, 2]', '  - image: x'),
];

test('malformed pod specs never make a PSS rule throw, at any version and level', () => {
  for (const text of MALFORMED) {
    for (const profile of ['baseline', 'restricted'] as const) {
      for (const pssVersion of [0, 18, 19, 24, 25, 34, 35, Infinity]) {
        const r = analyzeText(text, { ...DEFAULT_OPTIONS, profile, pssVersion });
        assert.deepEqual(
          r.ruleFailures.filter((f) => f.ruleId.startsWith('pss-')),
          [],
          text,
        );
      }
    }
  }
});

test('a container without a name is described by its position and anchored on its first key', () => {
  const text = pod({ name: 'a', containers: [{ image: 'example.com/x:1.0.0' }] });
  const f = analyzeText(text, DEFAULT_OPTIONS).findings.filter((x) => x.ruleId === 'pss-run-as-non-root');
  assert.equal(f.length, 1);
  assert.equal(f[0]!.message, 'Container #1 of Pod "a" does not set runAsNonRoot: true, in its own or the pod securityContext.');
  assert.deepEqual(briefs(text, 'pss-run-as-non-root'), [
    { ruleId: 'pss-run-as-non-root', range: rangeOfText(text, 'image: example.com/x:1.0.0') },
  ]);
});

test('aliases are followed like the API server sees the expanded document', () => {
  const text = pod({
    name: 'a',
    containers: [
      { name: 'one', image: 'example.com/x:1.0.0', lines: ['securityContext: &sc {privileged: true}'] },
      { name: 'two', image: 'example.com/x:1.0.0', lines: ['securityContext: *sc'] },
    ],
  });
  // Container two is privileged through the alias: its finding points at the anchored value too.
  const anchored = { ruleId: 'pss-privileged', range: rangeOfText(text, 'privileged: true') };
  assert.deepEqual(briefs(text, 'pss-privileged'), [anchored, anchored]);
});

test('YAML 1.1 booleans count as kubectl decodes them; quoted strings do not', () => {
  const text = pod({
    name: 'a',
    spec: ['hostNetwork: on', 'hostPID: "yes"'],
    containers: [
      { name: 'one', image: 'example.com/x:1.0.0', lines: ['securityContext: {privileged: yes, allowPrivilegeEscalation: no}'] },
      { name: 'two', image: 'example.com/x:1.0.0', lines: ['securityContext: {privileged: "yes", allowPrivilegeEscalation: "false"}'] },
    ],
  });
  assert.deepEqual(briefs(text, 'pss-host-namespaces'), [{ ruleId: 'pss-host-namespaces', range: rangeOfText(text, 'hostNetwork: on') }]);
  assert.deepEqual(briefs(text, 'pss-privileged'), [{ ruleId: 'pss-privileged', range: rangeOfText(text, 'privileged: yes') }]);
  assert.deepEqual(briefs(text, 'pss-allow-privilege-escalation'), [
    { ruleId: 'pss-allow-privilege-escalation', range: rangeOfText(text, 'allowPrivilegeEscalation: "false"') },
  ]);
  const userns = yaml(
    'apiVersion: v1',
    'kind: Pod',
    'metadata: {name: a}',
    'spec:',
    '  hostUsers: no',
    '  securityContext: {runAsUser: 0}',
    '  containers: [{name: one, image: example.com/x:1.0.0}]',
  );
  assert.deepEqual(briefs(userns, 'pss-run-as-user', { pssVersion: 35 }), []);
  assert.deepEqual(briefs(userns, 'pss-run-as-user', { pssVersion: 34 }), [
    { ruleId: 'pss-run-as-user', range: rangeOfText(userns, 'runAsUser: 0') },
  ]);
});
