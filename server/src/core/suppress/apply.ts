import { safeMessage } from '../display';
import type { FileAnalysis } from '../engine/analyze';
import type { Finding } from '../engine/finding';
import { describeObject, objectRef, type K8sObject } from '../model/objects';
import { RULES } from '../rules/registry';
import type { Rule } from '../rules/types';
import type { ObjectRef, OffsetRange } from '../types';
import { objectAnnotations, type AnnotationKind, type SuppressionAnnotation } from './annotations';
import { findDirectives, type Directive } from './directives';
import { UNUSED_SUPPRESSION } from './unusedRule';
import { workspaceRuleIds } from '../workspace/suppress';

export interface SuppressOptions {
  /** Strict mode: ignore every comment directive and annotation (own and peer). */
  disableInlineSuppressions?: boolean;
  /** Report directives and own annotations that suppress nothing. Default true. */
  reportUnused?: boolean;
  /** The rules whose peer equivalents map peer annotations; default the built-in registry. */
  rules?: readonly Rule[];
  /**
   * Rule ids whose suppressions this pass never reports unused: the cross-object
   * (workspace) rules, whose findings are not in a per-document analysis; the workspace
   * pass (core/workspace/suppress.ts) decides for them. Default: the workspace rule ids.
   */
  deferredRuleIds?: ReadonlySet<string>;
}

/** What suppressed a finding. */
export interface Suppression {
  kind: 'directive' | AnnotationKind;
  /** The directive comment, or the annotation key. */
  source: string;
  reason?: string;
  /** Where the suppression is written. */
  range: OffsetRange;
}

export interface SuppressedFinding {
  finding: Finding;
  by: Suppression;
}

export interface SuppressionResult {
  /** Findings no suppression covers, in their original order. */
  kept: Finding[];
  suppressed: SuppressedFinding[];
  /** `unused-suppression` findings (severity info) for suppressions that matched nothing. */
  unused: Finding[];
}

const NO_OBJECT: ObjectRef = { apiVersion: '', kind: '' };

const ruleIdSets = new WeakMap<readonly Rule[], ReadonlySet<string>>();

/** The ids of a rule set, built once per set rather than once per file analysed. */
function ruleIdsOf(rules: readonly Rule[]): ReadonlySet<string> {
  let ids = ruleIdSets.get(rules);
  if (!ids) ruleIdSets.set(rules, (ids = new Set(rules.map((r) => r.id))));
  return ids;
}

/**
 * Applies inline suppressions to an analysis, as a pure function of it:
 * - a directive comment on the line above a finding's first line, for the ids it names;
 * - our annotation `ignore-check.kube-guardrails.io/<rule-id>` on the object or its pod
 *   template, for every finding of that rule in the object;
 * - kube-linter and Polaris annotations, mapped through each rule's `equivalents`.
 * Unused directives ids and unused own annotations come back as `unused-suppression`
 * findings; peer annotations are never reported (they serve their own tool too).
 */
export function applySuppressions(analysis: FileAnalysis, options: SuppressOptions = {}): SuppressionResult {
  if (options.disableInlineSuppressions) return { kept: [...analysis.findings], suppressed: [], unused: [] };
  const rules = options.rules ?? RULES;
  const known = ruleIdsOf(rules);
  const deferred = options.deferredRuleIds ?? workspaceRuleIds();
  const { text, lines } = analysis.parsed;

  // Directives, per parsed document without errors (elsewhere nothing can be verified).
  const directives: Array<{ d: Directive; documentIndex: number; object?: K8sObject | undefined }> = [];
  const objectsByDoc = new Map(analysis.objects.map((o) => [o.source.index, o]));
  for (const source of analysis.parsed.documents) {
    if (source.error || source.doc.errors.length) continue;
    for (const d of findDirectives(text, lines, source.start, source.end, source.doc)) {
      directives.push({ d, documentIndex: source.index, object: objectsByDoc.get(source.index) });
    }
  }
  const directiveByLine = new Map(directives.map((x) => [x.d.line + 1, x]));
  const usedDirectiveIds = new Set<string>(); // `${line}:${idIndex}`

  const annotations = new Map<number, SuppressionAnnotation[]>();
  const usedAnnotations = new Set<SuppressionAnnotation>();
  for (const o of analysis.objects) annotations.set(o.source.index, objectAnnotations(o, text, rules));

  const kept: Finding[] = [];
  const suppressed: SuppressedFinding[] = [];
  for (const f of analysis.findings) {
    let by: Suppression | undefined;
    const line = lines.positionAt(f.range.start).line;
    const dir = directiveByLine.get(line);
    if (dir && dir.documentIndex === f.documentIndex) {
      dir.d.ids.forEach((x, i) => {
        if (x.id !== f.ruleId) return;
        usedDirectiveIds.add(`${dir.d.line}:${i}`);
        by ??= withReason({ kind: 'directive', source: text.slice(dir.d.range.start, dir.d.range.end), range: dir.d.range }, dir.d.reason);
      });
    }
    for (const a of annotations.get(f.documentIndex) ?? []) {
      if (!a.ruleIds.includes(f.ruleId)) continue;
      usedAnnotations.add(a);
      by ??= withReason({ kind: a.kind, source: a.key, range: a.range }, a.reason);
    }
    if (by) suppressed.push({ finding: f, by });
    else kept.push(f);
  }

  const unused: Finding[] = [];
  if (options.reportUnused !== false) {
    for (const { d, documentIndex, object } of directives) {
      const ref = object ? objectRef(object) : NO_OBJECT;
      if (!d.ids.length) {
        unused.push(unusedFinding(d.range, 'Unused suppression: the directive names no rule id.', ref, documentIndex));
        continue;
      }
      d.ids.forEach((x, i) => {
        if (usedDirectiveIds.has(`${d.line}:${i}`) || deferred.has(x.id)) return;
        const unknown = known.has(x.id) ? '' : ` ("${x.id}" is not a known rule id)`;
        unused.push(unusedFinding(x.range, `Unused suppression: no "${x.id}" finding on the next line${unknown}.`, ref, documentIndex));
      });
    }
    for (const o of analysis.objects) {
      for (const a of annotations.get(o.source.index) ?? []) {
        if (a.kind !== 'annotation' || usedAnnotations.has(a)) continue;
        const id = a.ruleIds[0];
        if (id === undefined || deferred.has(id)) continue;
        const unknown = known.has(id) ? '' : ` ("${id}" is not a known rule id)`;
        const where = a.on === 'pod-template' ? `the pod template of ${describeObject(o)}` : describeObject(o);
        unused.push(unusedFinding(a.range, `Unused suppression: no "${id}" finding in ${where}${unknown}.`, objectRef(o), o.source.index));
      }
    }
    unused.sort((a, b) => a.range.start - b.range.start);
  }
  return { kept, suppressed, unused };
}

function withReason(s: Suppression, reason: string | undefined): Suppression {
  if (reason) s.reason = reason;
  return s;
}

function unusedFinding(range: OffsetRange, message: string, object: ObjectRef, documentIndex: number): Finding {
  return {
    ruleId: UNUSED_SUPPRESSION.id,
    severity: UNUSED_SUPPRESSION.severity,
    message: safeMessage(message),
    range,
    object,
    documentIndex,
  };
}
