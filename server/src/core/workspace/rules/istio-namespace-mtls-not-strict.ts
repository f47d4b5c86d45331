import { strictMtlsFix } from '../fixes';
import { defineWorkspaceRule } from '../types';
import { ISTIO_ROOT_NAMESPACE } from '../../rules/tls/_lib/peerAuthentication';
import { effectiveMtls, istioMeshLabel } from './_lib/mesh';

/**
 * A mesh namespace for which no PeerAuthentication of the workspace sets a mode, so Istio's
 * default applies: PERMISSIVE. An explicit PERMISSIVE or DISABLE is reported on the policy
 * itself (tls-istio-mtls-permissive, tls-istio-mtls-disabled), not again here.
 */
export default defineWorkspaceRule({
  id: 'istio-namespace-mtls-not-strict',
  title: 'Istio mesh namespace without STRICT mTLS',
  severity: 'info',
  category: 'network',
  description:
    "A namespace in the Istio mesh (sidecar injection or ambient) for which no PeerAuthentication sets an mTLS mode, in the namespace or mesh-wide, runs with Istio's default, PERMISSIVE: its pods still accept plaintext, so callers outside the mesh need no identity and principal-based AuthorizationPolicies can be sidestepped.",
  remediation:
    'Add a PeerAuthentication without selector and with `mtls.mode: STRICT` to the namespace, or one to `istio-system` for the whole mesh.',
  checkWorkspace(ctx) {
    for (const ns of ctx.index.byKind('Namespace')) {
      const label = istioMeshLabel(ns);
      if (!label || !ns.name || effectiveMtls(ctx.index, ns.name)) continue;
      ctx.report({
        object: ns,
        message: `Namespace "${ns.name}" is in the Istio mesh (${label}) but no PeerAuthentication in this workspace sets its mTLS mode, in it or mesh-wide in "${ISTIO_ROOT_NAMESPACE}": Istio's default, PERMISSIVE, also accepts plaintext.`,
      });
    }
  },
  fixes({ object, file }) {
    // The finding sits on the Namespace object.
    return object.name ? [strictMtlsFix(object.name, file)] : [];
  },
});
