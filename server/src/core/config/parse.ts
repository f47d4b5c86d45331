import { safeMessage } from '../display';
import { isMap, isScalar, isSeq, parseAllDocuments, type Document } from 'yaml';
import { compileCustomRules, type CustomRuleProblem } from '../custom';
import { parsePssVersion } from '../engine/options';
import { BUILT_IN_CATALOGUE } from '../rules/catalogue';
import { addDuplicateKeyErrors } from '../yaml/duplicateKeys';
import { MAX_NESTING_DEPTH, nestingLimitAt } from '../yaml/nesting';
import { PARSE_OPTIONS, yamlLineBreaks } from '../yaml/parseFile';
import type { OffsetRange, PssLevel, RuleLevel } from '../types';
import { deref, nodeRange } from '../yaml/nodes';
import { expiredExemptionProblem, isRealDate } from './dates';
import { holderRange, keyRangeIn, locate, pathLabel, schemaErrors, valueRange } from './schemaErrors';
import { closest } from './similar';
import * as posix from 'node:path/posix';
import { EMPTY_CONFIG, type ConfigProblem, type Exemption, type HelmChartConfig, type ParsedConfig, type ResolvedConfig } from './types';

/** Larger files are refused outright: a config is a few kilobytes, not a manifest bundle. */
export const MAX_CONFIG_CHARS = 1024 * 1024;
/** Alias expansions allowed when converting to data (the `yaml` package's guard against alias bombs). */
const MAX_ALIAS_COUNT = 100;
const MAX_SYNTAX_PROBLEMS = 3;

export interface ParseConfigOptions {
  /** Rule ids that exist (default: `builtInRuleIds()`); other ids get a warning. */
  knownRuleIds?: Iterable<string>;
  /** `YYYY-MM-DD` (UTC): when given, exemptions that expired before it are reported. */
  today?: string | undefined;
}

/**
 * How far an error invalidates the data: a bad level drops that one rule entry, a bad
 * exclude drops that pattern, and anything wrong inside an exemption drops the whole
 * exemption (a mistyped selector must never widen what it exempts).
 */
const GRANULARITY: Record<string, number> = { rules: 2, exclude: 2, exemptions: 2 };

function poisonKey(path: readonly string[]): string | undefined {
  if (path.length === 0) return undefined;
  const head = path[0];
  if (head === undefined) return undefined;
  const depth = GRANULARITY[head] ?? 1;
  return path.slice(0, depth).join('\u0000');
}

function lineOf(text: string, start: number): OffsetRange {
  const rest = text.slice(start, start + 200);
  const nl = rest.search(/[\r\n]/);
  return { start, end: start + (nl < 0 ? rest.length : nl) };
}

function clampRange(r: OffsetRange, length: number): OffsetRange {
  const start = Math.max(0, Math.min(r.start, length));
  return { start, end: Math.max(start, Math.min(r.end, length)) };
}

export function tooLargeProblem(range: OffsetRange): ConfigProblem {
  return {
    severity: 'error',
    code: 'config-too-large',
    message: `The configuration file is larger than ${MAX_CONFIG_CHARS / 1024} KiB; it is ignored.`,
    range,
  };
}

function failed(problem: ConfigProblem): ParsedConfig {
  return { config: EMPTY_CONFIG, problems: [problem] };
}

/**
 * Parses and validates `.kube-guardrails.yaml` text. Never throws. A YAML syntax error, a
 * root that is not a map, an alias bomb or an oversized file make the whole file unusable
 * (EMPTY_CONFIG, so defaults apply); a schema error drops only the part it is in (see
 * GRANULARITY) and keeps the rest.
 */
export function parseConfig(text: string, options: ParseConfigOptions = {}): ParsedConfig {
  if (typeof text !== 'string') text = '';
  if (text.length > MAX_CONFIG_CHARS) {
    return failed(tooLargeProblem(lineOf(text, 0)));
  }
  try {
    const parsed = parseChecked(text, options);
    // The YAML parser can place an end-of-input error one past the end: keep every range inside the text.
    // Messages quote keys and values of the file: bounded and escaped (display.ts).
    for (const p of parsed.problems) {
      p.range = clampRange(p.range, text.length);
      p.message = safeMessage(p.message);
    }
    return parsed;
  } catch (e) {
    // The yaml parser and our walk are recursive: absurd nesting can exhaust the stack.
    return failed({
      severity: 'error',
      code: 'config-syntax',
      message: `The configuration file could not be read (${e instanceof Error ? e.message : String(e)}); it is ignored.`,
      range: lineOf(text, 0),
    });
  }
}

