import { defineGrantRule } from './_lib/grantRule';

/** pods/portforward opens a tunnel to any pod port, around Services and NetworkPolicies. */
export default defineGrantRule({
  id: 'rbac-portforward',
  label: 'port-forward to pods',
  matchers: [
    {
      template: 'resource',
      apiGroup: '',
      resource: 'pods/portforward',
      verbs: ['create', 'get'],
      why: 'reach any pod port, bypassing Services and NetworkPolicies',
    },
  ],
  title: 'Access to pods/portforward',
  severity: 'warning',
  description:
    'create (or, over websockets, get) on pods/portforward tunnels to any port of any pod in scope, bypassing Services, Ingress authentication and NetworkPolicies.',
  remediation: 'Remove pods/portforward from the role unless the subject is an operator who needs it.',
  equivalents: { kubescape: ['C-0063'] },
});
