import type { PssLevel, RuleLevel } from '../types';

/** What an analysis run checks; settings and the config file resolve to this. */
export interface AnalysisOptions {
  /** Which Pod Security Standards level's controls run. */
  profile: PssLevel;
  /** Policy minor version (`v1.N` -> N); `Infinity` means latest. */
  pssVersion: number;
  /** Per-rule level overrides: `off`, or a severity (which also enables an opt-in rule). */
  rules: Record<string, RuleLevel>;
  /** Files longer than this (UTF-16 units) are skipped with a message; default DEFAULT_MAX_FILE_SIZE. */
  maxFileSize?: number;
  /** Time budget for one document's rules, in ms; default DEFAULT_DOCUMENT_BUDGET_MS (engine/analyze.ts). */
  documentBudgetMs?: number;
  /**
   * The text is a build's output (a Helm render, a Kustomize build): final objects, so Go
   * template text in it is data (istiod's injection templates in a ConfigMap), never a template.
   */
  builtOutput?: boolean;
}

export const DEFAULT_OPTIONS: AnalysisOptions = {
  profile: 'restricted',
  pssVersion: Infinity,
  rules: {},
};

/** Parses `latest` or `v1.N`; undefined when malformed. */
export function parsePssVersion(value: string): number | undefined {
  if (value === 'latest') return Infinity;
  const m = /^v1\.(\d{1,3})$/.exec(value);
  return m ? Number(m[1]) : undefined;
}

export function formatPssVersion(v: number): string {
  return v === Infinity ? 'latest' : `v1.${v}`;
}
