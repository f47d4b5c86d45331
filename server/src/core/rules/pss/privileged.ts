import { describeObject } from '../../model/objects';
import { describeContainer } from '../../model/workloads';
import { getMap, pairOf, asScalar, pairRange } from '../../yaml/nodes';
import { capitalize } from '../../text';
import { defineRule } from '../types';

/**
 * PSA `privileged` (baseline, all versions): no container of any kind may set
 * `securityContext.privileged: true`.
 */
export default defineRule({
  id: 'pss-privileged',
  title: 'Privileged container',
  severity: 'error',
  category: 'pod-security',
  description:
    'A privileged container runs with every capability and full access to the host devices; a compromise of the container is a compromise of the node.',
  remediation: 'Remove `privileged: true` from the container securityContext or set it to false.',
  pss: { check: 'privileged', level: 'baseline' },
  equivalents: {
    'kube-linter': ['privileged-container'],
    polaris: ['runAsPrivileged'],
    kubesec: ['Privileged'],
    trivy: ['KSV-0017'],
    checkov: ['CKV_K8S_16'],
    kubescape: ['C-0057'],
  },
  appliesTo: 'workloads',
  check(ctx) {
    const doc = ctx.object.doc;
    for (const c of ctx.pod?.containers ?? []) {
      const sc = getMap(c.node, 'securityContext', doc);
      const pair = pairOf(sc, 'privileged');
      if (!sc || !pair || asScalar(pair.value, doc)?.value !== true) continue;
      ctx.report({
        range: pairRange(pair, ctx.text)!,
        message: `${capitalize(describeContainer(c))} of ${describeObject(ctx.object)} is privileged.`,
        fix: { title: 'Set privileged: false', ops: [{ op: 'set', map: sc, path: ['privileged'], value: false }] },
      });
    }
  },
});
