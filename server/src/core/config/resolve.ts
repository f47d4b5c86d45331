import { DEFAULT_OPTIONS, parsePssVersion, type AnalysisOptions } from '../engine/options';
import type { PssLevel, RuleLevel } from '../types';
import type { ResolvedConfig } from './types';

/**
 * User/workspace settings as the editor hands them over. Typed `unknown` on purpose: they
 * come from settings.json, so anything malformed is ignored here rather than trusted.
 */
export interface GuardrailsSettings {
  profile?: unknown;
  /** `latest` or `v1.N` (a number N is accepted too). */
  pssVersion?: unknown;
  rules?: unknown;
  /** Editor-only limit (`kubeGuardrails.maxFileSize`); not a config-file key. */
  maxFileSize?: unknown;
}

const LEVELS: ReadonlySet<string> = new Set(['off', 'error', 'warning', 'info']);

function settingsProfile(v: unknown): PssLevel | undefined {
  return v === 'baseline' || v === 'restricted' ? v : undefined;
}

function settingsPssVersion(v: unknown): number | undefined {
  if (typeof v === 'string') return parsePssVersion(v.trim());
  if (typeof v === 'number' && Number.isInteger(v) && v >= 0 && v < 1000) return v;
  return undefined;
}

function settingsRules(v: unknown): Record<string, RuleLevel> {
  const out: Record<string, RuleLevel> = {};
  if (!v || typeof v !== 'object' || Array.isArray(v)) return out;
  for (const [id, level] of Object.entries(v)) {
    if (typeof level === 'string' && LEVELS.has(level) && id !== '__proto__') out[id] = level as RuleLevel;
  }
  return out;
}

/**
 * The options an analysis runs with. Precedence, lowest first:
 *   1. built-in defaults (DEFAULT_OPTIONS),
 *   2. user/workspace settings,
 *   3. the config file (what CI runs with, so the editor agrees with CI),
 *   4. `overrides` (CLI flags such as --profile).
 * `profile` and `pssVersion` are taken from the highest layer that sets them; `rules` merge
 * id by id, so a file that re-levels one rule keeps a setting that switches off another.
 */
export function resolveOptions(
  settings: GuardrailsSettings | undefined,
  config: ResolvedConfig | undefined,
  overrides: Partial<AnalysisOptions> = {},
): AnalysisOptions {
  const options: AnalysisOptions = {
    profile: overrides.profile ?? config?.profile ?? settingsProfile(settings?.profile) ?? DEFAULT_OPTIONS.profile,
    pssVersion: overrides.pssVersion ?? config?.pssVersion ?? settingsPssVersion(settings?.pssVersion) ?? DEFAULT_OPTIONS.pssVersion,
    rules: { ...DEFAULT_OPTIONS.rules, ...settingsRules(settings?.rules), ...(config?.rules ?? {}), ...(overrides.rules ?? {}) },
  };
  const maxFileSize =
    overrides.maxFileSize ?? (typeof settings?.maxFileSize === 'number' && settings.maxFileSize > 0 ? settings.maxFileSize : undefined);
  if (maxFileSize !== undefined) options.maxFileSize = maxFileSize;
  return options;
}
