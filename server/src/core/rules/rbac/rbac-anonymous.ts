import { describeObject } from '../../model/objects';
import { pairRange } from '../../yaml/nodes';
import { defineRule, type Rule } from '../types';
import { readBinding } from './_lib/bindings';
import { isRbacApiVersion } from './_lib/grantRule';

interface PublicSubject {
  kind: 'User' | 'Group';
  name: string;
  who: string;
}

/**
 * The ClusterRoles Kubernetes itself binds to these identities (discovery and version
 * info): binding them again grants nothing new, so they are not reported.
 */
const DEFAULT_PUBLIC_ROLES = new Set(['system:public-info-viewer', 'system:discovery', 'system:basic-user']);

function publicSubjectRule(meta: Omit<Rule, 'check' | 'category' | 'appliesTo'>, subjects: PublicSubject[]): Rule {
  return defineRule({
    ...meta,
    category: 'rbac',
    appliesTo: ['RoleBinding', 'ClusterRoleBinding'],
    check(ctx) {
      if (!isRbacApiVersion(ctx.object.apiVersion)) return;
      const b = readBinding(ctx.object.root, ctx.object.doc);
      if (b.roleRef?.kind === 'ClusterRole' && b.roleRef.name && DEFAULT_PUBLIC_ROLES.has(b.roleRef.name)) return;
      const role = b.roleRef?.name ? `${b.roleRef.kind ?? 'role'} "${b.roleRef.name}"` : 'its role';
      for (const s of b.subjects) {
        const hit = subjects.find((p) => p.kind === s.kind && p.name === s.name);
        if (!hit || !s.namePair || !b.subjectsSeq) continue;
        ctx.report({
          range: pairRange(s.namePair, ctx.text)!,
          message: `${describeObject(ctx.object)} grants ${role} to ${hit.who} (${s.kind} "${s.name}").`,
          fix: { title: `Remove subject ${s.name}`, ops: [{ op: 'removeItem', seq: b.subjectsSeq, index: s.index }] },
        });
      }
    },
  });
}

/** Anyone who can reach the API server, with no credentials at all. */
export const anonymous = publicSubjectRule(
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

/** Every identity the cluster accepts: every ServiceAccount of every namespace, every cloud user. */
export const authenticated = publicSubjectRule(
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
