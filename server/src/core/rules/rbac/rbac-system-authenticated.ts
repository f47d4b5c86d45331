import { publicSubjectRule } from './_lib/publicSubjectRule';

/** Every identity the cluster accepts: every ServiceAccount of every namespace, every cloud user. */
export default publicSubjectRule(
  {
    id: 'rbac-system-authenticated',
    title: 'Binding to all authenticated users',
    severity: 'error',
    description:
      'A binding to the Group system:authenticated gives the role to every identity the cluster accepts: every ServiceAccount in every namespace and, on managed clusters, often any account of the cloud provider.',
    remediation: 'Remove the system:authenticated subject and bind the role to named users, groups or ServiceAccounts.',
    equivalents: {
      trivy: ['KSV-01011'],
      kubescape: ['C-0265'],
    },
  },
  [{ kind: 'Group', name: 'system:authenticated', who: 'every authenticated identity' }],
);
