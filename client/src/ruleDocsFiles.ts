/** Pure helpers for the docs command (no `vscode` import, so they are unit-testable). */

/** Rule ids are kebab-case: anything else (a path, `..`) is never turned into a file name. */
export function isRuleId(s: string): boolean {
  return /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/.test(s);
}

/** The page title: its first `# ` heading. */
export function ruleTitle(markdown: string): string | undefined {
  const m = /^#\s+(.+)$/m.exec(markdown);
  return m?.[1]?.trim();
}
