import { defineRule } from '../types';
import { reportMode } from './_lib/peerAuthentication';

/** DISABLE turns mutual TLS off: traffic is plaintext and unauthenticated. */
export default defineRule({
  id: 'tls-istio-mtls-disabled',
  title: 'Istio mTLS disabled',
  severity: 'error',
  category: 'tls',
  description:
    'A PeerAuthentication in DISABLE mode turns mutual TLS off: traffic to the workloads is plaintext, callers carry no verified identity, and AuthorizationPolicies on principals or namespaces no longer hold.',
  remediation: 'Set `mtls.mode: STRICT`, or PERMISSIVE while clients outside the mesh migrate.',
  appliesTo: ['PeerAuthentication'],
  check(ctx) {
    reportMode(ctx, 'DISABLE', 'traffic is plaintext and callers are not authenticated');
  },
});
