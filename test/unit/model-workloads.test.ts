import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { recogniseObject } from '../../server/src/core/model/objects';
import { describeContainer, findPodSpec, WORKLOAD_KINDS } from '../../server/src/core/model/workloads';
import { parseFile } from '../../server/src/core/yaml/parseFile';

const POD_SPEC = [
  'containers: [{name: app, image: a:1}]',
  'initContainers: [{name: init, image: b:1}]',
  'ephemeralContainers: [{name: dbg, image: c:1}]',
];

/** Kinds are read only in their own API group (see model/apiGroups.ts). */
const TEMPLATE_API_VERSIONS: Record<string, string> = {
  ReplicationController: 'v1',
  Job: 'batch/v1',
  DeploymentConfig: 'apps.openshift.io/v1',
};

function wrap(kind: string): string {
  const spec = (indent: string) => POD_SPEC.map((l) => indent + l).join('\n');
  switch (kind) {
    case 'Pod':
      return `apiVersion: v1\nkind: Pod\nmetadata: {name: x}\nspec:\n${spec('  ')}\n`;
    case 'PodTemplate':
      return `apiVersion: v1\nkind: PodTemplate\nmetadata: {name: x}\ntemplate:\n  metadata: {labels: {a: b}}\n  spec:\n${spec('    ')}\n`;
    case 'CronJob':
      return `apiVersion: batch/v1\nkind: CronJob\nmetadata: {name: x}\nspec:\n  jobTemplate:\n    spec:\n      template:\n        metadata: {labels: {a: b}}\n        spec:\n${spec('          ')}\n`;
    default:
      return `apiVersion: ${TEMPLATE_API_VERSIONS[kind] ?? 'apps/v1'}\nkind: ${kind}\nmetadata: {name: x}\nspec:\n  template:\n    metadata: {labels: {a: b}}\n    spec:\n${spec('      ')}\n`;
  }
}

test('the pod spec of every workload kind is found, with all three container lists in order', () => {
  assert.deepEqual([...WORKLOAD_KINDS].sort(), [
    'CronJob',
    'DaemonSet',
    'Deployment',
    'DeploymentConfig',
    'Job',
    'Pod',
    'PodTemplate',
    'ReplicaSet',
    'ReplicationController',
    'StatefulSet',
  ]);
  for (const kind of WORKLOAD_KINDS) {
    const text = wrap(kind);
    const object = recogniseObject(parseFile(text).documents[0]!)!;
    const pod = findPodSpec(object);
    assert.ok(pod, kind);
    assert.deepEqual(
      pod.containers.map(describeContainer),
      ['container "app"', 'init container "init"', 'ephemeral container "dbg"'],
      kind,
    );
    assert.equal(
      text.slice(
        pod.containers[0]!.namePair!.key.range![0],
        pod.containers[0]!.namePair!.value ? (pod.containers[0]!.namePair!.value as { range: number[] }).range[1] : 0,
      ),
      'name: app',
      kind,
    );
    if (kind !== 'Pod') assert.ok(pod.podMetadata, `${kind} pod template metadata`);
  }
});

test('objects need string apiVersion and kind; other kinds have no pod spec', () => {
  const docs = parseFile('kind: Pod\n---\napiVersion: v1\nkind: 3\n---\napiVersion: v1\nkind: ConfigMap\n---\n- a\n').documents;
  assert.deepEqual(
    docs.map((d) => recogniseObject(d)?.kind),
    [undefined, undefined, 'ConfigMap', undefined],
  );
  assert.equal(findPodSpec(recogniseObject(docs[2]!)!), undefined);
});

test('a workload kind name in another API group has no pod spec; old groups of the same kind do', () => {
  const template = 'spec:\n  template:\n    metadata: {labels: {a: b}}\n    spec:\n      containers: [{name: app, image: a:1}]\n';
  const podSpecOf = (apiVersion: string, kind: string) =>
    findPodSpec(recogniseObject(parseFile(`apiVersion: ${apiVersion}\nkind: ${kind}\nmetadata: {name: x}\n${template}`).documents[0]!)!);
  assert.equal(podSpecOf('apps/v1', 'Deployment')?.containers.length, 1);
  assert.equal(podSpecOf('extensions/v1beta1', 'Deployment')?.containers.length, 1);
  assert.equal(podSpecOf('apps/v1beta2', 'DaemonSet')?.containers.length, 1);
  assert.equal(podSpecOf('v1', 'DeploymentConfig')?.containers.length, 1);
  assert.equal(podSpecOf('apps.kruise.io/v1beta1', 'StatefulSet')?.containers.length, 1);
  assert.equal(podSpecOf('example.com/v1', 'Deployment'), undefined);
  assert.equal(podSpecOf('apps/v1', 'Job'), undefined);
  assert.equal(podSpecOf('serving.knative.dev/v1', 'Pod'), undefined);
});
