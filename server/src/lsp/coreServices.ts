import { analyzeText } from '../core/engine/analyze';
import type { AnalysisOptions } from '../core/engine/options';
import { CONFIG_FILE_NAMES } from '../core/config';
import { computeFix, fixAll } from '../core/fix';
import { applySuppressions, ignoreFindingObjectEdit, ignoreLineEdit } from '../core/suppress';
import type { Services } from './services';
import { findNearestConfig, loadWorkspaceConfig } from './workspaceConfig';

/** Verification re-runs the same analysis (same rules, same options) on the edited text. */
const reanalyse = (options: AnalysisOptions) => (text: string) => analyzeText(text, options);

/** The real services: thin forwards to the analysis core's engine, fix, suppress and config modules. */
export const coreServices: Services = {
  analyze: (text, options, cache) => analyzeText(text, options, undefined, cache),
  suppress: (analysis, strict) => {
    const r = applySuppressions(analysis, { disableInlineSuppressions: strict });
    return { findings: r.kept, unused: r.unused };
  },
  quickFix: (analysis, finding, options) => computeFix(analysis, finding, reanalyse(options)),
  fixAll: (analysis, findings, options) => {
    const wanted = new Set(findings);
    const r = fixAll(analysis, reanalyse(options), { filter: (f) => wanted.has(f) });
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
