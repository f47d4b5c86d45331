/**
 * The JSON Schema of the `customRules` key of `.kube-guardrails.yaml`, for
 * `schemas/kube-guardrails.schema.json` (editor completion and the config loader's
 * shape check). `compileCustomRules` re-checks everything itself with precise
 * messages, so this schema only needs to describe the shape.
 */
export const CUSTOM_RULES_CONFIG_SCHEMA = {
  type: 'array',
  description: 'Your own checks, written as JSON Schema (draft-07) that a compliant object or container must match.',
  maxItems: 200,
  items: {
    type: 'object',
    additionalProperties: false,
    required: ['id', 'title', 'kinds', 'schema', 'message'],
    properties: {
      id: {
        type: 'string',
        pattern: '^[a-z][a-z0-9]*(-[a-z0-9]+)*$',
        description: 'Kebab-case rule id, distinct from built-in ids; used in rules, exemptions and suppressions.',
      },
      title: { type: 'string', minLength: 1, description: 'Short title shown in hovers and the rule list.' },
      severity: { enum: ['error', 'warning', 'info'], default: 'warning' },
      kinds: {
        type: 'array',
        minItems: 1,
        items: { type: 'string', minLength: 1 },
        description: 'Kinds the rule inspects, e.g. [Deployment, StatefulSet].',
      },
      target: {
        enum: ['object', 'container'],
        default: 'object',
        description: '`object`: the schema validates the whole object; `container`: each container of the pod spec.',
      },
      schema: {
        type: 'object',
        description: 'JSON Schema (draft-07) describing a compliant target. Local $refs only; no format; patterns use RE2 (Go) syntax.',
      },
      message: { type: 'string', minLength: 1, description: 'Shown for each non-compliant object or container.' },
      docs: { type: 'string', description: 'A URL or sentence explaining the rule.' },
    },
  },
} as const;
