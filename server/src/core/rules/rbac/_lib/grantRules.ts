import { RBAC_RULES } from '../index';
import { isGrantRule } from './grantRule';
import { classifyRules, type DangerousGrant, type GrantDeclaration, type GrantKind } from './permissions';
import type { PolicyRule } from './policyRule';

/**
 * The matchers every grant rule declares, in the order of `RBAC_RULES` (the order a role's
 * grants are listed in). The workspace's effective permissions classify with these, so a
 * new grant rule counts there without another edit.
 */
export const GRANT_DECLARATIONS: readonly GrantDeclaration[] = RBAC_RULES.filter(isGrantRule).map((r) => r.grant);

const LABELS: ReadonlyMap<GrantKind, string> = new Map(GRANT_DECLARATIONS.map((d) => [d.id, d.label]));

/** Every dangerous grant of these PolicyRules (one role, or the union for a subject). */
export function classifyAllGrants(rules: readonly PolicyRule[]): DangerousGrant[] {
  return classifyRules(rules, GRANT_DECLARATIONS);
}

/** The short name a grant rule declares for its grants, e.g. `read Secrets`. */
export function grantLabel(kind: GrantKind): string {
  return LABELS.get(kind) ?? kind;
}
