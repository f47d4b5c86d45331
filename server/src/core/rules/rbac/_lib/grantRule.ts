import { describeObject, type K8sObject } from '../../../model/objects';
import { defineRule, type FixProposal, type Rule, type RuleMeta } from '../../types';
import { classifyRules, type DangerousGrant, type GrantDeclaration, type GrantMatcher } from './permissions';
import { readRoleRules, type PolicyRule } from './policyRule';

/** The kinds that hold PolicyRules. Aggregated ClusterRoles are judged on the rules they list. */
const ROLE_KINDS = ['Role', 'ClusterRole'] as const;

const RBAC_GROUP = 'rbac.authorization.k8s.io';

/** RBAC objects are `rbac.authorization.k8s.io/<version>`; a CRD named Role elsewhere is not ours. */
export function isRbacApiVersion(apiVersion: string): boolean {
  return apiVersion.split('/')[0] === RBAC_GROUP;
}

export interface GrantRuleSpec extends Omit<RuleMeta, 'category' | 'appliesTo'> {
  /** What the rule looks for in each PolicyRule; its grants' kind is the rule id. */
  matchers: readonly GrantMatcher[];
  /** See `GrantDeclaration.requiresAllParts`. */
  requiresAllParts?: boolean;
  /** Short name of the permission for summaries and CodeLens, e.g. `read Secrets`. */
  label: string;
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

/** A grant rule: a rule that also declares its matchers, so the workspace classifies with them too. */
export interface GrantRule extends Rule {
  grant: GrantDeclaration;
}

export function isGrantRule(rule: Rule): rule is GrantRule {
  return (rule as Partial<GrantRule>).grant !== undefined;
}

/**
 * One Role's PolicyRules, read once per analysed object, and its grants per grant rule,
 * classified once: the eleven grant rules share the reading instead of each parsing the
 * role again. Keyed by the K8sObject, which the engine creates anew for every analysis.
 */
const perObject = new WeakMap<K8sObject, { rules: PolicyRule[]; grants: Map<string, DangerousGrant[]> }>();

function grantsOf(object: K8sObject, declaration: GrantDeclaration): { rules: PolicyRule[]; grants: DangerousGrant[] } {
  let entry = perObject.get(object);
  if (!entry) perObject.set(object, (entry = { rules: readRoleRules(object.root, object.doc), grants: new Map() }));
  let grants = entry.grants.get(declaration.id);
  if (!grants) entry.grants.set(declaration.id, (grants = classifyRules(entry.rules, [declaration])));
  return { rules: entry.rules, grants };
}

/**
 * A rule reporting one kind of dangerous grant of a Role/ClusterRole, one finding per
 * grant, underlining the scalar the classification points at.
 */
export function defineGrantRule(spec: GrantRuleSpec): GrantRule {
  const { matchers, requiresAllParts, label, includeFullWildcard, includeScoped, filter, message, fix, ...meta } = spec;
  const grant: GrantDeclaration = { id: meta.id, matchers, label, ...(requiresAllParts ? { requiresAllParts } : {}) };
  const rule = defineRule({
    ...meta,
    category: 'rbac',
    appliesTo: ROLE_KINDS,
    check(ctx) {
      if (!isRbacApiVersion(ctx.object.apiVersion)) return;
      const { rules, grants } = grantsOf(ctx.object, grant);
      const what = describeObject(ctx.object);
      for (const g of grants) {
        if (!g.range) continue;
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
  return { ...rule, grant };
}
