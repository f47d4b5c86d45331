import { defineRule } from '../types';
import { containerSubject, effectiveSecurityField } from '../../model/pod';
import {
  atLeast,
  boolPair,
  boolValue,
  containerSecurityContext,
  missingUnderContainer,
  objectLabel,
  podSecurityContext,
  rangeOfPair,
  setUnderContainer,
  usesUserNamespace,
} from './_lib/helpers';

/**
 * PSA `runAsNonRoot` (restricted, all versions; skipped for `hostUsers: false` pods from
 * v1.35): the pod must not set `runAsNonRoot: false`, and every container must end up with
 * `runAsNonRoot: true`, from its own securityContext or the pod's.
 *
 * Findings: on `runAsNonRoot: false` wherever it is set (pod or container); for a
 * container left without a value, on the nearest existing ancestor key of the missing
 * field (`securityContext:`, or the container's `name:`). When the pod itself sets false,
 * the containers that inherit it are covered by that one pod-level finding.
 */
export default defineRule({
  id: 'pss-run-as-non-root',
  title: 'Container may run as root',
  severity: 'warning',
  category: 'pod-security',
  description:
    'Without runAsNonRoot: true the kubelet starts a container whose image runs as UID 0, so any compromise of the process is a compromise as root inside the container, one step away from the node.',
  remediation: 'Set `securityContext.runAsNonRoot: true` on the pod or on every container, and run the image as a non-zero user.',
  pss: { check: 'runAsNonRoot', level: 'restricted' },
  equivalents: {
    'kube-linter': ['run-as-non-root'],
    polaris: ['runAsRootAllowed'],
    kubesec: ['RunAsNonRoot'],
    trivy: ['KSV-0012'],
    checkov: ['CKV_K8S_23'],
    kubescape: ['C-0013'],
  },
  appliesTo: 'workloads',
  check(ctx) {
    if (!ctx.pod) return;
    if (atLeast(ctx, 35) && usesUserNamespace(ctx)) return;
    const podSc = podSecurityContext(ctx);
    const podFalse = boolPair(podSc, 'runAsNonRoot', false, ctx);
    if (podSc && podFalse) {
      ctx.report({
        range: rangeOfPair(podFalse, ctx),
        message: `The pod of ${objectLabel(ctx)} sets runAsNonRoot: false.`,
        fix: { title: 'Set runAsNonRoot: true', ops: [{ op: 'set', map: podSc, path: ['runAsNonRoot'], value: true }] },
      });
    }
    for (const c of ctx.pod.containers) {
      // A container's own non-null value overrides the pod's; a pod-level value (true,
      // or false already reported above) covers containers that set nothing.
      const effective = effectiveSecurityField(ctx.pod, c, 'runAsNonRoot', ctx.object.doc);
      if (effective?.source === 'pod') continue;
      if (effective) {
        const sc = containerSecurityContext(c, ctx);
        if (sc && boolValue(effective.pair.value, ctx) === false) {
          ctx.report({
            range: rangeOfPair(effective.pair, ctx),
            message: `${containerSubject(c, ctx.object)} sets runAsNonRoot: false.`,
            fix: { title: 'Set runAsNonRoot: true', ops: [{ op: 'set', map: sc, path: ['runAsNonRoot'], value: true }] },
          });
        }
        continue;
      }
      ctx.report({
        range: missingUnderContainer(c, ['securityContext', 'runAsNonRoot'], ctx).anchor,
        message: `${containerSubject(c, ctx.object)} does not set runAsNonRoot: true, in its own or the pod securityContext.`,
        fix: { title: 'Set runAsNonRoot: true', ops: [setUnderContainer(c, ['securityContext', 'runAsNonRoot'], true, ctx)] },
      });
    }
  },
});