function parseChecked(text: string, options: ParseConfigOptions): ParsedConfig {
  // The same bounds as manifests: a nesting pre-scan, and duplicate keys found linearly.
  const deepAt = nestingLimitAt(text);
  if (deepAt !== undefined) {
    const message = `The configuration file nests more than ${MAX_NESTING_DEPTH} levels deep and is not read; it is ignored.`;
    return failed({ severity: 'error', code: 'config-syntax', message, range: { start: deepAt, end: deepAt + 1 } });
  }
  const docs = parseAllDocuments(yamlLineBreaks(text), PARSE_OPTIONS);
  const list = Array.isArray(docs) ? docs : [];
  for (const d of list) addDuplicateKeyErrors(d);
  const [doc, second] = list;
  if (doc === undefined) return { config: EMPTY_CONFIG, problems: [] };
  const problems: ConfigProblem[] = [];
  for (const d of list) {
    // The first errors are the useful ones; one unclosed bracket can cascade into thousands.
    for (const err of d.errors.slice(0, MAX_SYNTAX_PROBLEMS - problems.length)) {
      problems.push({
        severity: 'error',
        code: 'config-syntax',
        message: `YAML syntax error: ${err.message.split('\n')[0]} The configuration file is ignored until this is fixed.`,
        range: { start: err.pos[0], end: Math.max(err.pos[1], err.pos[0]) },
      });
    }
  }
  if (problems.length > 0) return { config: EMPTY_CONFIG, problems };
  if (second !== undefined) {
    return failed({
      severity: 'error',
      code: 'config-syntax',
      message: 'The configuration file must hold a single YAML document (found a second one after ---); it is ignored.',
      range: lineOf(text, second.range[0]),
    });
  }
  const root = doc.contents;
  if (root === null || (isScalar(root) && root.value === null)) return { config: EMPTY_CONFIG, problems: [] };
  if (!isMap(deref(root, doc))) {
    return failed({
      severity: 'error',
      code: 'config-not-a-map',
      message:
        'The configuration must be a map of keys (profile, pssVersion, rules, exclude, exemptions, disableInlineSuppressions, customRules, helm); it is ignored.',
      range: lineOf(text, nodeRange(root)?.start ?? 0),
    });
  }
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (e) {
    return failed({
      severity: 'error',
      code: 'config-syntax',
      message: `The configuration expands too many aliases (${e instanceof Error ? e.message : String(e)}); it is ignored.`,
      range: lineOf(text, nodeRange(root)?.start ?? 0),
    });
  }

  const poisoned = new Set<string>();
  for (const err of schemaErrors(data, doc, text)) {
    // `customRules` is checked by its compiler, with messages that name each rule's field.
    if (err.path[0] === 'customRules') continue;
    problems.push({ severity: 'error', code: 'config-schema', message: err.message, range: err.range });
    const key = poisonKey(err.path);
    if (key !== undefined) poisoned.add(key);
  }
  const ok = (...path: string[]): boolean => {
    const key = poisonKey(path);
    return key === undefined || !poisoned.has(key);
  };
  const config = buildConfig(data as Record<string, unknown>, doc, text, ok, problems);
  // Custom ids join the known ids, so `rules` levels and exemptions can name them (an
  // entry dropped for a problem too: its own error says why, a second warning would not).
  const known = new Set(options.knownRuleIds ?? builtInRuleIds());
  for (const id of customRuleIds(own(data, 'customRules'))) known.add(id);
  checkRuleIds(config, doc, known, problems);
  if (options.today) {
    for (const ex of config.exemptions) {
      const p = expiredExemptionProblem(ex, options.today);
      if (p) problems.push(p);
    }
  }
  problems.sort((a, b) => a.range.start - b.range.start || a.range.end - b.range.end);
  return { config, problems };
}

