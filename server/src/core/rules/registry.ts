import { PSS_RULES } from './pss';
import { WORKLOAD_RULES } from './workload';
import { HOST_RULES } from './host';
import { SERVICE_ACCOUNT_RULES } from './serviceaccount';
import { SECRETS_RULES } from './secrets';
import { EXPOSURE_RULES } from './exposure';
import { RBAC_RULES } from './rbac';
import { TLS_RULES } from './tls';
import { NETWORK_RULES } from './network';
import { CLUSTER_RULES } from './cluster';
import type { Rule } from './types';

/**
 * The one list of built-in rules. Each category folder exports its own array; this file
 * only joins them and validates the whole set at load, so a duplicate or malformed id
 * fails fast in every test run instead of shadowing another rule.
 */
export const RULES: readonly Rule[] = validate([
  ...PSS_RULES,
  ...WORKLOAD_RULES,
  ...HOST_RULES,
  ...SERVICE_ACCOUNT_RULES,
  ...SECRETS_RULES,
  ...EXPOSURE_RULES,
  ...RBAC_RULES,
  ...TLS_RULES,
  ...NETWORK_RULES,
  ...CLUSTER_RULES,
]);

export const RULES_BY_ID: ReadonlyMap<string, Rule> = new Map(RULES.map((r) => [r.id, r]));

export function getRule(id: string): Rule | undefined {
  return RULES_BY_ID.get(id);
}

function validate(rules: Rule[]): Rule[] {
  const seen = new Set<string>();
  for (const r of rules) {
    if (!/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/.test(r.id)) throw new Error(`rule id "${r.id}" is not kebab-case`);
    if (seen.has(r.id)) throw new Error(`duplicate rule id "${r.id}"`);
    seen.add(r.id);
  }
  return rules.sort((a, b) => a.id.localeCompare(b.id));
}
