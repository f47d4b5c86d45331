import { publicSubjectRule } from './_lib/publicSubjectRule';

/** Anyone who can reach the API server, with no credentials at all. */
export default publicSubjectRule(
  {
    id: 'rbac-anonymous',
    title: 'Binding to anonymous users',
    severity: 'error',
    description:
      'A binding to the User system:anonymous or the Group system:unauthenticated gives the role to every request without credentials, that is to anyone who can reach the API server.',
    remediation: 'Remove the system:anonymous and system:unauthenticated subjects and bind the role to named identities.',
    equivalents: {
      kubesec: ['BindingsToSystemAnonymous'],
      trivy: ['KSV-0122'],
      kubescape: ['C-0262'],
    },
  },
  [
    { kind: 'User', name: 'system:anonymous', who: 'every unauthenticated request' },
    { kind: 'Group', name: 'system:unauthenticated', who: 'every unauthenticated request' },
  ],
);
