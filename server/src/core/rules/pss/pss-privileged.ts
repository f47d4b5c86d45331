import { describeObject } from '../../model/objects';
import { describeContainer } from '../../model/workloads';
import { capitalize } from '../../text';
import { defineRule } from '../types';
import { boolPair, containerSecurityContext, rangeOfPair } from './_lib/helpers';

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
  onControlPlanePods: true,
  check(ctx) {
    for (const c of ctx.pod?.containers ?? []) {
      const sc = containerSecurityContext(c, ctx);
      const pair = boolPair(sc, 'privileged', true, ctx);
      if (!sc || !pair) continue;
      ctx.report({
        range: rangeOfPair(pair, ctx),
        message: `${capitalize(describeContainer(c))} of ${describeObject(ctx.object)} is privileged.`,
        fix: { title: 'Set privileged: false', ops: [{ op: 'set', map: sc, path: ['privileged'], value: false }] },
      });
    }
  },
});
