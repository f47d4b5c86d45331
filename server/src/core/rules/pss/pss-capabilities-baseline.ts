import { asScalar, getMap, getSeq, pairOf } from '../../yaml/nodes';
import { defineRule } from '../types';
import { containerSubject } from '../../model/pod';
import { BASELINE_ADDABLE_CAPABILITIES, containerSecurityContext, quote } from './_lib/helpers';

/**
 * PSA `capabilities_baseline` (baseline, all versions): `capabilities.add` of every
 * container may only hold the runtime's default capabilities, spelled exactly (no `CAP_`
 * prefix, upper case). One finding per forbidden item.
 */
export default defineRule({
  id: 'pss-capabilities-baseline',
  title: 'Capability added beyond the baseline set',
  severity: 'error',
  category: 'pod-security',
  description:
    'Capabilities such as SYS_ADMIN, NET_ADMIN or NET_RAW give a container kernel powers far beyond what an application needs and are a common step in container escapes.',
  remediation: 'Remove every capability from `securityContext.capabilities.add` that is not in the baseline default set.',
  pss: { check: 'capabilities_baseline', level: 'baseline' },
  equivalents: {
    polaris: ['dangerousCapabilities'],
    kubesec: ['CapSysAdmin'],
    trivy: ['KSV-0022', 'KSV-0005', 'KSV-0120'],
    checkov: ['CKV_K8S_25', 'CKV_K8S_39'],
    kubescape: ['C-0046'],
  },
  appliesTo: 'workloads',
  onControlPlanePods: true,
  check(ctx) {
    const doc = ctx.object.doc;
    for (const c of ctx.pod?.containers ?? []) {
      const caps = getMap(containerSecurityContext(c, ctx), 'capabilities', doc);
      const add = getSeq(caps, 'add', doc);
      if (!caps || !add || !pairOf(caps, 'add')) continue;
      add.items.forEach((item, index) => {
        const s = asScalar(item, doc);
        if (!s || typeof s.value !== 'string' || BASELINE_ADDABLE_CAPABILITIES.has(s.value)) return;
        const r = s.range;
        if (!r) return;
        ctx.report({
          range: { start: r[0], end: r[1] },
          message: `${containerSubject(c, ctx.object)} adds capability ${quote(s.value)}, which the baseline policy forbids.`,
          fix: { title: `Remove capability ${s.value}`, ops: [{ op: 'removeItem', seq: add, index }] },
        });
      });
    }
  },
});
