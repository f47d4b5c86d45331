import { defineGrantRule } from './_lib/grantRule';

/** nodes/proxy reaches the kubelet API, which runs commands in every pod on the node. */
export default defineGrantRule({
  id: 'rbac-node-proxy',
  label: 'use nodes/proxy',
  // The kubelet maps POST to create (exec, run, attach) and a websocket upgrade to get;
  // its other endpoints behind update/patch/delete change nothing dangerous.
  matchers: [
    {
      template: 'resource',
      apiGroup: '',
      resource: 'nodes/proxy',
      verbs: ['get', 'create'],
      why: 'full kubelet API: exec into any pod on the node',
    },
  ],
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
