import { defineGrantRule } from './_lib/grantRule';

/**
 * Write access to Secrets, which `rbac-secrets` (read access) leaves out: creating a
 * `kubernetes.io/service-account-token` Secret annotated with another ServiceAccount's name
 * makes the token controller fill in that account's token, and update/patch replaces
 * credentials (TLS keys, registry and database passwords) that workloads trust.
 */
export default defineGrantRule({
  id: 'rbac-secrets-write',
  label: 'write Secrets',
  matchers: [
    {
      template: 'resource',
      apiGroup: '',
      resource: 'secrets',
      verbs: ['create', 'update', 'patch', 'delete', 'deletecollection'],
      why: (verbs) =>
        verbs.some((v) => v === '*' || v === 'create')
          ? 'a new service-account-token Secret receives the token of any ServiceAccount in scope'
          : 'replace or remove the credentials workloads read',
    },
  ],
  title: 'Write access to Secrets',
  severity: 'warning',
  description:
    'create, update, patch or delete on Secrets lets the subject mint a token for any ServiceAccount in scope (a service-account-token Secret annotated with its name), replace the keys and passwords workloads trust, or delete them.',
  remediation: 'Remove write verbs on secrets, or limit update and patch to the named Secrets the subject manages with resourceNames.',
});
