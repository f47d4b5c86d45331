import { describeObject } from '../../../model/objects';
import { pairRange } from '../../../yaml/nodes';
import { defineRule, type Rule } from '../../types';
import { readBinding } from './bindings';
import { isRbacApiVersion } from './grantRule';

export interface PublicSubject {
  kind: 'User' | 'Group';
  name: string;
  who: string;
}

/**
 * The ClusterRoles Kubernetes itself binds to these identities (discovery and version
 * info): binding them again grants nothing new, so they are not reported.
 */
const DEFAULT_PUBLIC_ROLES = new Set(['system:public-info-viewer', 'system:discovery', 'system:basic-user']);

/** A rule reporting bindings whose subjects include one of `subjects`. */
export function publicSubjectRule(meta: Omit<Rule, 'check' | 'category' | 'appliesTo'>, subjects: PublicSubject[]): Rule {
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
