import { safeMessage } from '../display';
import type { AnalysisOptions } from '../engine/options';
import type { Severity } from '../types';
import { PssEvaluator } from './admission';
import { WORKSPACE_RULES } from './rules';
import type { WorkspaceFinding, WorkspaceRule, WorkspaceRuleContext } from './types';
import type { WorkspaceIndex } from './workspaceIndex';
import { namespaceOf } from './workspaceIndex';
import { pushAll } from '../arrays';

export interface ActiveWorkspaceRule {
  rule: WorkspaceRule;
  severity: Severity;
}

/** Same switches as single-file rules: `off`, a severity (which also enables an opt-in rule), or the default. */
function activeWorkspaceRules(
  options: Pick<AnalysisOptions, 'rules'>,
  rules: readonly WorkspaceRule[] = WORKSPACE_RULES,
): ActiveWorkspaceRule[] {
  const out: ActiveWorkspaceRule[] = [];
  for (const rule of rules) {
    const level = options.rules[rule.id];
    if (level === 'off') continue;
    if (level) out.push({ rule, severity: level });
    else if (rule.defaultEnabled !== false) out.push({ rule, severity: rule.severity });
  }
  return out;
}

export interface WorkspaceAnalysis {
  findings: WorkspaceFinding[];
  ruleFailures: Array<{ ruleId: string; message: string }>;
}

/**
 * Runs the active workspace rules over the whole index. Findings are sorted by file, then
 * position, then rule id. A rule that throws loses its findings, the others still report.
 */
export function analyzeWorkspace(
  index: WorkspaceIndex,
  options: Pick<AnalysisOptions, 'rules'>,
  rules: readonly WorkspaceRule[] = WORKSPACE_RULES,
  pss: PssEvaluator = new PssEvaluator(),
): WorkspaceAnalysis {
  const findings: WorkspaceFinding[] = [];
  const ruleFailures: WorkspaceAnalysis['ruleFailures'] = [];
  for (const { rule, severity } of activeWorkspaceRules(options, rules)) {
    const produced: WorkspaceFinding[] = [];
    const ctx: WorkspaceRuleContext = {
      index,
      pss,
      report(input) {
        const at = input.at ?? input.object.anchor;
        const o = input.object;
        const object: WorkspaceFinding['object'] = { apiVersion: o.apiVersion, kind: o.kind };
        const ns = namespaceOf(o);
        if (ns !== undefined) object.namespace = ns;
        if (o.name !== undefined) object.name = o.name;
        produced.push({
          ruleId: rule.id,
          severity,
          // Values in messages come from manifests: redacted, bounded, escaped (display.ts).
          message: safeMessage(input.message),
          file: at.file,
          range: { start: at.start, end: at.end },
          lspRange: at.range,
          object,
          documentIndex: o.documentIndex,
          objectKey: o.key,
          related: (input.related ?? []).map((r) => ({
            file: r.at.file,
            start: r.at.start,
            end: r.at.end,
            range: r.at.range,
            message: safeMessage(r.message),
          })),
        });
      },
    };
    try {
      rule.checkWorkspace(ctx);
      pushAll(findings, produced);
    } catch (e) {
      // A thrown message can quote the manifest: bounded and escaped like a finding's.
      ruleFailures.push({ ruleId: rule.id, message: safeMessage(e instanceof Error ? e.message : String(e)) });
    }
  }
  findings.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.range.start - b.range.start || a.ruleId.localeCompare(b.ruleId)));
  return { findings, ruleFailures };
}

/**
 * The finding at the level `rules` (one file's resolved options) gives its rule, or
 * undefined when that file switches it off or leaves an opt-in rule off. Used when the
 * rules run once for the whole workspace (every rule on) and each file has its own
 * settings or config file.
 */
export function levelFor(
  f: WorkspaceFinding,
  rules: AnalysisOptions['rules'],
  all: readonly WorkspaceRule[] = WORKSPACE_RULES,
): WorkspaceFinding | undefined {
  const level = rules[f.ruleId];
  const rule = all.find((r) => r.id === f.ruleId);
  if (level === 'off' || !rule) return undefined;
  if (!level && rule.defaultEnabled === false) return undefined;
  const severity = level ?? rule.severity;
  return severity === f.severity ? f : { ...f, severity };
}

/** Every rule on at its default severity: what per-file levelling starts from. */
export function allRulesOn(all: readonly WorkspaceRule[] = WORKSPACE_RULES): AnalysisOptions['rules'] {
  return Object.fromEntries(all.map((r) => [r.id, r.severity]));
}
