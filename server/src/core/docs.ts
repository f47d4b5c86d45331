/**
 * Where a rule's documentation lives. The pages ship inside the extension
 * (`docs/rules/<id>.md`), so the editor links to the local copy; machine-readable output
 * (JSON, SARIF) links to the published copy of the same file.
 */
const DOCS_BASE_URL = 'https://github.com/kube-guardrails/kube-guardrails/blob/main/docs/rules/';

export function docsUrl(ruleId: string): string {
  return `${DOCS_BASE_URL}${ruleId}.md`;
}

export function docsRelativePath(ruleId: string): string {
  return `docs/rules/${ruleId}.md`;
}
