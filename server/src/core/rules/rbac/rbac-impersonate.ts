import { defineGrantRule } from './_lib/grantRule';

/** Impersonation acts as another identity, including system:masters members. */
export default defineGrantRule({
  id: 'rbac-impersonate',
  label: 'impersonate',
  matchers: [
    {
      template: 'verb',
      verbs: ['impersonate'],
      targets: [
        { apiGroup: '', resource: 'users' },
        { apiGroup: '', resource: 'groups' },
        { apiGroup: '', resource: 'serviceaccounts' },
        { apiGroup: 'authentication.k8s.io', resource: 'uids' },
        { apiGroup: 'authentication.k8s.io', resource: 'userextras' },
        // Extras are impersonated per key: `userextras/scopes`.
        { apiGroup: 'authentication.k8s.io', resourcePrefix: 'userextras/' },
      ],
      text: (verb, on) =>
        `${verb === '*' ? '* (includes impersonate)' : 'impersonate'} on ${on} (act as another user, group or ServiceAccount)`,
    },
  ],
  title: 'Impersonate users, groups or ServiceAccounts',
  severity: 'warning',
  description:
    "`impersonate` on users, groups or serviceaccounts lets the subject send requests as another identity, for example as a member of the system:masters group, and take over that identity's permissions.",
  remediation: 'Remove the impersonate verb, or limit it to the named identities with resourceNames.',
  equivalents: {
    trivy: ['KSV-0043'],
    checkov: ['CKV2_K8S_3'],
    kubescape: ['C-0065', 'C-0191'],
  },
});
