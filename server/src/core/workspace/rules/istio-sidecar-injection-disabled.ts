import { defineWorkspaceRule } from '../types';
import { namespaceOf } from '../workspaceIndex';
import { podsOf } from './_lib/describe';
import { effectiveMtls } from './_lib/mesh';

/**
 * A pod kept out of the mesh in a namespace whose PeerAuthentication is STRICT. Without a
 * sidecar the pod is outside Istio's enforcement: it accepts plaintext from anything, and
 * mesh clients (auto mTLS) talk to it in plaintext, whatever the namespace promises.
 */
export default defineWorkspaceRule({
  id: 'istio-sidecar-injection-disabled',
  title: 'Istio sidecar switched off in a STRICT mTLS namespace',
  severity: 'warning',
  category: 'network',
  description:
    'A pod with `sidecar.istio.io/inject: "false"` has no Envoy sidecar, so the STRICT PeerAuthentication of its namespace does not apply to it: it accepts plaintext connections from any source, mesh clients reach it without mTLS, and AuthorizationPolicies do not protect it.',
  remediation:
    'Remove the `sidecar.istio.io/inject: "false"` label or annotation, or move the workload to a namespace outside the mesh and allow it explicitly.',
  checkWorkspace(ctx) {
    for (const w of ctx.index.workloads()) {
      if (w.kind === 'PodTemplate') continue;
      const optOut = w.workload?.meshOptOuts?.find((o) => o.mesh === 'istio');
      if (!optOut) continue;
      const ns = namespaceOf(w)!;
      const mtls = effectiveMtls(ctx.index, ns);
      if (mtls?.mode !== 'STRICT') continue;
      ctx.report({
        object: w,
        at: optOut.loc,
        message: `${podsOf(w)}: the Istio sidecar is switched off (${optOut.setting}) in namespace "${ns}", where mTLS is STRICT; without it, plaintext is accepted and no Istio policy applies.`,
        related: [{ at: mtls.at, message: `PeerAuthentication "${mtls.policy.name ?? ''}" requires STRICT mTLS ${mtls.scope}.` }],
      });
    }
  },
});
