import { pairOf } from '../../yaml/nodes';
import { defineRule, type PeerTool, type Rule } from '../types';
import { containerAnchor, subject } from './_lib/containers';

/** Run-to-completion workloads have nothing to probe (kube-linter and Polaris exempt them too). */
const EXEMPT_KINDS = new Set(['Job', 'CronJob']);

function probeRule(
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
        ctx.report({ range: containerAnchor(c, ctx.text, 'name'), message: `${subject(c, ctx.object)} has no ${field}.` });
      }
    },
  });
}

export const livenessProbeMissing = probeRule(
  'liveness-probe-missing',
  'livenessProbe',
  'Liveness probe not set',
  'Without a liveness probe a container that hangs (deadlock, exhausted pool) keeps running and receiving traffic until someone notices; the kubelet can only restart what it can test.',
  'Add a `livenessProbe` that fails when the process can no longer make progress.',
  { 'kube-linter': ['no-liveness-probe'], polaris: ['livenessProbeMissing'], checkov: ['CKV_K8S_8'], kubescape: ['C-0056'] },
);

export const readinessProbeMissing = probeRule(
  'readiness-probe-missing',
  'readinessProbe',
  'Readiness probe not set',
  'Without a readiness probe a container receives traffic as soon as it starts, before it can serve, and keeps receiving it while it is overloaded or draining.',
  'Add a `readinessProbe` that succeeds only when the container can serve requests.',
  { 'kube-linter': ['no-readiness-probe'], polaris: ['readinessProbeMissing'], checkov: ['CKV_K8S_9'], kubescape: ['C-0018'] },
);
