import * as fs from 'fs';
import { chartRenderOptions } from '../core/sources/helm/workspaceCharts';
import * as path from 'path';
import {
  CONFIG_FILE_NAMES,
  EMPTY_CONFIG,
  isExcluded,
  loadConfigFile,
  resolveOptions,
  ruleSetOf,
  toConfigRelative,
  todayUtc,
  type ResolvedConfig,
} from '../core/config';
import type { AnalysisOptions } from '../core/engine/options';
import { RULES } from '../core/rules/registry';
import type { Rule } from '../core/rules/types';
import type { ServerSettings } from './settings';
import type { ConfigProblem, ResolvedDocumentOptions, WorkspaceConfig } from './services';

/**
 * The nearest config file at or above `startDir` (the first of `.kube-guardrails.yaml`,
 * `.kube-guardrails.yml` that exists in a folder), as the CLI's `findConfigFile` finds it,
 * except that the walk stops after `stopDir` when `startDir` is inside it: a document in a
 * workspace folder never picks up a config from above that folder.
 */
export function findNearestConfig(startDir: string, stopDir: string | undefined): string | undefined {
  let dir = path.resolve(startDir);
  const stop = stopDir !== undefined && isInside(dir, path.resolve(stopDir)) ? path.resolve(stopDir) : undefined;
  for (;;) {
    const found = CONFIG_FILE_NAMES.map((n) => path.join(dir, n)).find(isFile);
    if (found) return found;
    const parent = path.dirname(dir);
    if (dir === stop || parent === dir) return undefined;
    dir = parent;
  }
}

/**
 * Adapter over `core/config`: one config file loaded and validated (none: settings only).
 * Precedence is the core's `resolveOptions`: built-in defaults < editor settings < config file.
 */
export function loadWorkspaceConfig(file: string | undefined, workspaceFolders: readonly string[] = []): WorkspaceConfig {
  if (!file) return configOf(EMPTY_CONFIG, undefined, '', [], undefined);
  // `today` makes expired exemptions warnings at their `expires:` key, once, on the file.
  // A config whose real path leaves its folder and every workspace folder is refused unread.
  const loaded = loadConfigFile(file, { today: todayUtc() }, { roots: workspaceFolders });
  const problems: ConfigProblem[] = loaded.problems.map((p) => ({
    range: p.range,
    message: p.message,
    severity: p.severity,
    code: p.code,
  }));
  if (loaded.readError)
    problems.push({ range: { start: 0, end: 0 }, message: loaded.readError, severity: 'error', code: 'config-unreadable' });
  return configOf(loaded.config, loaded.file, loaded.text, problems, loaded.dir);
}

/** The rule set (built-in + the config's custom rules) of options made by a config's `resolve`. */
const ruleSets = new WeakMap<AnalysisOptions, readonly Rule[]>();

/**
 * The rules to run with `options`: those of the config whose `resolve` made them (one
 * array per config load, so the per-document cache keeps working and a changed config
 * never reuses stale results), the built-in rules for any other options.
 */
export function ruleSetFor(options: AnalysisOptions): readonly Rule[] {
  return ruleSets.get(options) ?? RULES;
}

function configOf(
  config: ResolvedConfig,
  file: string | undefined,
  text: string,
  problems: ConfigProblem[],
  dir: string | undefined,
): WorkspaceConfig {
  const ruleSet = ruleSetOf(config);
  const relative = (filePath: string | undefined) => (dir && filePath ? toConfigRelative(dir, filePath) : undefined);
  return {
    file,
    text,
    problems,
    resolve(settings: ServerSettings, filePath: string | undefined) {
      const rel = relative(filePath);
      const options = resolveOptions(settings, config);
      ruleSets.set(options, ruleSet);
      const resolved: ResolvedDocumentOptions = {
        options,
        excluded: rel !== undefined && isExcluded(rel, config),
        strict: settings.disableInlineSuppressions || config.disableInlineSuppressions,
      };
      if (file) resolved.exemptions = { config, filePath: rel };
      return resolved;
    },
    chartRenderOptions(chartDir: string) {
      if (!dir) return {};
      return chartRenderOptions(config, dir, path.resolve(chartDir) === path.resolve(dir) ? '' : relative(chartDir));
    },
  };
}

function isInside(dir: string, root: string): boolean {
  return dir === root || dir.startsWith(root.endsWith(path.sep) ? root : root + path.sep);
}

function isFile(p: string): boolean {
  try {
    return fs.statSync(p).isFile();
  } catch {
    return false;
  }
}
