import { describeObject } from '../../model/objects';
import { asScalar, pairOf, pairRange } from '../../yaml/nodes';
import { defineRule } from '../types';

export default defineRule({
  id: 'share-process-namespace',
  title: 'Containers share one process namespace',
  severity: 'warning',
  category: 'workload',
  description:
    "With `shareProcessNamespace: true` every container of the pod sees and can signal the others' processes and read their environment and root filesystem through /proc/<pid>/root, so one compromised sidecar exposes the secrets of all.",
  remediation: 'Remove `shareProcessNamespace: true` from the pod spec unless a container really needs to see the others.',
  equivalents: {},
  appliesTo: 'workloads',
  check(ctx) {
    const pod = ctx.pod;
    if (!pod) return;
    const pair = pairOf(pod.spec, 'shareProcessNamespace');
    if (!pair || asScalar(pair.value, ctx.object.doc)?.value !== true) return;
    ctx.report({
      range: pairRange(pair, ctx.text)!,
      message: `${describeObject(ctx.object)} shares one process namespace between its containers (shareProcessNamespace: true).`,
      fix: {
        title: 'Set shareProcessNamespace: false',
        ops: [{ op: 'set', map: pod.spec, path: ['shareProcessNamespace'], value: false }],
      },
    });
  },
});
