/**
 * The `unused-suppression` pseudo-rule: reported by the suppression pass, not by a rule in
 * the registry (it inspects comments and annotations, not objects, and must run after
 * every other rule). Its metadata lives here for hovers and docs.
 */
export const UNUSED_SUPPRESSION = {
  id: 'unused-suppression',
  title: 'Unused suppression',
  severity: 'info',
  description:
    'A suppression that suppresses nothing hides nothing today but will silently hide a real problem tomorrow, and a misspelt rule id looks like a working suppression.',
  remediation: 'Remove the suppression, or correct the rule id it names.',
} as const;
