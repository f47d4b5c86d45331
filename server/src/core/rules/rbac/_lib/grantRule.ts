import { describeObject } from '../../../model/objects';
import { defineRule, type FixProposal, type Rule, type RuleMeta } from '../../types';
import { classifyRules, readRoleRules, type DangerousGrant, type GrantKind, type PolicyRule } from './permissions';

/** The kinds that hold PolicyRules. Aggregated ClusterRoles are judged on the rules they list. */
export const ROLE_KINDS = ['Role', 'ClusterRole'] as const;

const RBAC_GROUP = 'rbac.authorization.k8s.io';

/** RBAC objects are `rbac.authorization.k8s.io/<version>`; a CRD named Role elsewhere is not ours. */
export function isRbacApiVersion(apiVersion: string): boolean {
  return apiVersion.split('/')[0] === RBAC_GROUP;
}

export interface GrantRuleSpec extends Omit<RuleMeta, 'category' | 'appliesTo'> {
  kind: GrantKind;
  /**
   * Also report grants that come from a rule granting every verb on every resource. Only
   * `rbac-wildcard` does: for `verbs: ["*"], resources: ["*"]` one rule says it all,
   * instead of a dozen findings piled on the same two asterisks.
   */
  includeFullWildcard?: boolean;
  /** Report grants limited by resourceNames too. */
  includeScoped?: boolean;
  /** Which grants of the kind to report (default: all). */
  filter?(grant: DangerousGrant): boolean;
  message?(object: string, grant: DangerousGrant, all: readonly DangerousGrant[]): string;
  fix?(grant: DangerousGrant, rule: PolicyRule): FixProposal | undefined;
}

/**
 * A rule reporting one kind of dangerous grant of a Role/ClusterRole, one finding per
 * grant, underlining the scalar the classification points at.
 */
export function defineGrantRule(spec: GrantRuleSpec): Rule {
  const { kind, includeFullWildcard, includeScoped, filter, message, fix, ...meta } = spec;
  return defineRule({
    ...meta,
    category: 'rbac',
    appliesTo: ROLE_KINDS,
    check(ctx) {
      if (!isRbacApiVersion(ctx.object.apiVersion)) return;
      const rules = readRoleRules(ctx.object.root, ctx.object.doc);
      const what = describeObject(ctx.object);
      const grants = classifyRules(rules);
      for (const g of grants) {
        if (g.kind !== kind || !g.range) continue;
        if (g.fullWildcard && !includeFullWildcard) continue;
        if (g.scoped && !includeScoped) continue;
        if (filter && !filter(g)) continue;
        const rule = rules.find((r) => [...r.verbs, ...r.resources, ...r.apiGroups].some((e) => e.node === g.node));
        const proposal = rule ? fix?.(g, rule) : undefined;
        ctx.report({
          range: g.range,
          message: message ? message(what, g, grants) : `${what} grants ${g.text}.`,
          ...(proposal ? { fix: proposal } : {}),
        });
      }
    },
  });
}
