import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { recogniseObject } from '../../server/src/core/model/objects';
import {
  containerAnchor,
  containerSubject,
  effectiveSecurityField,
  isWindowsPod,
  podAnchor,
  runtimeContainers,
} from '../../server/src/core/model/pod';
import { findPodSpec } from '../../server/src/core/model/workloads';
import { parseFile } from '../../server/src/core/yaml/parseFile';
import { yaml } from '../helpers';

function podOf(text: string) {
  const object = recogniseObject(parseFile(text).documents[0]!)!;
  return { object, pod: findPodSpec(object)!, doc: object.doc };
}

/** The text a range underlines. */
const under = (r: { start: number; end: number }): string => TEXT.slice(r.start, r.end);

const TEXT = yaml(
  'apiVersion: v1',
  'kind: Pod',
  'metadata: {name: web}',
  'spec:',
  '  os: {name: windows}',
  '  securityContext: {runAsNonRoot: true, runAsUser: 1000}',
  '  containers:',
  '    - name: app',
  '      securityContext: {runAsUser: null, runAsNonRoot: false}',
  '    - image: b:1',
  '      securityContext: {runAsUser: 7}',
  '    - {}',
  '  initContainers: [{name: init}]',
  '  ephemeralContainers: [{name: dbg}]',
);

test('one pod model: runtime containers, subjects, anchors', () => {
  const { object, pod } = podOf(TEXT);
  assert.deepEqual(
    runtimeContainers(pod).map((c) => containerSubject(c, object)),
    ['Container "app" of Pod "web"', 'Container #2 of Pod "web"', 'Container #3 of Pod "web"', 'Init container "init" of Pod "web"'],
  );
  const [app, unnamed, empty] = pod.containers;
  // The preferred key, else `name:`, else the first key, else the container node itself.
  assert.equal(under(containerAnchor(app!, TEXT, 'securityContext')), 'securityContext: {runAsUser: null, runAsNonRoot: false}');
  assert.equal(under(containerAnchor(app!, TEXT)), 'name: app');
  assert.equal(under(containerAnchor(unnamed!, TEXT, 'name')), 'image: b:1');
  assert.equal(under(containerAnchor(empty!, TEXT)), '{}');
  assert.equal(under(podAnchor(pod, TEXT)), 'spec');
});

test('effective security settings: a present container value overrides the pod, null does not', () => {
  const { pod, doc } = podOf(TEXT);
  const [app, unnamed, empty] = pod.containers;
  const where = (c: (typeof pod.containers)[number], key: string) => {
    const e = effectiveSecurityField(pod, c, key, doc);
    return (
      e &&
      `${e.source}: ${under({ start: (e.pair.key as { range: number[] }).range[0]!, end: (e.pair.value as { range: number[] }).range[1]! })}`
    );
  };
  assert.equal(where(app!, 'runAsUser'), 'pod: runAsUser: 1000');
  assert.equal(where(app!, 'runAsNonRoot'), 'container: runAsNonRoot: false');
  assert.equal(where(unnamed!, 'runAsUser'), 'container: runAsUser: 7');
  assert.equal(where(empty!, 'runAsNonRoot'), 'pod: runAsNonRoot: true');
  assert.equal(where(empty!, 'seccompProfile'), undefined);
});

test('Windows pods: spec.os.name windows only', () => {
  const { pod, doc } = podOf(TEXT);
  assert.equal(isWindowsPod(pod, doc), true);
  const linux = podOf(TEXT.replace('os: {name: windows}', 'os: {name: linux}'));
  assert.equal(isWindowsPod(linux.pod, linux.doc), false);
  assert.equal(isWindowsPod(undefined, doc), false);
});
