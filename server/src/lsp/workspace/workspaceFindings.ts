import type { Diagnostic } from 'vscode-languageserver/node';
import { lintWorkspace } from '../../core/lint';
import type { PssEvaluator } from '../../core/workspace/admission';
import type { WorkspaceIndex } from '../../core/workspace/workspaceIndex';
import type { ServerSettings } from '../settings';
import { pathToUri } from '../uris';
import type { ResolveFile } from './workspaceService';
import { workspaceDiagnostic } from './toDiagnostics';

/** What the findings pipeline reads: the session's index and evaluator, the per-file config, a log. */
export interface FindingsContext {
  index: WorkspaceIndex;
  pss: PssEvaluator;
  resolveFile?: ResolveFile | undefined;
  log: (message: string) => void;
}

/**
 * The cross-file findings of the whole index as diagnostics per uri. The core's pipeline
 * (`lintWorkspace`: every workspace rule once, then per file its levels, inline
 * suppressions, the config's exemptions and `unused-suppression`) decides; this only
 * resolves each file's scope from the settings and converts the result.
 */
export function diagnosticsByUri(ctx: FindingsContext, settings: ServerSettings): Map<string, Diagnostic[]> {
  const { index, pss, log, resolveFile } = ctx;
  const resolved = new Map<string, ReturnType<ResolveFile>>();
  const resolve = (file: string): ReturnType<ResolveFile> => {
    let r = resolved.get(file);
    if (!r) resolved.set(file, (r = resolveFile ? resolveFile(file, settings) : { excluded: false, rules: settings.rules }));
    return r;
  };
  const { byFile, ruleFailures } = lintWorkspace(
    index,
    (file) => {
      const r = resolve(file);
      return { rules: r.rules, strict: r.strict ?? settings.disableInlineSuppressions, exemptions: r.exemptions };
    },
    { pss },
  );
  for (const f of ruleFailures) log(`rule ${f.ruleId} failed: ${f.message}`);
  const byUri = new Map<string, Diagnostic[]>();
  for (const [file, findings] of byFile) {
    const uri = pathToUri(file);
    let list = byUri.get(uri);
    if (!list) byUri.set(uri, (list = []));
    for (const f of findings) list.push(workspaceDiagnostic(f));
  }
  return byUri;
}
