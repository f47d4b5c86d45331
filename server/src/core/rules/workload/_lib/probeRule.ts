import { pairOf } from '../../../yaml/nodes';
import { defineRule, type PeerTool, type Rule } from '../../types';
import { containerAnchor, containerSubject } from '../../../model/pod';

/** Run-to-completion workloads have nothing to probe (kube-linter and Polaris exempt them too). */
const EXEMPT_KINDS = new Set(['Job', 'CronJob']);

/** A rule reporting long-running containers without `field`. */
export function probeRule(
  id: string,
  field: 'livenessProbe' | 'readinessProbe',
  title: string,
  description: string,
  remediation: string,
  equivalents: Partial<Record<PeerTool, readonly string[]>>,
): Rule {
  return defineRule({
    id,
    title,
    severity: 'info',
    category: 'workload',
    description,
    remediation,
    defaultEnabled: false,
    equivalents,
    appliesTo: 'workloads',
    check(ctx) {
      if (EXEMPT_KINDS.has(ctx.object.kind)) return;
      // Only long-running containers: init containers must exit, ephemeral ones cannot have probes.
      for (const c of ctx.pod?.containers ?? []) {
        if (c.list !== 'containers') continue;
        if (pairOf(c.node, field)) continue;
        ctx.report({ range: containerAnchor(c, ctx.text, 'name'), message: `${containerSubject(c, ctx.object)} has no ${field}.` });
      }
    },
  });
}
