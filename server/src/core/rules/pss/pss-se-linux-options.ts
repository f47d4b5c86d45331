import type { Pair, YAMLMap } from 'yaml';
import { getMap, pairOf } from '../../yaml/nodes';
import { defineRule, type RuleContext } from '../types';
import { containerSubject } from '../../model/pod';
import { containerSecurityContext, objectLabel, pairValue, podSecurityContext, quote, rangeOfPair } from './_lib/helpers';

const TYPES_1_0: readonly string[] = ['', 'container_t', 'container_init_t', 'container_kvm_t'];
/** `container_engine_t` (for nested container engines) is allowed from policy v1.31. */
const TYPES_1_31: readonly string[] = [...TYPES_1_0, 'container_engine_t'];

function allowedSeLinuxTypes(version: number): readonly string[] {
  return version >= 31 ? TYPES_1_31 : TYPES_1_0;
}

/** The forbidden fields of one `seLinuxOptions` map: a type outside the set, any user, any role. */
function badFields(options: YAMLMap, ctx: RuleContext): Array<{ pair: Pair; field: string; value: string }> {
  const out: Array<{ pair: Pair; field: string; value: string }> = [];
  const allowed = allowedSeLinuxTypes(ctx.pssVersion);
  for (const field of ['type', 'user', 'role']) {
    const pair = pairOf(options, field) as Pair | undefined;
    const value = pairValue(pair, ctx);
    if (!pair || typeof value !== 'string') continue;
    if (field === 'type' ? !allowed.includes(value) : value !== '') out.push({ pair, field, value });
  }
  return out;
}

function describe(field: string, value: string, ctx: RuleContext): string {
  if (field === 'type')
    return `SELinux type ${quote(value)}, which is not one of ${allowedSeLinuxTypes(ctx.pssVersion)
      .filter((t) => t)
      .join(', ')}`;
  return `a custom SELinux ${field} (${quote(value)}), which must not be set`;
}

/**
 * PSA `seLinuxOptions` (baseline; allowed types grow at v1.31): on the pod and on every
 * container, `seLinuxOptions.type` must be empty or a container type, and `user` and `role`
 * must be empty (`level` is free). One finding per offending field. No quick fix: the
 * right label depends on the host policy.
 */
export default defineRule({
  id: 'pss-se-linux-options',
  title: 'Custom SELinux options',
  severity: 'error',
  category: 'pod-security',
  description:
    'Setting a custom SELinux user, role or a type outside the container types (for example spc_t) lifts the SELinux confinement that keeps a container away from the node.',
  remediation:
    'Remove `seLinuxOptions.user` and `seLinuxOptions.role`, and use only container_t, container_init_t, container_kvm_t or container_engine_t as the type.',
  pss: { check: 'seLinuxOptions', level: 'baseline' },
  equivalents: {
    trivy: ['KSV-0025'],
  },
  appliesTo: 'workloads',
  onControlPlanePods: true,
  check(ctx) {
    const pod = ctx.pod;
    if (!pod) return;
    const doc = ctx.object.doc;
    const podOptions = getMap(podSecurityContext(ctx), 'seLinuxOptions', doc);
    if (podOptions) {
      for (const bad of badFields(podOptions, ctx)) {
        ctx.report({
          range: rangeOfPair(bad.pair, ctx),
          message: `The pod of ${objectLabel(ctx)} sets ${describe(bad.field, bad.value, ctx)}.`,
        });
      }
    }
    for (const c of pod.containers) {
      const options = getMap(containerSecurityContext(c, ctx), 'seLinuxOptions', doc);
      if (!options) continue;
      for (const bad of badFields(options, ctx)) {
        ctx.report({
          range: rangeOfPair(bad.pair, ctx),
          message: `${containerSubject(c, ctx.object)} sets ${describe(bad.field, bad.value, ctx)}.`,
        });
      }
    }
  },
});