/** Every id a config may name: the rule catalogue's (per-object, cross-object and pseudo-rules). */
export function builtInRuleIds(): string[] {
  return BUILT_IN_CATALOGUE.map((e) => e.id);
}

function own(obj: unknown, key: string): unknown {
  return obj !== null && typeof obj === 'object' && Object.prototype.hasOwnProperty.call(obj, key)
    ? (obj as Record<string, unknown>)[key]
    : undefined;
}

function stringList(v: unknown): string[] | undefined {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : undefined;
}

function buildConfig(
  data: Record<string, unknown>,
  doc: Document,
  text: string,
  ok: (...path: string[]) => boolean,
  problems: ConfigProblem[],
): ResolvedConfig {
  const config: ResolvedConfig = { rules: {}, exclude: [], exemptions: [], disableInlineSuppressions: false, customRules: [] };
  const profile = own(data, 'profile');
  if (ok('profile') && (profile === 'baseline' || profile === 'restricted')) config.profile = profile as PssLevel;
  const pssVersion = own(data, 'pssVersion');
  if (ok('pssVersion') && typeof pssVersion === 'string') config.pssVersion = parsePssVersion(pssVersion);
  if (ok('disableInlineSuppressions') && own(data, 'disableInlineSuppressions') === true) config.disableInlineSuppressions = true;

  const rules = own(data, 'rules');
  if (ok('rules') && rules && typeof rules === 'object' && !Array.isArray(rules)) {
    for (const [id, level] of Object.entries(rules)) {
      if (ok('rules', id) && typeof level === 'string') config.rules[id] = level as RuleLevel;
    }
  }
  const exclude = own(data, 'exclude');
  if (ok('exclude') && Array.isArray(exclude)) {
    config.exclude = exclude.filter((p, i): p is string => ok('exclude', String(i)) && typeof p === 'string' && p.length > 0);
  }
  const exemptions = own(data, 'exemptions');
  if (ok('exemptions') && Array.isArray(exemptions)) {
    const out: Exemption[] = [];
    exemptions.forEach((raw, index) => {
      if (!ok('exemptions', String(index))) return;
      const ex = buildExemption(raw, index, doc, text, problems);
      if (ex) out.push(ex);
    });
    config.exemptions = out;
  }
  const charts = own(own(data, 'helm'), 'charts');
  if (ok('helm') && ok('helm', 'charts') && charts && typeof charts === 'object' && !Array.isArray(charts)) {
    const out: Record<string, HelmChartConfig> = {};
    for (const [dir, raw] of Object.entries(charts)) {
      if (!ok('helm', 'charts', dir) || !raw || typeof raw !== 'object') continue;
      const str = (k: string) => (typeof own(raw, k) === 'string' ? (own(raw, k) as string) : undefined);
      out[posix.normalize(dir).replace(/\/+$/, '')] = {
        valuesFiles: stringList(own(raw, 'valuesFiles')),
        set: stringList(own(raw, 'set')),
        releaseName: str('releaseName'),
        namespace: str('namespace'),
        kubeVersion: str('kubeVersion'),
        apiVersions: stringList(own(raw, 'apiVersions')),
      };
    }
    config.helmCharts = out;
  }
  const custom = own(data, 'customRules');
  if (custom !== undefined) {
    // Every other id a config can name is reserved too (workspace rules, unused-suppression).
    const compiled = compileCustomRules(custom, { reservedIds: builtInRuleIds() });
    config.customRules = compiled.rules;
    for (const p of compiled.problems) problems.push(customRuleProblem(p, doc, text));
  }
  return config;
}

function customRuleIds(raw: unknown): string[] {
  return Array.isArray(raw) ? raw.map((e) => own(e, 'id')).filter((id): id is string => typeof id === 'string') : [];
}

/**
 * A custom-rule problem on the exact node of its path under `customRules`: an unknown key,
 * a refused schema keyword or a bad `patternProperties` pattern on the key, a wrong value on the value; a missing one on the nearest node that exists
 * (the key holding the map, or a list item's first line). The rule it is in is not used
 * (the compiler leaves it out); other rules still are.
 */
