/**
 * Custom rules from the `customRules` section of `.kube-guardrails.yaml`: data-only
 * JSON Schema checks compiled once with ajv, safe to load from untrusted workspaces.
 */
export { compileCustomRules, type CustomRule, type CustomRuleProblem } from './compile';
export { CUSTOM_RULES_CONFIG_SCHEMA } from './configSchema';
export { checkPattern } from './patterns';
