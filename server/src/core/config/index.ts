/**
 * The `.kube-guardrails.yaml` configuration: the same file drives the editor and
 * `kube-guardrails scan`. Data only: nothing in it is ever executed.
 *
 * API
 * - `parseConfig(text, { knownRuleIds?, today? }): { config: ResolvedConfig; problems: ConfigProblem[] }`
 *   Never throws. Each problem has an offset range into `text` (the exact key for an
 *   unknown key, the exact value for a wrong value; for a missing key, the key that holds
 *   the map, or for a list item such as an exemption, the item's first line), a severity,
 *   a stable `code` and our own message. What a problem does to the config:
 *     - YAML syntax error, a second `---` document, a root that is not a map, an alias
 *       bomb, a file over 1 MiB: the whole file is ignored -> `EMPTY_CONFIG` (defaults apply).
 *     - schema error: only the part it is in is dropped: that top-level key, that one
 *       `rules` entry, that one `exclude` pattern, or the WHOLE exemption (a typo in a
 *       selector must never widen what an exemption covers). The rest still applies.
 *     - unknown rule id (warning): kept, it simply matches nothing.
 *     - `expires` not a real date (error): that exemption is dropped.
 *     - expired exemption (warning, only when `today` is given): kept in the config but
 *       `applyExemptions` no longer applies it.
 *   Clients treat any `error` problem as "this file is invalid" (the CLI exits 2).
 * - `resolveOptions(settings, config, overrides?): AnalysisOptions`
 *   Precedence, lowest first: built-in defaults < user/workspace settings < config file <
 *   overrides (CLI flags). `profile`/`pssVersion` come from the highest layer that sets
 *   them; `rules` levels merge id by id.
 * - `applyExemptions(findings, { filePath }, config, today): { kept, exempted, expiredExemptionProblems }`
 *   `filePath` is relative to the config file's folder; `today` is `todayUtc()`.
 *   An exemption applies when all the selectors it gives match (rules, namespaces, kinds,
 *   names, files) and it has not expired (it applies through its `expires` day).
 * - `isExcluded(relPath, config)`: `exclude` globs against the path relative to the
 *   config folder and each folder above the file.
 * - `findConfigFile(startDir)`, `loadConfigFile(file)`: nearest `.kube-guardrails.yaml`
 *   (or `.yml`) upward to the filesystem root; read + parse, never throwing.
 * - `formatConfigProblem(file, text, problem)`: `file:line:col: severity: message`.
 *
 * - `customRules`: compiled by `core/custom` (`compileCustomRules`) into
 *   `config.customRules`; each problem is a `config-custom-rule` error on the exact node
 *   under `customRules` and drops that one rule. Custom ids count as known rule ids.
 *   `ruleSetOf(config)` gives `[...RULES, ...config.customRules]`, one array per loaded
 *   config: pass it to `analyzeText` and to the re-analysis of `computeFix`/`fixAll`.
 *
 * Adding a section: add it to
 * `schemas/kube-guardrails.schema.json` (the schema keeps `additionalProperties: false`),
 * a field to `ResolvedConfig`, its reading to `buildConfig` in `parse.ts` (and its drop
 * granularity to `GRANULARITY`), and pass its rule ids in `knownRuleIds` so `rules` and
 * exemptions can name them without a warning.
 */
export { parseConfig, builtInRuleIds, MAX_CONFIG_CHARS } from './parse';
export { resolveOptions } from './resolve';
export { ruleSetOf } from './ruleSet';
export { applyExemptions } from './exemptions';
export { isExcluded } from './exclude';
export { findConfigFile, loadConfigFile, type LoadedConfig } from './load';
export { formatConfigProblem } from './format';
export { todayUtc } from './dates';
export { toConfigRelative } from './globs';
export { CONFIG_FILE_NAMES, EMPTY_CONFIG, type ConfigProblem, type ResolvedConfig } from './types';
