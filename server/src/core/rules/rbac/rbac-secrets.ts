import { defineGrantRule } from './_lib/grantRule';

/** CIS 5.1.2: reading Secrets hands over every credential stored in them. */
export default defineGrantRule({
  id: 'rbac-secrets',
  label: 'read Secrets',
  matchers: [
    {
      template: 'resource',
      apiGroup: '',
      resource: 'secrets',
      verbs: ['get', 'list', 'watch'],
      why: (verbs) =>
        verbs.some((v) => v === '*' || v === 'list' || v === 'watch')
          ? 'list and watch return the content of every Secret in scope'
          : undefined,
    },
  ],
  title: 'Read access to Secrets',
  severity: 'warning',
  description:
    'get, list or watch on Secrets reads the credentials stored in them, including ServiceAccount tokens of more privileged accounts; list and watch return the content of every Secret in scope, not just their names.',
  remediation: 'Remove read access to secrets, or limit `get` to the named Secrets the workload needs with resourceNames.',
  equivalents: {
    'kube-linter': ['access-to-secrets'],
    trivy: ['KSV-0041', 'KSV-0113'],
    checkov: ['CKV2_K8S_5'],
    kubescape: ['C-0015', 'C-0186'],
  },
});
