import * as fs from 'fs';
import * as path from 'path';
import {
  applyExemptions,
  CONFIG_FILE_NAMES,
  EMPTY_CONFIG,
  isExcluded,
  loadConfigFile,
  resolveOptions,
  toConfigRelative,
  todayUtc,
  type ResolvedConfig,
} from '../core/config';
import type { ServerSettings } from './settings';
import type { ConfigProblem, WorkspaceConfig } from './services';

/**
 * Adapter over `core/config`: the config file at the root of a workspace folder (the
 * first of `.kube-guardrails.yaml`, `.kube-guardrails.yml` that exists), or none.
 * Precedence is the core's `resolveOptions`: built-in defaults < editor settings < config file.
 */
export function loadWorkspaceConfig(folder: string | undefined): WorkspaceConfig {
  const file = folder ? CONFIG_FILE_NAMES.map((n) => path.join(folder, n)).find(isFile) : undefined;
  if (!file) return configOf(EMPTY_CONFIG, undefined, '', [], undefined);
  // `today` makes expired exemptions warnings at their `expires:` key, once, on the file.
  const loaded = loadConfigFile(file, { today: todayUtc() });
  const problems: ConfigProblem[] = loaded.problems.map((p) => ({ range: p.range, message: p.message, severity: p.severity, code: p.code }));
  if (loaded.readError) problems.push({ range: { start: 0, end: 0 }, message: loaded.readError, severity: 'error', code: 'config-unreadable' });
  return configOf(loaded.config, loaded.file, loaded.text, problems, loaded.dir);
}

function configOf(config: ResolvedConfig, file: string | undefined, text: string, problems: ConfigProblem[], dir: string | undefined): WorkspaceConfig {
  const relative = (filePath: string | undefined) => (dir && filePath ? toConfigRelative(dir, filePath) : undefined);
  return {
    file,
    text,
    problems,
    resolve(settings: ServerSettings, filePath: string | undefined) {
      const rel = relative(filePath);
      return {
        options: resolveOptions(settings, config),
        excluded: rel !== undefined && isExcluded(rel, config),
        strict: settings.disableInlineSuppressions || config.disableInlineSuppressions,
      };
    },
    exempt(findings, filePath) {
      return applyExemptions(findings, { filePath: relative(filePath) }, config, todayUtc()).kept;
    },
  };
}

function isFile(p: string): boolean {
  try {
    return fs.statSync(p).isFile();
  } catch {
    return false;
  }
}
