import type { CustomRule } from '../custom';
import type { OffsetRange, PssLevel, RuleLevel, Severity } from '../types';

/** File names looked up in each folder, in this order. */
export const CONFIG_FILE_NAMES: readonly string[] = ['.kube-guardrails.yaml', '.kube-guardrails.yml'];

/** One problem in a config file, in offsets of the config text. */
export interface ConfigProblem {
  /** `error`: that part of the config is ignored; `warning`: accepted but probably a mistake. */
  severity: Severity;
  message: string;
  range: OffsetRange;
  /** Stable kind of problem, for tests and for clients that want to filter. */
  code: ConfigProblemCode;
}

export type ConfigProblemCode =
  | 'config-syntax'
  | 'config-too-large'
  | 'config-not-a-map'
  | 'config-schema'
  | 'config-unknown-rule'
  | 'config-invalid-date'
  | 'config-expired-exemption'
  | 'config-custom-rule';

/** `*` (every rule) or explicit rule ids. */
export type ExemptionRules = '*' | readonly string[];

/** One accepted exemption, with where it is written (for messages about it). */
export interface Exemption {
  rules: ExemptionRules;
  namespaces?: readonly string[];
  kinds?: readonly string[];
  names?: readonly string[];
  files?: readonly string[];
  reason: string;
  /** Last day it applies, `YYYY-MM-DD` (UTC). */
  expires?: string;
  /** Position in the config's `exemptions` list (0-based), for messages. */
  index: number;
  /** The item's first line in the config text. */
  range: OffsetRange;
  /** The `expires:` value in the config text. */
  expiresRange?: OffsetRange;
}

/**
 * The usable part of a config file. Keys the file does not set (or sets invalidly) are
 * undefined / empty, so `resolveOptions` falls back to settings and then to built-in defaults.
 */
export interface ResolvedConfig {
  profile?: PssLevel;
  /** Minor version (`v1.N` -> N), `Infinity` for latest. */
  pssVersion?: number | undefined;
  rules: Record<string, RuleLevel>;
  exclude: readonly string[];
  exemptions: readonly Exemption[];
  disableInlineSuppressions: boolean;
  /**
   * Compiled `customRules` (only the entries without problems). Run them with
   * `ruleSetOf(config)`, which gives one rule array per loaded config.
   */
  customRules: readonly CustomRule[];
  /** `helm.charts`: render options per chart folder, keyed by its path relative to the config's folder (normalised, no `./`). */
  helmCharts?: Readonly<Record<string, HelmChartConfig>> | undefined;
}

/** How one chart is rendered for analysis (`helm.charts.<path>` in the config file). */
export interface HelmChartConfig {
  /** Relative to the config file's folder. */
  valuesFiles?: readonly string[] | undefined;
  set?: readonly string[] | undefined;
  releaseName?: string | undefined;
  namespace?: string | undefined;
  kubeVersion?: string | undefined;
  apiVersions?: readonly string[] | undefined;
}

export const EMPTY_CONFIG: ResolvedConfig = Object.freeze({
  rules: Object.freeze({}) as Record<string, RuleLevel>,
  exclude: Object.freeze([]) as readonly string[],
  exemptions: Object.freeze([]) as readonly Exemption[],
  disableInlineSuppressions: false,
  customRules: Object.freeze([]) as readonly CustomRule[],
});

export interface ParsedConfig {
  config: ResolvedConfig;
  problems: ConfigProblem[];
}
