import type { Document, Pair, YAMLMap } from 'yaml';
import { describeObject } from '../../model/objects';
import type { OffsetRange } from '../../types';
import { asScalar, getMap, getSeq, pairOf, pairRange, singleLineRange } from '../../yaml/nodes';
import { defineRule } from '../types';
import { containerSubject, isWindowsPod, runtimeContainers, securitySetting } from '../../model/pod';

function isZero(v: unknown): boolean {
  return v === 0;
}

/**
 * GID 0 gives a process the root group's file permissions on the image and on every
 * volume (many images leave root-group-writable files). Checked: `runAsGroup` (container
 * value overrides the pod's), pod `fsGroup` and pod `supplementalGroups`, like Trivy
 * KSV-0116. A pod-level `runAsGroup: 0` is reported once, only when some container
 * actually inherits it.
 */
export default defineRule({
  id: 'run-as-root-group',
  title: 'Runs with the root group (GID 0)',
  severity: 'warning',
  category: 'workload',
  description:
    'A process whose primary, filesystem or supplementary group is 0 can read and write every file the root group can, in the image and on mounted volumes, which widens what a compromised container can touch.',
  remediation: 'Set `runAsGroup`, `fsGroup` and `supplementalGroups` to a non-zero GID.',
  equivalents: {
    'kube-linter': ['run-as-non-root'],
    trivy: ['KSV-0116'],
    kubescape: ['C-0013'],
  },
  appliesTo: 'workloads',
  check(ctx) {
    const pod = ctx.pod;
    const doc = ctx.object.doc;
    if (!pod || isWindowsPod(pod, doc)) return;
    const obj = describeObject(ctx.object);
    const containers = runtimeContainers(pod);
    const podGroup = securitySetting(pod.spec, 'runAsGroup', doc);
    const inheritors = containers.filter((c) => {
      const own = securitySetting(c.node, 'runAsGroup', doc);
      return !own || own.value === null;
    });
    if (podGroup && isZero(podGroup.value) && (inheritors.length > 0 || containers.length === 0)) {
      ctx.report({
        range: pairRange(podGroup.pair, ctx.text)!,
        message: `${obj} runs its containers with the root group (pod runAsGroup: 0).`,
      });
    }
    const fsGroup = securitySetting(pod.spec, 'fsGroup', doc);
    if (fsGroup && isZero(fsGroup.value)) {
      ctx.report({ range: pairRange(fsGroup.pair, ctx.text)!, message: `${obj} gives its volumes to the root group (fsGroup: 0).` });
    }
    const zeroItem = rootSupplementalGroup(pod.spec, doc, ctx.text);
    if (zeroItem) ctx.report({ range: zeroItem, message: `${obj} adds the root group to its supplementalGroups.` });
    for (const c of containers) {
      const own = securitySetting(c.node, 'runAsGroup', doc);
      if (own && isZero(own.value)) {
        ctx.report({
          range: pairRange(own.pair, ctx.text)!,
          message: `${containerSubject(c, ctx.object)} runs with the root group (runAsGroup: 0).`,
        });
      }
    }
  },
});

function rootSupplementalGroup(spec: YAMLMap, doc: Document, text: string): OffsetRange | undefined {
  const sc = getMap(spec, 'securityContext', doc);
  const seq = getSeq(sc, 'supplementalGroups', doc);
  if (!seq) return undefined;
  for (const item of seq.items) {
    const s = asScalar(item, doc);
    if (s && isZero(s.value)) {
      // A flow list `[0, 1000]` fits on one line: underline the whole pair; a block list: the item.
      const pair = pairOf(sc, 'supplementalGroups') as Pair;
      return (seq as { flow?: boolean }).flow ? pairRange(pair, text) : singleLineRange(s, text);
    }
  }
  return undefined;
}
