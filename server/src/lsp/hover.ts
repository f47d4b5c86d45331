import { MarkupKind, type Hover, type Position } from 'vscode-languageserver/node';
import type { Finding } from '../core/engine/finding';
import { catalogueEntry } from '../core/rules/catalogue';
import type { CustomRule } from '../core/custom';
import type { PeerTool, Rule, RuleMeta } from '../core/rules/types';
import type { LintedDocument } from './lintedDocument';
import { docsFileUri } from './docsLink';
import { ruleSetFor } from './workspaceConfig';
import { maxOf, minOf } from '../core/arrays';
import { markdownText } from '../core/markdown';

const PEER_NAMES: Record<PeerTool, string> = {
  'kube-linter': 'kube-linter',
  polaris: 'Polaris',
  kubesec: 'kubesec',
  trivy: 'Trivy',
  checkov: 'Checkov',
  kubescape: 'Kubescape',
};

/** Hover over a finding's range: what the rule is, why it matters, how to fix it. */
export function hoverAt(doc: LintedDocument, position: Position): Hover | null {
  const offset = doc.lines.offsetAt(position);
  const hits = [...doc.byKey.values()].filter((f) => f.range.start <= offset && offset <= f.range.end);
  if (hits.length === 0) return null;
  const start = minOf(hits.map((f) => f.range.start));
  const end = maxOf(hits.map((f) => f.range.end));
  return {
    contents: { kind: MarkupKind.Markdown, value: hits.map((f) => describeFinding(f, ruleSetFor(doc.options))).join('\n\n---\n\n') },
    range: doc.lines.rangeOf({ start, end }),
  };
}

export function describeFinding(f: Finding, rules: readonly Rule[] = []): string {
  const custom = rules.find((r): r is CustomRule => r.id === f.ruleId && (r as Partial<CustomRule>).custom === true);
  if (custom) return describeCustom(f, custom);
  const rule: HoverMeta | undefined = catalogueEntry(f.ruleId);
  const parts = [`**${rule?.title ?? f.ruleId}** — \`${f.ruleId}\` (${f.severity})`, markdownText(f.message)];
  if (rule) {
    parts.push(`**Why it matters:** ${rule.description}`, `**Remediation:** ${rule.remediation}`);
    if (rule.pss) parts.push(`**Pod Security Standards:** check \`${rule.pss.check}\`, ${rule.pss.level} level.`);
    const eq = equivalents(rule);
    if (eq) parts.push(`**Equivalent checks:** ${eq}`);
  }
  const href = docsFileUri(f.ruleId);
  if (href) parts.push(`[Documentation for ${f.ruleId}](${href})`);
  return parts.join('\n\n');
}

/** A rule from the config's `customRules`: its own `docs` text, no docs page link (none exists). */
function describeCustom(f: Finding, rule: CustomRule): string {
  const parts = [
    `**${markdownText(rule.title)}** — \`${f.ruleId}\` (${f.severity}, custom rule from .kube-guardrails.yaml)`,
    markdownText(f.message),
  ];
  // The docs text comes from the workspace's config: shown as text (a URL stays a URL).
  if (rule.docs) parts.push(`**Documentation:** ${markdownText(rule.docs)}`);
  return parts.join('\n\n');
}

type HoverMeta = Pick<RuleMeta, 'title' | 'description' | 'remediation' | 'pss' | 'equivalents'>;

function equivalents(rule: HoverMeta): string {
  const out: string[] = [];
  for (const [tool, ids] of Object.entries(rule.equivalents ?? {}) as Array<[PeerTool, readonly string[]]>) {
    if (ids.length > 0) out.push(`${PEER_NAMES[tool] ?? tool} ${ids.map((i) => `\`${i}\``).join(', ')}`);
  }
  return out.join(' · ');
}
