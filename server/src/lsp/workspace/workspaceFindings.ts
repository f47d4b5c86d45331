import type { Diagnostic } from 'vscode-languageserver/node';
import type { PssEvaluator } from '../../core/workspace/admission';
import { allRulesOn, analyzeWorkspace, levelFor } from '../../core/workspace/analyzeWorkspace';
import type { WorkspaceIndex } from '../../core/workspace/workspaceIndex';
import { UNUSED_SUPPRESSION } from '../../core/suppress/unusedRule';
import { applyWorkspaceSuppressions } from '../../core/workspace/suppress';
import type { WorkspaceFinding } from '../../core/workspace/types';
import { toFinding } from '../../core/workspace/asFinding';
import type { ServerSettings } from '../settings';
import { pathToUri } from '../uris';
import type { ResolveFile } from './workspaceService';
import { workspaceDiagnostic } from './toDiagnostics';

/** What the findings pipeline reads: the session's index and evaluator, the per-file config, a log. */
export interface FindingsContext {
  index: WorkspaceIndex;
  pss: PssEvaluator;
  resolveFile?: ResolveFile;
  log: (message: string) => void;
}

/**
 * The cross-file findings of the whole index as diagnostics per uri: every workspace rule
 * once, then per file its levels, inline suppressions, the config's exemptions and the
 * `unused-suppression` reports.
 */
export function diagnosticsByUri(ctx: FindingsContext, settings: ServerSettings): Map<string, Diagnostic[]> {
  const { index, pss, log } = ctx;
  const opts = { resolveFile: ctx.resolveFile };
  // Every rule runs once; each file's own levels (settings + its config file) then apply.
  const { findings: raw, ruleFailures } = analyzeWorkspace(index, { rules: allRulesOn() }, undefined, pss);
  for (const f of ruleFailures) log(`rule ${f.ruleId} failed: ${f.message}`);
  const resolved = new Map<string, ReturnType<ResolveFile>>();
  const resolve = (file: string): ReturnType<ResolveFile> => {
    let r = resolved.get(file);
    if (!r) resolved.set(file, (r = opts.resolveFile ? opts.resolveFile(file, settings) : { excluded: false, rules: settings.rules }));
    return r;
  };
  const levelled = raw.flatMap((f) => {
    const kept = levelFor(f, resolve(f.file).rules);
    return kept ? [kept] : [];
  });
  // Then, as for per-document findings: inline suppressions, then the config's exemptions.
  const { kept, unused } = applyWorkspaceSuppressions(index, levelled, { strict: (file) => resolve(file).strict ?? settings.disableInlineSuppressions });
  const byFile = new Map<string, WorkspaceFinding[]>();
  for (const f of kept) {
    let list = byFile.get(f.file);
    if (!list) byFile.set(f.file, (list = []));
    list.push(f);
  }
  const findings: WorkspaceFinding[] = [];
  for (const [file, list] of byFile) {
    const exempt = resolve(file).exempt;
    if (!exempt) {
      findings.push(...list);
      continue;
    }
    const asFindings = new Map(list.map((f) => [toFinding(f), f]));
    for (const f of exempt([...asFindings.keys()])) findings.push(asFindings.get(f)!);
  }
  for (const u of unused) {
    // `unused-suppression` can be switched off or re-levelled like a rule.
    const level = resolve(u.file).rules[UNUSED_SUPPRESSION.id];
    if (level === 'off') continue;
    findings.push(level ? { ...u, severity: level } : u);
  }
  const byUri = new Map<string, Diagnostic[]>();
  for (const f of findings) {
    const uri = pathToUri(f.file);
    let list = byUri.get(uri);
    if (!list) byUri.set(uri, (list = []));
    list.push(workspaceDiagnostic(f));
  }
  return byUri;
}
