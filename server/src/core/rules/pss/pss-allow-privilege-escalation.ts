import { pairOf } from '../../yaml/nodes';
import { defineRule } from '../types';
import { containerSubject, isWindowsPod } from '../../model/pod';
import {
  atLeast,
  boolPair,
  containerSecurityContext,
  missingUnderContainer,
  pairValue,
  quote,
  rangeOfPair,
  setUnderContainer,
} from './_lib/helpers';

/**
 * PSA `allowPrivilegeEscalation` (restricted, policy v1.8+; Windows pods exempt from
 * v1.25): every container must set `securityContext.allowPrivilegeEscalation: false`
 * explicitly. One finding per container: on the pair when it holds another value, else on
 * the nearest existing ancestor key (`securityContext:`, or the container's `name:`).
 */
export default defineRule({
  id: 'pss-allow-privilege-escalation',
  title: 'Privilege escalation allowed',
  severity: 'warning',
  category: 'pod-security',
  description:
    'Unless allowPrivilegeEscalation is false, a process in the container can gain more privileges than its parent (through setuid binaries or file capabilities), which turns many application bugs into root access.',
  remediation: 'Set `securityContext.allowPrivilegeEscalation: false` on every container.',
  pss: { check: 'allowPrivilegeEscalation', level: 'restricted' },
  equivalents: {
    'kube-linter': ['privilege-escalation-container'],
    polaris: ['privilegeEscalationAllowed'],
    kubesec: ['AllowPrivilegeEscalation'],
    trivy: ['KSV-0001'],
    checkov: ['CKV_K8S_20'],
    kubescape: ['C-0016'],
  },
  appliesTo: 'workloads',
  check(ctx) {
    if (!atLeast(ctx, 8)) return;
    if (atLeast(ctx, 25) && isWindowsPod(ctx.pod, ctx.object.doc)) return;
    const fix = { title: 'Set allowPrivilegeEscalation: false' };
    for (const c of ctx.pod?.containers ?? []) {
      const sc = containerSecurityContext(c, ctx);
      if (boolPair(sc, 'allowPrivilegeEscalation', false, ctx)) continue;
      const pair = pairOf(sc, 'allowPrivilegeEscalation');
      const value = pairValue(pair, ctx);
      if (sc && pair) {
        // An explicit null is the same as unset for the API; the pair is still the anchor.
        const set = value !== null && value !== undefined;
        ctx.report({
          range: rangeOfPair(pair, ctx),
          message: set
            ? `${containerSubject(c, ctx.object)} sets allowPrivilegeEscalation${typeof value === 'boolean' ? `: ${value}` : ` to ${quote(value)}`}; it must be false.`
            : `${containerSubject(c, ctx.object)} does not set allowPrivilegeEscalation: false.`,
          fix: { ...fix, ops: [{ op: 'set', map: sc, path: ['allowPrivilegeEscalation'], value: false }] },
        });
        continue;
      }
      const where = missingUnderContainer(c, ['securityContext', 'allowPrivilegeEscalation'], ctx);
      ctx.report({
        range: where.anchor,
        message: `${containerSubject(c, ctx.object)} does not set allowPrivilegeEscalation: false.`,
        fix: { ...fix, ops: [setUnderContainer(c, ['securityContext', 'allowPrivilegeEscalation'], false, ctx)] },
      });
    }
  },
});
