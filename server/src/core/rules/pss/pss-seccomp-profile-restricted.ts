import { defineRule } from '../types';
import { containerSubject, isWindowsPod } from '../../model/pod';
import {
  atLeast,
  confinedProfileType,
  containerSecurityContext,
  missingUnderContainer,
  objectLabel,
  podSecurityContext,
  profileTypeFix,
  quote,
  rangeOfPair,
  setUnderContainer,
} from './_lib/helpers';
import { seccompProfileOf } from './_lib/seccomp';

/**
 * PSA `seccompProfile_restricted` (restricted, policy v1.19+; Windows pods exempt from
 * v1.25; overrides `seccompProfile_baseline` in PSA, both are reported here): the pod or
 * every container must set `seccompProfile.type` to RuntimeDefault or Localhost, and any
 * profile that is set must have one of those types.
 *
 * Findings: on an invalid `type:` (or a `seccompProfile:` without type) wherever it is
 * set; for a container without a profile when the pod has no valid one, on the nearest
 * existing ancestor key of the missing field. A container under an invalid pod profile is
 * covered by the pod-level finding.
 */
export default defineRule({
  id: 'pss-seccomp-profile-restricted',
  title: 'Seccomp profile not set',
  severity: 'warning',
  category: 'pod-security',
  description:
    'Without a RuntimeDefault or Localhost seccomp profile the container can call every system call of the host kernel, including the rarely needed ones behind most kernel exploits.',
  remediation: 'Set `securityContext.seccompProfile.type: RuntimeDefault` (or Localhost) on the pod or on every container.',
  pss: { check: 'seccompProfile_restricted', level: 'restricted' },
  equivalents: {
    kubesec: ['SeccompAny'],
    trivy: ['KSV-0030'],
    checkov: ['CKV_K8S_31'],
    kubescape: ['C-0210'],
  },
  appliesTo: 'workloads',
  check(ctx) {
    if (!ctx.pod || !atLeast(ctx, 19)) return;
    if (atLeast(ctx, 25) && isWindowsPod(ctx.pod, ctx.object.doc)) return;
    const fixTitle = 'Set seccompProfile.type: RuntimeDefault';
    const podProfile = seccompProfileOf(podSecurityContext(ctx), ctx);
    if (podProfile && !confinedProfileType(podProfile.type)) {
      ctx.report({
        range: rangeOfPair(podProfile.typePair ?? podProfile.profilePair, ctx),
        message: `The pod of ${objectLabel(ctx)} sets seccomp profile type ${quote(podProfile.type ?? '')}; it must be RuntimeDefault or Localhost.`,
        fix: profileTypeFix('seccompProfile', podProfile.profile, ctx),
      });
    }
    const podCovers = podProfile !== undefined;
    for (const c of ctx.pod.containers) {
      const p = seccompProfileOf(containerSecurityContext(c, ctx), ctx);
      if (p) {
        if (confinedProfileType(p.type)) continue;
        ctx.report({
          range: rangeOfPair(p.typePair ?? p.profilePair, ctx),
          message: `${containerSubject(c, ctx.object)} sets seccomp profile type ${quote(p.type ?? '')}; it must be RuntimeDefault or Localhost.`,
          fix: profileTypeFix('seccompProfile', p.profile, ctx),
        });
        continue;
      }
      if (podCovers) continue;
      ctx.report({
        range: missingUnderContainer(c, ['securityContext', 'seccompProfile', 'type'], ctx).anchor,
        message: `${containerSubject(c, ctx.object)} has no seccomp profile; set seccompProfile.type to RuntimeDefault or Localhost on it or on the pod.`,
        fix: { title: fixTitle, ops: [setUnderContainer(c, ['securityContext', 'seccompProfile', 'type'], 'RuntimeDefault', ctx)] },
      });
    }
  },
});
