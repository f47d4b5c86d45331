import { defineWorkspaceRule } from '../types';
import { namespaceOf } from '../workspaceIndex';
import { podsOf } from './_lib/describe';

/**
 * Linkerd injects its proxy into every pod of a namespace annotated
 * `linkerd.io/inject: enabled`, except pods annotated `linkerd.io/inject: disabled`.
 */
export default defineWorkspaceRule({
  id: 'linkerd-inject-disabled',
  title: 'Linkerd proxy switched off in an injecting namespace',
  severity: 'warning',
  category: 'network',
  description:
    'A pod annotated `linkerd.io/inject: disabled` in a namespace where Linkerd injects its proxy runs outside the mesh: its connections are not encrypted with mTLS, it has no workload identity, and Linkerd authorization policies (Server, AuthorizationPolicy) do not protect it.',
  remediation: 'Remove the `linkerd.io/inject: disabled` annotation, or move the workload out of the meshed namespace.',
  checkWorkspace(ctx) {
    for (const w of ctx.index.workloads()) {
      if (w.kind === 'PodTemplate') continue;
      const optOut = w.workload?.meshOptOuts?.find((o) => o.mesh === 'linkerd');
      if (!optOut) continue;
      const ns = namespaceOf(w)!;
      const nsObject = ctx.index.namespaceObject(ns);
      if (nsObject?.annotations.get('linkerd.io/inject') !== 'enabled') continue;
      ctx.report({
        object: w,
        at: optOut.loc,
        message: `${podsOf(w)}: the Linkerd proxy is switched off (${optOut.setting}) in namespace "${ns}", which injects it; without it, traffic has no mTLS and no Linkerd policy applies.`,
        related: [{ at: nsObject.anchor, message: `Namespace "${ns}" injects the Linkerd proxy (linkerd.io/inject: enabled).` }],
      });
    }
  },
});
