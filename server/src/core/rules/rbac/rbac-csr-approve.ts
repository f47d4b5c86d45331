import { defineGrantRule } from './_lib/grantRule';

/**
 * Approving a CSR needs `update` on certificatesigningrequests/approval and `approve` on
 * the signer (possibly in different rules of the role). With the kube-apiserver-client
 * signer that mints a client certificate for any user, system:masters included.
 */
export default defineGrantRule({
  id: 'rbac-csr-approve',
  kind: 'rbac-csr-approve',
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
  filter: (g) => g.csrPart === 'approval',
  includeScoped: true,
  message(what, g, all) {
    const signers = all.find((x) => x.kind === 'rbac-csr-approve' && x.csrPart === 'signers');
    return `${what} can approve certificate signing requests: ${g.verbs.join(', ')} ${g.resource} and ${signers ? `${signers.verbs.join(', ')} ${signers.resource}` : 'approve signers'}.`;
  },
});
