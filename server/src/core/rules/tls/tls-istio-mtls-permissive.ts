import { defineRule } from '../types';
import { reportMode } from './_lib/peerAuthentication';

/** PERMISSIVE is a migration mode: it keeps accepting plaintext. */
export default defineRule({
  id: 'tls-istio-mtls-permissive',
  title: 'Istio mTLS in PERMISSIVE mode',
  severity: 'warning',
  category: 'tls',
  description:
    'A PeerAuthentication in PERMISSIVE mode accepts plaintext as well as mutual TLS, so any pod (or anything that reaches the pod IP) can call the workloads without a mesh identity and AuthorizationPolicies on principals can be bypassed.',
  remediation: 'Set `mtls.mode: STRICT` once every client of the workloads is in the mesh.',
  appliesTo: ['PeerAuthentication'],
  check(ctx) {
    reportMode(ctx, 'PERMISSIVE', 'plaintext connections are still accepted');
  },
});
