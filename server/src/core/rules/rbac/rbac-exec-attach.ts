import { defineGrantRule } from './_lib/grantRule';

/**
 * pods/exec and pods/attach: a shell in any pod in scope, with that pod's ServiceAccount
 * token and mounts. Exec is a `create` (SPDY POST); a websocket upgrade is a GET, which
 * clusters without the AuthorizePodWebsocketUpgradeCreatePermission gate authorize as `get`.
 */
export default defineGrantRule({
  id: 'rbac-exec-attach',
  label: 'exec/attach into pods',
  matchers: [
    { template: 'resource', apiGroup: '', resource: 'pods/exec', verbs: ['create', 'get'], why: 'run commands in any container in scope' },
    {
      template: 'resource',
      apiGroup: '',
      resource: 'pods/attach',
      verbs: ['create', 'get'],
      why: 'attach to the console of any container in scope',
    },
  ],
  title: 'Access to pods/exec or pods/attach',
  severity: 'warning',
  description:
    'create (or, over websockets, get) on pods/exec or pods/attach runs commands in any container in scope, with its ServiceAccount token, Secrets and host mounts: a common path to cluster-admin.',
  remediation: 'Remove pods/exec and pods/attach from the role and use a break-glass role for debugging.',
  equivalents: {
    polaris: ['clusterrolePodExecAttach', 'rolePodExecAttach'],
    trivy: ['KSV-0053', 'KSV-0054'],
    checkov: ['CKV2_K8S_2'],
    kubescape: ['C-0002'],
  },
});