function customRuleProblem(p: CustomRuleProblem, doc: Document, text: string): ConfigProblem {
  const path = ['customRules', ...p.path.map(String)];
  let range: OffsetRange | undefined;
  const last = p.path[p.path.length - 1];
  // Problems with a key itself (a misspelt field, a bad `patternProperties` pattern) go on the key.
  const aboutKey = p.onKey === true || p.message.startsWith('unknown key') || p.path[p.path.length - 2] === 'patternProperties';
  if (typeof last === 'string' && aboutKey) range = keyRangeIn(doc, path.slice(0, -1), last);
  for (let n = path.length; !range && n > 0; n--) {
    const loc = locate(doc, path.slice(0, n));
    if (loc) range = n === path.length ? valueRange(loc, text) : holderRange(loc, text);
  }
  const inRule = p.path.length > 0;
  const message = inRule
    ? `${pathLabel(path)}: ${p.message.replace(/\.$/, '')}; this custom rule is not used until it is fixed.`
    : p.message;
  return { severity: 'error', code: 'config-custom-rule', message, range: range ?? lineOf(text, 0) };
}

function buildExemption(raw: unknown, index: number, doc: Document, text: string, problems: ConfigProblem[]): Exemption | undefined {
  const rules = own(raw, 'rules');
  const reason = own(raw, 'reason');
  if (typeof reason !== 'string' || (rules !== '*' && !Array.isArray(rules))) return undefined;
  const item = locate(doc, ['exemptions', String(index)]);
  const itemRange = nodeRange(item?.node) ?? { start: 0, end: 0 };
  const ex: Exemption = {
    rules: rules === '*' ? '*' : stringList(rules)!,
    reason,
    index,
    range: lineOf(text, itemRange.start),
  };
  for (const key of ['namespaces', 'kinds', 'names', 'files'] as const) {
    const list = stringList(own(raw, key));
    if (list) ex[key] = list;
  }
  const expires = own(raw, 'expires');
  if (typeof expires === 'string') {
    const loc = locate(doc, ['exemptions', String(index), 'expires']);
    const r = nodeRange(loc?.node);
    if (!isRealDate(expires)) {
      // Dropping the exemption is the safe side: its findings show until the date is fixed.
      problems.push({
        severity: 'error',
        code: 'config-invalid-date',
        message: `${pathLabel(['exemptions', String(index), 'expires'])} "${expires}" is not a real date; the exemption is ignored.`,
        range: r ?? ex.range,
      });
      return undefined;
    }
    ex.expires = expires;
    if (r) ex.expiresRange = r;
  }
  return ex;
}

/** Unknown rule ids are warnings (a typo, or a rule from a newer version): they match nothing. */
function checkRuleIds(config: ResolvedConfig, doc: Document, known: Set<string>, problems: ConfigProblem[]): void {
  const warn = (id: string, range: OffsetRange | undefined, where: string): void => {
    if (known.has(id) || !range) return;
    const guess = closest(id, known);
    problems.push({
      severity: 'warning',
      code: 'config-unknown-rule',
      message: `Unknown rule id "${id}" in ${where}${guess ? ` (did you mean "${guess}"?)` : ''}; it matches no rule.`,
      range,
    });
  };
  const rulesMap = locate(doc, ['rules']);
  const rulesNode = deref(rulesMap?.node, doc);
  if (isMap(rulesNode)) {
    for (const item of rulesNode.items) {
      const k = isScalar(item.key) ? item.key.value : undefined;
      if (typeof k === 'string' && Object.prototype.hasOwnProperty.call(config.rules, k)) warn(k, nodeRange(item.key), 'rules');
    }
  }
  for (const ex of config.exemptions) {
    if (ex.rules === '*') continue;
    const seq = deref(locate(doc, ['exemptions', String(ex.index), 'rules'])?.node, doc);
    if (!isSeq(seq)) continue;
    seq.items.forEach((n, i) => {
      const s = deref(n, doc);
      if (isScalar(s) && typeof s.value === 'string')
        warn(s.value, nodeRange(n), pathLabel(['exemptions', String(ex.index), 'rules', String(i)]));
    });
  }
}
