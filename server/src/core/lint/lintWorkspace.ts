import { pushAll } from '../arrays';
import { applyExemptions, todayUtc } from '../config';
import type { AnalysisOptions } from '../engine/options';
import { PssEvaluator } from '../workspace/admission';
import { allRulesOn, analyzeWorkspace, levelFor, type WorkspaceAnalysis } from '../workspace/analyzeWorkspace';
import { toFinding } from '../workspace/asFinding';
import { applyWorkspaceSuppressions } from '../workspace/suppress';
import type { WorkspaceFinding, WorkspaceRule } from '../workspace/types';
import type { WorkspaceIndex } from '../workspace/workspaceIndex';
import { levelUnused, type ExemptionScope } from './lintFile';

/** How the cross-file findings on one file are kept: that file's own levels, strict mode and exemptions. */
export interface WorkspaceFileScope {
  rules: AnalysisOptions['rules'];
  strict: boolean;
  exemptions?: ExemptionScope | undefined;
}

export interface WorkspaceLintOptions {
  /** Reused between runs by the editor (it caches admission results). */
  pss?: PssEvaluator;
  /** `YYYY-MM-DD` (UTC) that decides which exemptions have expired; default today. */
  today?: string;
  /** The cross-file rules to run; default every workspace rule. */
  rules?: readonly WorkspaceRule[] | undefined;
}

export interface WorkspaceLint {
  /** Final findings per file (only files with at least one), in file order then position. */
  byFile: Map<string, WorkspaceFinding[]>;
  /** Workspace rules that threw: their findings are missing for every file (report them, fail closed). */
  ruleFailures: WorkspaceAnalysis['ruleFailures'];
}

/**
 * The one findings pipeline for the cross-file rules, the workspace counterpart of
 * `lintAnalysis`, in the same order:
 * 1. every workspace rule runs once (opt-in ones too), then each finding takes the level its
 *    file's `rules` give (or is dropped where that file switches the rule off);
 * 2. inline suppressions, workspace-wide (a directive or annotation can sit on the object
 *    the finding points at), except in files in strict mode;
 * 3. each file's config exemptions;
 * 4. `unused-suppression` for directives and annotations naming a workspace rule that
 *    suppressed nothing, switched off or re-levelled by that file's `rules`.
 * `scopeOf` returning undefined for a file drops every finding on it (not linted here).
 */
export function lintWorkspace(
  index: WorkspaceIndex,
  scopeOf: (file: string) => WorkspaceFileScope | undefined,
  opts: WorkspaceLintOptions = {},
): WorkspaceLint {
  const { findings: raw, ruleFailures } = analyzeWorkspace(
    index,
    { rules: allRulesOn(opts.rules) },
    opts.rules,
    opts.pss ?? new PssEvaluator(),
  );
  const scopes = new Map<string, WorkspaceFileScope | undefined>();
  const scope = (file: string): WorkspaceFileScope | undefined => {
    if (!scopes.has(file)) scopes.set(file, scopeOf(file));
    return scopes.get(file);
  };
  const levelled: WorkspaceFinding[] = [];
  for (const f of raw) {
    const rules = scope(f.file)?.rules;
    const kept = rules && levelFor(f, rules, opts.rules);
    if (kept) levelled.push(kept);
  }
  const { kept, unused } = applyWorkspaceSuppressions(index, levelled, {
    strict: (file) => scope(file)?.strict ?? false,
    rules: opts.rules,
  });

  const byFile = new Map<string, WorkspaceFinding[]>();
  const listOf = (file: string): WorkspaceFinding[] => {
    let list = byFile.get(file);
    if (!list) byFile.set(file, (list = []));
    return list;
  };
  for (const f of kept) listOf(f.file).push(f);
  const today = opts.today ?? todayUtc();
  for (const [file, list] of byFile) {
    const exemptions = scope(file)?.exemptions;
    if (!exemptions) continue;
    // Exemptions match on the per-document shape of a finding; keep the workspace ones they leave.
    const asFindings = new Map(list.map((f) => [toFinding(f), f]));
    const left = applyExemptions([...asFindings.keys()], { filePath: exemptions.filePath }, exemptions.config, today).kept;
    byFile.set(
      file,
      left.map((f) => asFindings.get(f)!),
    );
  }
  for (const u of unused) {
    const s = scope(u.file);
    if (s) pushAll(listOf(u.file), levelUnused([u], s.rules));
  }
  for (const [file, list] of byFile) if (list.length === 0) byFile.delete(file);
  return { byFile, ruleFailures };
}
