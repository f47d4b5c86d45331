import { defineGrantRule } from './_lib/grantRule';

const RBAC_GROUP = 'rbac.authorization.k8s.io';

/** `escalate` and `bind` switch off RBAC's own privilege-escalation prevention. */
export default defineGrantRule({
  id: 'rbac-escalate-bind',
  label: 'escalate or bind roles',
  matchers: [
    {
      template: 'verb',
      verbs: ['escalate', 'bind'],
      targets: [
        { apiGroup: RBAC_GROUP, resource: 'roles' },
        { apiGroup: RBAC_GROUP, resource: 'clusterroles' },
      ],
      // `*` matches both escalate and bind: one grant on it.
      text: (verb, on) =>
        verb === '*'
          ? `* on ${on} (includes escalate and bind)`
          : verb.toLowerCase() === 'escalate'
            ? `escalate on ${on} (grant permissions the subject does not hold)`
            : `bind on ${on} (bind any role, including cluster-admin)`,
    },
  ],
  title: 'Escalate or bind on roles',
  severity: 'warning',
  description:
    'RBAC stops a subject from granting permissions it does not hold, unless it has `escalate` on roles (edit a role to add any permission) or `bind` (bind any role, including cluster-admin, to anyone).',
  remediation: 'Remove the escalate and bind verbs, or limit bind to the named roles with resourceNames.',
  equivalents: {
    trivy: ['KSV-0050', 'KSV-0051', 'KSV-0052', 'KSV-0055'],
    checkov: ['CKV2_K8S_1', 'CKV_K8S_157', 'CKV_K8S_158'],
    kubescape: ['C-0191'],
  },
});
