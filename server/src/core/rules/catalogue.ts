import type { CustomRule } from '../custom';
import { YAML_SYNTAX } from '../engine/syntaxRule';
import { UNUSED_SUPPRESSION } from '../suppress/unusedRule';
import type { PssLevel, Severity } from '../types';
import { WORKSPACE_RULES } from '../workspace/rules';
import { RULES } from './registry';
import type { PeerTool, RuleCategory } from './types';

/**
 * The one list of every rule id a finding, a config file or a report can name: the
 * per-object rules (`registry.ts`), the cross-object rules (`workspace/rules`), the
 * pseudo-rules reported by passes outside both registries, and the config's custom rules.
 * Config validation, `kube-guardrails rules`, SARIF, hovers and the docs index read it, so
 * none of them joins the lists by hand.
 */

/** Where a rule's findings come from. */
export type RuleScope = 'object' | 'workspace' | 'pseudo' | 'custom';

/** What every consumer of the catalogue may show of a rule (no `check` function). */
export interface CatalogueEntry {
  id: string;
  scope: RuleScope;
  title: string;
  severity: Severity;
  /** Pseudo-rules judge the manifests' comments and syntax, not an object: category `pseudo`. */
  category: RuleCategory | 'pseudo';
  description: string;
  remediation: string;
  defaultEnabled: boolean;
  pss?: { check: string; level: PssLevel };
  equivalents?: Partial<Record<PeerTool, readonly string[]>>;
  /** Pseudo-rules: what the rule reports, as a phrase after "which" (the docs index). */
  summary?: string;
  /** Custom rules: the user's `docs` link or sentence (there is no bundled docs page). */
  docs?: string;
}

/** A pseudo-rule's metadata, as its pass declares it (e.g. `UNUSED_SUPPRESSION`). */
interface PseudoRuleMeta {
  id: string;
  title: string;
  severity: Severity;
  description: string;
  remediation: string;
}

function pseudo(meta: PseudoRuleMeta, summary: string): CatalogueEntry {
  const { id, title, severity, description, remediation } = meta;
  return { id, scope: 'pseudo', title, severity, category: 'pseudo', description, remediation, defaultEnabled: true, summary };
}

/** Adding a pseudo-rule is one line here (plus its docs page). */
const PSEUDO_RULES: readonly CatalogueEntry[] = [
  pseudo(UNUSED_SUPPRESSION, 'reports suppressions that suppress nothing'),
  pseudo(YAML_SYNTAX, 'reports a YAML syntax error in a manifest'),
];

interface ListedMeta {
  id: string;
  title: string;
  severity: Severity;
  category: RuleCategory;
  description: string;
  remediation: string;
  defaultEnabled?: boolean;
  pss?: { check: string; level: PssLevel };
  equivalents?: Partial<Record<PeerTool, readonly string[]>>;
}

function entry(r: ListedMeta, scope: RuleScope): CatalogueEntry {
  const e: CatalogueEntry = {
    id: r.id,
    scope,
    title: r.title,
    severity: r.severity,
    category: r.category,
    description: r.description,
    remediation: r.remediation,
    defaultEnabled: r.defaultEnabled !== false,
  };
  if (r.pss) e.pss = r.pss;
  if (r.equivalents) e.equivalents = r.equivalents;
  return e;
}

/** Built-in rules in report order: per-object, then workspace, then pseudo-rules (each sorted by id where its registry sorts). */
export const BUILT_IN_CATALOGUE: readonly CatalogueEntry[] = validate([
  ...RULES.map((r) => entry(r, 'object')),
  ...WORKSPACE_RULES.map((r) => entry(r, 'workspace')),
  ...PSEUDO_RULES,
]);

const BUILT_IN_BY_ID: ReadonlyMap<string, CatalogueEntry> = new Map(BUILT_IN_CATALOGUE.map((e) => [e.id, e]));

/** The built-in catalogue followed by the given custom rules (a config's `customRules`). */
export function ruleCatalogue(customRules: readonly CustomRule[] = []): CatalogueEntry[] {
  // Custom ids cannot take a built-in id (the config compiler reserves them); skip any that do
  // anyway. Several configs (a CLI scan of several folders) may define the same id: the first wins.
  const seen = new Set(BUILT_IN_BY_ID.keys());
  const custom = customRules.filter((r) => !seen.has(r.id) && seen.add(r.id)).map(customEntry);
  return [...BUILT_IN_CATALOGUE, ...custom];
}

/** The entry for `id`: a built-in rule first, else one of `customRules`. */
export function catalogueEntry(id: string, customRules: readonly CustomRule[] = []): CatalogueEntry | undefined {
  const builtIn = BUILT_IN_BY_ID.get(id);
  if (builtIn) return builtIn;
  const custom = customRules.find((r) => r.id === id);
  return custom ? customEntry(custom) : undefined;
}

function customEntry(r: CustomRule): CatalogueEntry {
  const e = entry(r, 'custom');
  if (r.docs !== undefined) e.docs = r.docs;
  return e;
}

function validate(entries: CatalogueEntry[]): CatalogueEntry[] {
  const seen = new Set<string>();
  for (const e of entries) {
    if (seen.has(e.id)) throw new Error(`rule id "${e.id}" is defined twice (${e.scope})`);
    seen.add(e.id);
  }
  return entries;
}
