import { analyzeText, type FileAnalysis } from '../core/engine/analyze';
import type { AnalysisOptions } from '../core/engine/options';
import { CONFIG_FILE_NAMES } from '../core/config';
import { computeFix, fixAll } from '../core/fix';
import { lintAnalysis } from '../core/lint';
import { ignoreFindingObjectEdit, ignoreLineEdit } from '../core/suppress';
import { BudgetExceeded } from './budget';
import type { Services, StopCheck } from './services';
import { findNearestConfig, loadWorkspaceConfig, ruleSetFor } from './workspaceConfig';

/**
 * Verification re-runs the same analysis (same rules, same options) on the edited text.
 * With a budget, each re-analysis first checks it and throws when it says stop (the core
 * catches that and gives up); `run` then reports the stop as `BudgetExceeded`, so a fix
 * abandoned for time is never mistaken for (and cached as) "no fix".
 */
function withBudget<T>(options: AnalysisOptions, budget: StopCheck | undefined, run: (reanalyze: (text: string) => FileAnalysis) => T): T {
  let stopped = false;
  const result = run((text) => {
    if (budget?.stop) {
      stopped = true;
      throw new BudgetExceeded();
    }
    return analyzeText(text, options, ruleSetFor(options));
  });
  if (stopped) throw new BudgetExceeded();
  return result;
}

/** The real services: thin forwards to the analysis core's engine, fix, suppress and config modules. */
export const coreServices: Services = {
  analyze: (text, options, cache) => analyzeText(text, options, ruleSetFor(options), cache),
  lint: (analysis, scope) => lintAnalysis(analysis, { ...scope, rules: scope.rules ?? ruleSetFor(scope.options) }),
  quickFix: (analysis, finding, options, budget) => withBudget(options, budget, (reanalyze) => computeFix(analysis, finding, reanalyze)),
  fixAll: (analysis, findings, options, budget) => {
    const wanted = new Set(findings);
    const r = withBudget(options, budget, (reanalyze) => fixAll(analysis, reanalyze, { filter: (f) => wanted.has(f) }));
    return r.edits.length > 0 ? r.edits : undefined;
  },
  ignoreLine: (analysis, finding) => {
    const edit = ignoreLineEdit(analysis.parsed.text, finding, analysis);
    return edit ? [edit] : undefined;
  },
  ignoreObject: (analysis, finding) => ignoreFindingObjectEdit(analysis, finding),
  loadConfig: loadWorkspaceConfig,
  findConfig: findNearestConfig,
  configFileNames: CONFIG_FILE_NAMES,
};
