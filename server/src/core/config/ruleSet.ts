import { RULES } from '../rules/registry';
import type { Rule } from '../rules/types';
import type { ResolvedConfig } from './types';

const sets = new WeakMap<ResolvedConfig, readonly Rule[]>();

/**
 * The rules an analysis under `config` runs: the built-in ones plus its custom rules.
 * One array per config object, i.e. per load of the file: `DocumentCache` keys its
 * entries by the rule array's identity, so a fresh array per call would defeat the cache
 * and a reused array after the file changed would keep stale results. A config without
 * custom rules (or none at all) runs `RULES` itself.
 */
export function ruleSetOf(config: ResolvedConfig | undefined): readonly Rule[] {
  if (!config || config.customRules.length === 0) return RULES;
  let set = sets.get(config);
  if (!set) {
    set = Object.freeze([...RULES, ...config.customRules]);
    sets.set(config, set);
  }
  return set;
}
