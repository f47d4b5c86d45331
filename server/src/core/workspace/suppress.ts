import { describeObject } from '../model/objects';
import { annotationRuleIds } from '../suppress/annotations';
import type { Suppression } from '../suppress/apply';
import { UNUSED_SUPPRESSION } from '../suppress/unusedRule';
import { RULES } from '../rules/registry';
import { WORKSPACE_RULES } from './rules';
import type { IndexedObject, Loc, WorkspaceFinding, WorkspaceRule } from './types';
import { namespaceOf, type WorkspaceIndex } from './workspaceIndex';

export interface WorkspaceSuppressOptions {
  /** Strict mode of a file (`disableInlineSuppressions`): its comments and annotations count for nothing. */
  strict?: (file: string) => boolean;
  /** Whether to report unused suppressions (of workspace rule ids) of a file. Default: every file. */
  reportUnusedIn?: (file: string) => boolean;
  rules?: readonly WorkspaceRule[] | undefined;
}

export interface WorkspaceSuppressionResult {
  kept: WorkspaceFinding[];
  suppressed: Array<{ finding: WorkspaceFinding; by: Suppression }>;
  /** `unused-suppression` findings for directive ids and own annotations naming a workspace rule that suppress nothing. */
  unused: WorkspaceFinding[];
}

/**
 * Inline suppressions for cross-object findings, with the same meaning as for per-document
 * ones (core/suppress/apply.ts):
 * - a directive comment on the line above the finding's first line, in the finding's file;
 * - our annotation `ignore-check.kube-guardrails.io/<rule-id>` on the finding's object or
 *   its pod template, and kube-linter / Polaris annotations mapped through `equivalents`.
 * The per-document pass leaves directive ids and annotations naming a workspace rule to
 * this pass, which reports them unused only when they suppressed no workspace finding.
 */
export function applyWorkspaceSuppressions(
  index: WorkspaceIndex,
  findings: readonly WorkspaceFinding[],
  options: WorkspaceSuppressOptions = {},
): WorkspaceSuppressionResult {
  const rules = options.rules ?? WORKSPACE_RULES;
  const workspaceIds = new Set(rules.map((r) => r.id));
  const strict = options.strict ?? (() => false);
  const objects = new Map<string, IndexedObject>();
  /** `<file>\0<line the directive applies to>` -> directive and its object. */
  const directives = new Map<string, { o: IndexedObject; d: NonNullable<IndexedObject['directives']>[number] }>();
  const fileStrict = new Map<string, boolean>();
  const isStrict = (file: string): boolean => {
    let s = fileStrict.get(file);
    if (s === undefined) fileStrict.set(file, (s = strict(file)));
    return s;
  };
  for (const o of index.all()) {
    if (!o.suppressAnnotations && !o.directives) continue;
    if (isStrict(o.file)) continue;
    objects.set(o.key, o);
    for (const d of o.directives ?? []) directives.set(`${o.file}\0${d.line + 1}`, { o, d });
  }
  const annotationIds = new Map<NonNullable<IndexedObject['suppressAnnotations']>[number], string[]>();
  const idsOf = (a: NonNullable<IndexedObject['suppressAnnotations']>[number]): string[] => {
    let ids = annotationIds.get(a);
    if (!ids) annotationIds.set(a, (ids = annotationRuleIds(a.kind, a.key, rules)));
    return ids;
  };

  const used = new Set<unknown>(); // annotations, and `${directive loc}:${id index}` strings
  const kept: WorkspaceFinding[] = [];
  const suppressed: WorkspaceSuppressionResult['suppressed'] = [];
  for (const f of findings) {
    let by: Suppression | undefined;
    const dir = directives.get(`${f.file}\0${f.lspRange.start.line}`);
    if (dir) {
      dir.d.ids.forEach((x, i) => {
        if (x.id !== f.ruleId) return;
        used.add(`${dir.d.loc.file}:${dir.d.loc.start}:${i}`);
        by ??= withReason(
          { kind: 'directive', source: directiveSource(dir.d), range: { start: dir.d.loc.start, end: dir.d.loc.end } },
          dir.d.reason,
        );
      });
    }
    const o = f.objectKey ? objects.get(f.objectKey) : undefined;
    for (const a of o?.suppressAnnotations ?? []) {
      if (!idsOf(a).includes(f.ruleId)) continue;
      used.add(a);
      by ??= withReason({ kind: a.kind, source: a.key, range: { start: a.loc.start, end: a.loc.end } }, a.reason);
    }
    if (by) suppressed.push({ finding: f, by });
    else kept.push(f);
  }

  const unused: WorkspaceFinding[] = [];
  const reportIn = options.reportUnusedIn ?? (() => true);
  // Ids that are neither workspace nor per-document rules are the per-document pass's to report.
  for (const o of objects.values()) {
    if (!reportIn(o.file)) continue;
    for (const d of o.directives ?? []) {
      d.ids.forEach((x, i) => {
        if (!workspaceIds.has(x.id) || used.has(`${d.loc.file}:${d.loc.start}:${i}`)) return;
        unused.push(unusedFinding(o, x.loc, `Unused suppression: no "${x.id}" finding on the next line.`));
      });
    }
    for (const a of o.suppressAnnotations ?? []) {
      if (a.kind !== 'annotation' || used.has(a)) continue;
      const id = idsOf(a)[0];
      if (id === undefined || !workspaceIds.has(id)) continue;
      const where = a.on === 'pod-template' ? `the pod template of ${describeObject(o)}` : describeObject(o);
      unused.push(unusedFinding(o, a.loc, `Unused suppression: no "${id}" finding in ${where}.`));
    }
  }
  unused.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.range.start - b.range.start));
  return { kept, suppressed, unused };
}

/** Rule ids the per-document suppression pass leaves to `applyWorkspaceSuppressions`. */
let defaultIds: ReadonlySet<string> | undefined;
export function workspaceRuleIds(): ReadonlySet<string> {
  // A per-document rule with the same id (none today) keeps its own reporting.
  if (!defaultIds) {
    const own = new Set(RULES.map((r) => r.id));
    defaultIds = new Set(WORKSPACE_RULES.map((r) => r.id).filter((id) => !own.has(id)));
  }
  return defaultIds;
}

function directiveSource(d: NonNullable<IndexedObject['directives']>[number]): string {
  const ids = d.ids.map((x) => x.id).join(', ');
  return `# kube-guardrails-disable-next-line ${ids}${d.reason ? ` -- ${d.reason}` : ''}`;
}

function withReason(s: Suppression, reason: string | undefined): Suppression {
  if (reason) s.reason = reason;
  return s;
}

function unusedFinding(o: IndexedObject, at: Loc, message: string): WorkspaceFinding {
  const object: WorkspaceFinding['object'] = { apiVersion: o.apiVersion, kind: o.kind };
  const ns = namespaceOf(o);
  if (ns !== undefined) object.namespace = ns;
  if (o.name !== undefined) object.name = o.name;
  return {
    ruleId: UNUSED_SUPPRESSION.id,
    severity: UNUSED_SUPPRESSION.severity,
    message,
    file: at.file,
    range: { start: at.start, end: at.end },
    lspRange: at.range,
    object,
    documentIndex: o.documentIndex,
    related: [],
    objectKey: o.key,
  };
}
