import { describePolicy } from '../../admission';
import type { PodSecurityMode, WorkspaceRuleContext } from '../../types';
import { namespaceOf } from '../../workspaceIndex';
import { podsOf } from './describe';

/**
 * Shared by psa-namespace-enforce and psa-namespace-warn: the Namespace object's
 * `pod-security.kubernetes.io/<mode>` (+ `-version`) labels set the level and version at
 * which Pod Security admission judges that namespace's pods; the registered PSS rules run
 * at exactly that level and version. Related information: the namespace label, then each
 * violation.
 */
export function checkNamespaceMode(ctx: WorkspaceRuleContext, mode: Extract<PodSecurityMode, 'enforce' | 'warn'>): void {
  for (const w of ctx.index.workloads()) {
    if (w.kind === 'PodTemplate') continue;
    const ns = namespaceOf(w)!;
    const nsObject = ctx.index.namespaceObject(ns);
    const label = nsObject?.podSecurity?.[mode];
    if (!nsObject || !label || label.level === 'privileged') continue;
    // Baseline checks first: those are the ones to fix before anything else.
    const violations = ctx.pss
      .violations(w, label.level, label.version)
      .sort((a, b) => (a.level === b.level ? 0 : a.level === 'baseline' ? -1 : 1));
    if (violations.length === 0) continue;
    const checks = [...new Set(violations.map((v) => v.check))].join(', ');
    const policy = describePolicy(label.level, label.version);
    const what = mode === 'enforce' ? 'would be rejected' : 'would trigger Pod Security warnings';
    ctx.report({
      object: w,
      message: `${podsOf(w)} ${what} in namespace "${ns}" (${policy}): ${checks}.`,
      related: [
        { at: label.levelLoc, message: `Namespace "${ns}" ${mode === 'enforce' ? 'enforces' : 'warns at'} ${policy}.` },
        ...violations.map((v) => ({ at: v.at, message: `${v.check} (${v.level}): ${v.message}` })),
      ],
    });
  }
}
