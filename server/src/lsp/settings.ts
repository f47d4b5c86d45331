import { DEFAULT_MAX_FILE_SIZE } from '../core/engine/inputGuard';
import type { PssLevel, RuleLevel } from '../core/types';

/** How often a document is analysed: on every change (debounced), or only on open and save. */
export type RunMode = 'onType' | 'onSave';

/** The `kubeGuardrails.*` settings, after validation. */
export interface ServerSettings {
  enable: boolean;
  run: RunMode;
  profile: PssLevel;
  /** `latest` or `v1.N`, resolved with the core's `parsePssVersion`. */
  pssVersion: string;
  /** Per-rule level overrides: `off` or a severity. */
  rules: Record<string, RuleLevel>;
  /** Globs (workspace-relative or absolute) of files never analysed. */
  exclude: string[];
  /** Strict mode: inline comment and annotation suppressions are ignored. */
  disableInlineSuppressions: boolean;
  /** Documents longer than this many characters (UTF-16 code units) are not analysed. */
  maxFileSize: number;
  /**
   * `helm.valuesFiles`: chart folder (relative to the workspace folder, `.` for the folder
   * itself) -> values files (relative to the workspace folder), applied after the config
   * file's `valuesFiles` for that chart (lsp/workspace/chartValuesSetting.ts).
   */
  helmValuesFiles: Readonly<Record<string, readonly string[]>>;
}

export const DEFAULT_SETTINGS: ServerSettings = {
  enable: true,
  run: 'onType',
  profile: 'restricted',
  pssVersion: 'latest',
  rules: {},
  exclude: [],
  disableInlineSuppressions: false,
  maxFileSize: DEFAULT_MAX_FILE_SIZE,
  helmValuesFiles: {},
};

const LEVELS = new Set<string>(['off', 'error', 'warning', 'info']);

/**
 * Turns whatever the client sent for the `kubeGuardrails` section into valid settings.
 * Each malformed value falls back to its default on its own, so one typo in settings.json
 * does not switch off everything else; a level name `information` is accepted as `info`.
 */
export function normalizeSettings(raw: unknown): ServerSettings {
  const r = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
  const d = DEFAULT_SETTINGS;
  return {
    enable: typeof r.enable === 'boolean' ? r.enable : d.enable,
    run: r.run === 'onSave' || r.run === 'onType' ? r.run : d.run,
    profile: r.profile === 'baseline' || r.profile === 'restricted' ? r.profile : d.profile,
    pssVersion: typeof r.pssVersion === 'string' && /^(latest|v1\.\d{1,3})$/.test(r.pssVersion) ? r.pssVersion : d.pssVersion,
    rules: normalizeRules(r.rules),
    exclude: Array.isArray(r.exclude) ? r.exclude.filter((g): g is string => typeof g === 'string' && g.length > 0) : d.exclude,
    disableInlineSuppressions: typeof r.disableInlineSuppressions === 'boolean' ? r.disableInlineSuppressions : d.disableInlineSuppressions,
    maxFileSize: typeof r.maxFileSize === 'number' && Number.isFinite(r.maxFileSize) && r.maxFileSize > 0 ? r.maxFileSize : d.maxFileSize,
    helmValuesFiles: normalizeHelmValuesFiles((r.helm as Record<string, unknown> | undefined)?.valuesFiles),
  };
}

/**
 * Chart folder -> values files, both as `/`-separated relative paths without `./` or a
 * trailing `/` (so `./charts/web/` and `charts/web` name one chart). A key or a file that is
 * not a string is dropped alone; a key whose value is not a list is dropped.
 */
function normalizeHelmValuesFiles(raw: unknown): Record<string, string[]> {
  const out: Array<[string, string[]]> = [];
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return {};
  for (const [chart, files] of Object.entries(raw as Record<string, unknown>)) {
    if (!Array.isArray(files)) continue;
    const list = files.filter((f): f is string => typeof f === 'string' && f.trim().length > 0).map(normalizeRelPath);
    if (list.length) out.push([normalizeRelPath(chart), list]);
  }
  // fromEntries defines own properties: a key `__proto__` stays a key, never a prototype.
  return Object.fromEntries(out);
}

function normalizeRelPath(p: string): string {
  const slashed = p.trim().replace(/\\/g, '/').replace(/\/+/g, '/');
  return slashed.replace(/^(\.\/)+/, '').replace(/(.)\/$/, '$1') || '.';
}

function normalizeRules(raw: unknown): Record<string, RuleLevel> {
  const out: Record<string, RuleLevel> = {};
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return out;
  for (const [id, value] of Object.entries(raw as Record<string, unknown>)) {
    const level = value === 'information' ? 'info' : value;
    if (typeof level === 'string' && LEVELS.has(level)) out[id] = level as RuleLevel;
  }
  return out;
}
