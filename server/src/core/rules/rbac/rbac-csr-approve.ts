import { defineGrantRule } from './_lib/grantRule';

/**
 * Approving a CSR needs `update` on certificatesigningrequests/approval and `approve` on
 * the signer (possibly in different rules of the role). With the kube-apiserver-client
 * signer that mints a client certificate for any user, system:masters included.
 */
export default defineGrantRule({
  id: 'rbac-csr-approve',
  label: 'approve certificate requests',
  matchers: [
    {
      template: 'resource',
      apiGroup: 'certificates.k8s.io',
      resource: 'certificatesigningrequests/approval',
      verbs: ['update', 'patch'],
      why: 'approve certificate signing requests',
      part: 'approval',
    },
    {
      template: 'resource',
      apiGroup: 'certificates.k8s.io',
      resource: 'signers',
      verbs: ['approve'],
      why: 'approve certificates for these signers',
      part: 'signers',
    },
  ],
  requiresAllParts: true,
  title: 'Approve CertificateSigningRequests',
  severity: 'warning',
  description:
    'update on certificatesigningrequests/approval together with approve on signers lets the subject approve its own CSRs, for example a kube-apiserver-client certificate for any user or group, system:masters included.',
  remediation: 'Grant CSR approval only to a dedicated approver controller, limited to its signers with resourceNames.',
  equivalents: {
    checkov: ['CKV_K8S_156'],
    kubescape: ['C-0280'],
  },
  // Report once per role, on the approval subresource; the signers half is in the message.
  filter: (g) => g.part === 'approval',
  includeScoped: true,
  message(what, g, all) {
    const signers = all.find((x) => x.part === 'signers');
    return `${what} can approve certificate signing requests: ${g.verbs.join(', ')} ${g.resource} and ${signers ? `${signers.verbs.join(', ')} ${signers.resource}` : 'approve signers'}.`;
  },
});
