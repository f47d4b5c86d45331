import { defineGrantRule } from './_lib/grantRule';

/** nodes/proxy reaches the kubelet API, which runs commands in every pod on the node. */
export default defineGrantRule({
  id: 'rbac-node-proxy',
  kind: 'rbac-node-proxy',
  title: 'Access to nodes/proxy',
  severity: 'warning',
  description:
    'nodes/proxy forwards requests to the kubelet API of any node, whose exec and run endpoints reach every pod on the node and are not audited as pod exec by the API server.',
  remediation: 'Remove nodes/proxy; read node metrics through nodes/metrics or nodes/stats instead.',
  equivalents: {
    trivy: ['KSV-0047'],
    checkov: ['CKV2_K8S_2'],
    kubescape: ['C-0279'],
  },
});
