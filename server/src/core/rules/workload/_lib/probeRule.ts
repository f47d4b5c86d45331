import { getString, pairOf } from '../../../yaml/nodes';
import { defineRule, type PeerTool, type Rule, type RuleContext } from '../../types';
import { containerAnchor, containerSubject } from '../../../model/pod';

/** Run-to-completion workloads have nothing to probe (kube-linter and Polaris exempt them too). */
const EXEMPT_KINDS = new Set(['Job', 'CronJob']);

/**
 * A bare Pod with `restartPolicy: Never` or `OnFailure` runs to completion like a Job's pod
 * (a Helm test hook, a one-off task): a probe has nothing to watch. Controllers' pods are
 * always `Always`.
 */
function runsToCompletion(ctx: RuleContext): boolean {
  if (ctx.object.kind !== 'Pod' || !ctx.pod) return false;
  const policy = getString(ctx.pod.spec, 'restartPolicy', ctx.object.doc);
  return policy === 'Never' || policy === 'OnFailure';
}

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
      if (EXEMPT_KINDS.has(ctx.object.kind) || runsToCompletion(ctx)) return;
      // Only long-running containers: init containers must exit, ephemeral ones cannot have probes.
      for (const c of ctx.pod?.containers ?? []) {
        if (c.list !== 'containers') continue;
        if (pairOf(c.node, field)) continue;
        ctx.report({ range: containerAnchor(c, ctx.text, 'name'), message: `${containerSubject(c, ctx.object)} has no ${field}.` });
      }
    },
  });
}
