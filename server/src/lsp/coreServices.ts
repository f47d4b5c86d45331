import { analyzeText } from '../core/engine/analyze';
import { DEFAULT_OPTIONS, parsePssVersion, type AnalysisOptions } from '../core/engine/options';
import type { Services, SettingsInput, WorkspaceConfig } from './services';

/** Settings only, no config file: built-in defaults overridden by the editor settings. */
export function settingsOnlyOptions(s: SettingsInput): AnalysisOptions {
  return {
    profile: s.profile,
    pssVersion: parsePssVersion(s.pssVersion) ?? DEFAULT_OPTIONS.pssVersion,
    rules: { ...s.rules },
  };
}

const NO_CONFIG: WorkspaceConfig = {
  text: '',
  problems: [],
  resolve: (s) => ({ options: settingsOnlyOptions(s), excluded: false, disableInlineSuppressions: s.disableInlineSuppressions }),
};

/** The real services: the analysis core and its fix, suppress and config modules. */
export const coreServices: Services = {
  analyze: analyzeText,
  suppress: (analysis) => ({ findings: analysis.findings, unused: [] }),
  quickFix: () => undefined,
  fixAll: () => undefined,
  ignoreLine: () => undefined,
  ignoreObject: () => undefined,
  loadConfig: () => NO_CONFIG,
  configFileNames: ['.kube-guardrails.yaml', '.kube-guardrails.yml'],
};
