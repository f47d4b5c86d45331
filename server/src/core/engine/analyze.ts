import { objectRef, recogniseObject, type K8sObject } from '../model/objects';
import { findPodSpec, isWorkloadKind } from '../model/workloads';
import { RULES } from '../rules/registry';
import type { Rule, RuleContext } from '../rules/types';
import type { Severity } from '../types';
import { parseFile, type ParsedDocument, type ParsedFile } from '../yaml/parseFile';
import { compareFindings, type Finding } from './finding';
import { screenInput, type SkipReason } from './inputGuard';
import type { AnalysisOptions } from './options';

export interface ActiveRule {
  rule: Rule;
  severity: Severity;
}

/** A rule that threw: its findings for that object are dropped, the rest still reported. */
export interface RuleFailure {
  ruleId: string;
  documentIndex: number;
  message: string;
}

export interface FileAnalysis {
  parsed: ParsedFile;
  objects: K8sObject[];
  findings: Finding[];
  ruleFailures: RuleFailure[];
  /** Set when the whole file was skipped (binary or over the size limit). */
  skipped?: SkipReason;
}

/**
 * Which rules run, at which severity. A PSS rule runs when the profile includes its level
 * (restricted includes baseline); any rule can be switched off or re-levelled by id, and
 * naming an opt-in rule with a severity turns it on.
 */
export function activeRules(options: AnalysisOptions, rules: readonly Rule[] = RULES): ActiveRule[] {
  const out: ActiveRule[] = [];
  for (const rule of rules) {
    const level = options.rules[rule.id];
    if (level === 'off') continue;
    if (level) {
      out.push({ rule, severity: level });
      continue;
    }
    if (rule.defaultEnabled === false) continue;
    if (rule.pss?.level === 'restricted' && options.profile === 'baseline') continue;
    out.push({ rule, severity: rule.severity });
  }
  return out;
}

function ruleInspects(rule: Rule, object: K8sObject): boolean {
  return rule.appliesTo === 'workloads' ? isWorkloadKind(object.kind) : rule.appliesTo.includes(object.kind);
}

/** Runs the active rules over one parsed document. Documents with YAML errors yield nothing. */
export function analyzeDocument(
  source: ParsedDocument,
  text: string,
  active: readonly ActiveRule[],
  options: AnalysisOptions,
  failures: RuleFailure[] = [],
): { object?: K8sObject; findings: Finding[] } {
  const object = recogniseObject(source);
  if (!object) return { findings: [] };
  const findings: Finding[] = [];
  const ref = objectRef(object);
  const pod = isWorkloadKind(object.kind) ? findPodSpec(object) : undefined;
  for (const { rule, severity } of active) {
    if (!ruleInspects(rule, object)) continue;
    const produced: Finding[] = [];
    const ctx: RuleContext = {
      object,
      pod,
      text,
      pssVersion: options.pssVersion,
      report: (input) => {
        const f: Finding = {
          ruleId: rule.id,
          severity,
          message: input.message,
          range: input.range,
          object: ref,
          documentIndex: source.index,
        };
        if (rule.pss) {
          f.pssCheck = rule.pss.check;
          f.pssLevel = rule.pss.level;
        }
        if (input.fix) f.fix = input.fix;
        produced.push(f);
      },
    };
    try {
      rule.check(ctx);
      findings.push(...produced);
    } catch (e) {
      failures.push({ ruleId: rule.id, documentIndex: source.index, message: e instanceof Error ? e.message : String(e) });
    }
  }
  return { object, findings };
}

/** Parses and analyses a whole file. */
export function analyzeText(text: string, options: AnalysisOptions, rules: readonly Rule[] = RULES): FileAnalysis {
  const skipped = screenInput(text, options.maxFileSize);
  if (skipped) return { parsed: parseFile(''), objects: [], findings: [], ruleFailures: [], skipped };
  const parsed = parseFile(text);
  const active = activeRules(options, rules);
  const objects: K8sObject[] = [];
  const findings: Finding[] = [];
  const ruleFailures: RuleFailure[] = [];
  for (const source of parsed.documents) {
    const r = analyzeDocument(source, text, active, options, ruleFailures);
    if (r.object) objects.push(r.object);
    findings.push(...r.findings);
  }
  findings.sort(compareFindings);
  return { parsed, objects, findings, ruleFailures };
}
