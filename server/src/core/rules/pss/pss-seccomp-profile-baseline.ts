import { defineRule, type RuleContext } from '../types';
import { containerSubject } from '../../model/pod';
import {
  confinedProfileType,
  containerSecurityContext,
  objectLabel,
  podAnnotations,
  podSecurityContext,
  profileTypeFix,
  quote,
  rangeOfPair,
} from './_lib/helpers';
import { SECCOMP_CONTAINER_ANNOTATION_PREFIX, SECCOMP_POD_ANNOTATION, seccompProfileOf, validSeccompAnnotation } from './_lib/seccomp';

/** Policy < v1.19: only the alpha annotations are checked (the field did not exist yet). */
function checkAnnotations(ctx: RuleContext): void {
  const names = new Set((ctx.pod?.containers ?? []).map((c) => c.name).filter((n): n is string => n !== undefined));
  for (const a of podAnnotations(ctx.pod, ctx)) {
    const applies =
      a.key === SECCOMP_POD_ANNOTATION ||
      (a.key.startsWith(SECCOMP_CONTAINER_ANNOTATION_PREFIX) && names.has(a.key.slice(SECCOMP_CONTAINER_ANNOTATION_PREFIX.length)));
    if (!applies || validSeccompAnnotation(a.value)) continue;
    ctx.report({
      range: rangeOfPair(a.pair, ctx),
      message: `${objectLabel(ctx)} sets annotation ${quote(a.key)} to ${quote(a.value)}; only runtime/default, docker/default or localhost/<profile> are allowed.`,
      fix: { title: 'Set the annotation to runtime/default', ops: [{ op: 'set', map: a.map, path: [a.key], value: 'runtime/default' }] },
    });
  }
}

/**
 * PSA `seccompProfile_baseline` (baseline). Policy v1.0–v1.18: the
 * `seccomp.security.alpha.kubernetes.io/pod` and `container.seccomp.security.alpha.kubernetes.io/<container>`
 * annotations must be runtime/default, docker/default or localhost/*. Policy v1.19+: a
 * `seccompProfile` set on the pod or a container must have type RuntimeDefault or
 * Localhost (undefined stays allowed at this level). One finding per offending setting.
 */
export default defineRule({
  id: 'pss-seccomp-profile-baseline',
  title: 'Seccomp disabled',
  severity: 'error',
  category: 'pod-security',
  description:
    'An Unconfined seccomp profile lets the container call every system call of the host kernel, including the rarely needed ones behind most kernel exploits.',
  remediation: 'Set `seccompProfile.type` to RuntimeDefault or Localhost, or remove the Unconfined override.',
  pss: { check: 'seccompProfile_baseline', level: 'baseline' },
  equivalents: {
    kubesec: ['SeccompUnconfined'],
    trivy: ['KSV-0104'],
  },
  appliesTo: 'workloads',
  check(ctx) {
    if (!ctx.pod) return;
    if (ctx.pssVersion < 19) {
      checkAnnotations(ctx);
      return;
    }
    const podProfile = seccompProfileOf(podSecurityContext(ctx), ctx);
    if (podProfile && !confinedProfileType(podProfile.type)) {
      ctx.report({
        range: rangeOfPair(podProfile.typePair ?? podProfile.profilePair, ctx),
        message: `The pod of ${objectLabel(ctx)} sets seccomp profile type ${quote(podProfile.type ?? '')}; only RuntimeDefault or Localhost are allowed.`,
        fix: profileTypeFix('seccompProfile', podProfile.profile, ctx),
      });
    }
    for (const c of ctx.pod.containers) {
      const p = seccompProfileOf(containerSecurityContext(c, ctx), ctx);
      if (!p || confinedProfileType(p.type)) continue;
      ctx.report({
        range: rangeOfPair(p.typePair ?? p.profilePair, ctx),
        message: `${containerSubject(c, ctx.object)} sets seccomp profile type ${quote(p.type ?? '')}; only RuntimeDefault or Localhost are allowed.`,
        fix: profileTypeFix('seccompProfile', p.profile, ctx),
      });
    }
  },
});
