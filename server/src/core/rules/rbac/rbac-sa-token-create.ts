import { defineGrantRule } from './_lib/grantRule';

/** The TokenRequest API mints a token for any ServiceAccount the rule reaches. */
export default defineGrantRule({
  id: 'rbac-sa-token-create',
  label: 'mint ServiceAccount tokens',
  matchers: [
    {
      template: 'resource',
      apiGroup: '',
      resource: 'serviceaccounts/token',
      verbs: ['create'],
      why: 'mint tokens for any ServiceAccount in scope',
    },
  ],
  title: 'Create ServiceAccount tokens',
  severity: 'warning',
  description:
    'create on serviceaccounts/token issues a token for any ServiceAccount in scope, so the subject holds the permissions of every one of them.',
  remediation: 'Remove create on serviceaccounts/token, or limit it to the named ServiceAccounts with resourceNames.',
  equivalents: { kubescape: ['C-0282'] },
});
