import type { Pair, YAMLMap } from 'yaml';
import { getMap, pairOf } from '../../yaml/nodes';
import { defineRule, type RuleContext } from '../types';
import { containerSubject } from '../../model/pod';
import {
  confinedProfileType,
  containerSecurityContext,
  objectLabel,
  pairValue,
  podAnnotations,
  podSecurityContext,
  profileTypeFix,
  quote,
  rangeOfPair,
} from './_lib/helpers';

/** The deprecated beta annotation prefix that PSA still checks at every version. */
const APPARMOR_ANNOTATION_PREFIX = 'container.apparmor.security.beta.kubernetes.io/';

function allowedAnnotation(value: string): boolean {
  return value === '' || value === 'runtime/default' || value.startsWith('localhost/');
}

/**
 * A present `appArmorProfile` map whose type is not RuntimeDefault/Localhost: the finding
 * sits on `type:` when there is one, on `appArmorProfile:` when the type is missing (an
 * empty type is not an allowed type).
 */
function badProfile(sc: YAMLMap | undefined, ctx: RuleContext): { profile: YAMLMap; pair: Pair; type: unknown } | undefined {
  const profile = getMap(sc, 'appArmorProfile', ctx.object.doc);
  if (!profile) return undefined;
  const typePair = pairOf(profile, 'type') as Pair | undefined;
  const type = pairValue(typePair, ctx);
  if (confinedProfileType(type)) return undefined;
  return { profile, pair: typePair ?? (pairOf(sc, 'appArmorProfile') as Pair), type };
}

/**
 * PSA `appArmorProfile` (baseline, all versions; the field channel was added to the 1.0
 * check in place, so it applies at every pinned version): `securityContext.appArmorProfile.type`
 * of the pod and of every container must be RuntimeDefault or Localhost, and every
 * `container.apparmor.security.beta.kubernetes.io/*` annotation must be empty,
 * `runtime/default` or `localhost/*`.
 */
export default defineRule({
  id: 'pss-app-armor-profile',
  title: 'AppArmor profile disabled',
  severity: 'error',
  category: 'pod-security',
  description:
    'An Unconfined AppArmor profile removes the mandatory access control that the container runtime applies by default, so a compromised process is no longer confined.',
  remediation: 'Set the AppArmor profile type to RuntimeDefault or Localhost, or remove the override to use the runtime default.',
  pss: { check: 'appArmorProfile', level: 'baseline' },
  equivalents: {
    kubesec: ['ApparmorAny'],
    trivy: ['KSV-0002'],
  },
  appliesTo: 'workloads',
  onControlPlanePods: true,
  check(ctx) {
    const pod = ctx.pod;
    if (!pod) return;
    const podBad = badProfile(podSecurityContext(ctx), ctx);
    if (podBad) {
      ctx.report({
        range: rangeOfPair(podBad.pair, ctx),
        message: `The pod of ${objectLabel(ctx)} sets AppArmor profile type ${quote(podBad.type ?? '')}; only RuntimeDefault or Localhost are allowed.`,
        fix: profileTypeFix('appArmorProfile', podBad.profile, ctx),
      });
    }
    for (const c of pod.containers) {
      const bad = badProfile(containerSecurityContext(c, ctx), ctx);
      if (!bad) continue;
      ctx.report({
        range: rangeOfPair(bad.pair, ctx),
        message: `${containerSubject(c, ctx.object)} sets AppArmor profile type ${quote(bad.type ?? '')}; only RuntimeDefault or Localhost are allowed.`,
        fix: profileTypeFix('appArmorProfile', bad.profile, ctx),
      });
    }
    for (const a of podAnnotations(pod, ctx)) {
      if (!a.key.startsWith(APPARMOR_ANNOTATION_PREFIX) || allowedAnnotation(a.value)) continue;
      ctx.report({
        range: rangeOfPair(a.pair, ctx),
        message: `${objectLabel(ctx)} sets annotation ${quote(a.key)} to ${quote(a.value)}; only runtime/default or localhost/<profile> are allowed.`,
        fix: { title: 'Set the annotation to runtime/default', ops: [{ op: 'set', map: a.map, path: [a.key], value: 'runtime/default' }] },
      });
    }
  },
});
