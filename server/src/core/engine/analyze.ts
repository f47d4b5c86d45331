import { safeMessage } from '../display';
import { objectRef, recogniseObject, type K8sObject } from '../model/objects';
import { isOwnKind } from '../model/apiGroups';
import { controlPlaneComponent } from '../model/controlPlane';
import { findPodSpec, isWorkloadKind } from '../model/workloads';
import { RULES } from '../rules/registry';
import type { Rule, RuleContext } from '../rules/types';
import type { Severity } from '../types';
import { sniffKind } from '../yaml/chunks';
import { LineIndex } from '../yaml/lineIndex';
import { parseChunk } from '../yaml/parseChunk';
import { parseFile, type ParsedDocument, type ParsedFile } from '../yaml/parseFile';
import { planChunks } from './chunkPlan';
import type { CachedChunk, ChunkResult, DocumentCache, UnparsedDocument } from './documentCache';
import { compareFindings, type Finding } from './finding';
import { screenBinary, screenSize, type SkipReason } from './inputGuard';
import type { AnalysisOptions } from './options';
import { relocate } from './relocate';
import { syntaxFinding } from './syntaxRule';
import { pushAll } from '../arrays';

export interface ActiveRule {
  rule: Rule;
  severity: Severity;
}

/** Per-document time budget: past it, the remaining rules are not run and a failure is recorded. */
const DEFAULT_DOCUMENT_BUDGET_MS = 2000;
/** The `ruleId` of the failure recorded when a document's analysis runs out of time. */
export const ANALYSIS_ABANDONED = 'analysis-abandoned';
/**
 * The `ruleId` of the failure recorded when a document hit a limit: it nests deeper than
 * MAX_NESTING_DEPTH (not analysed at all), one rule reported more than
 * MAX_FINDINGS_PER_RULE problems in it (the rest are not listed), its pod has more than
 * MAX_CONTAINERS_PER_POD containers (the rest are not analysed), or it comes after the file's first
 * MAX_DOCUMENTS_PER_FILE documents (not analysed).
 */
export const ANALYSIS_LIMIT = 'analysis-limit';
/**
 * More findings of one rule in one document than any real manifest produces (a Pod with a
 * thousand containers); past it a hostile file would cost seconds and megabytes per rule.
 */
export const MAX_FINDINGS_PER_RULE = 1000;
/**
 * Documents analysed per file. The largest real bundles we know have about 125 (a rendered
 * kube-prometheus-stack); 30,000 pods in one file took minutes and gigabytes. Past the limit
 * the rest of the file is reported as not analysed, so the work per file stays bounded.
 */
export const MAX_DOCUMENTS_PER_FILE = 2000;
/**
 * Containers (all kinds together) analysed in one pod spec. Real pods have a handful;
 * 150,000 `- {}` entries made every container rule walk them all.
 */
export const MAX_CONTAINERS_PER_POD = 1000;

/**
 * A document not (fully) analysed: a rule that threw (its findings for that object are
 * dropped, the rest still reported; `ruleId` is the rule's), or ANALYSIS_ABANDONED /
 * ANALYSIS_LIMIT. Reporting must not present such a document as clean.
 */
export interface RuleFailure {
  ruleId: string;
  documentIndex: number;
  message: string;
}

export interface FileAnalysis {
  parsed: ParsedFile;
  objects: K8sObject[];
  findings: Finding[];
  ruleFailures: RuleFailure[];
  /** Documents recognised by kind and not parsed: no active rule inspects them. */
  unparsed: UnparsedDocument[];
  /** Set when the whole file was skipped (binary or over the size limit). */
  skipped?: SkipReason;
}

/**
 * Which rules run, at which severity. A PSS rule runs when the profile includes its level
 * (restricted includes baseline); any rule can be switched off or re-levelled by id, and
 * naming an opt-in rule with a severity turns it on.
 */
export function activeRules(options: AnalysisOptions, rules: readonly Rule[] = RULES): ActiveRule[] {
  const out: ActiveRule[] = [];
  for (const rule of rules) {
    const level = options.rules[rule.id];
    if (level === 'off') continue;
    if (level) {
      out.push({ rule, severity: level });
      continue;
    }
    if (rule.defaultEnabled === false) continue;
    if (rule.pss?.level === 'restricted' && options.profile === 'baseline') continue;
    out.push({ rule, severity: rule.severity });
  }
  return out;
}

/**
 * Whether `rule` runs on `object`, a Kubernetes kind in its own API group (`analyzeDocument`
 * asks `isOwnKind` first: a Calico NetworkPolicy is not a Kubernetes one, see
 * model/apiGroups.ts). On a control-plane static
 * pod (`model/controlPlane.ts`) the built-in workload rules run only when they declare
 * `onControlPlanePods`: host network, host paths and root are that pod's design, and the
 * cluster rules read its flags instead.
 */
function ruleInspects(rule: Rule, object: K8sObject, controlPlanePod: boolean): boolean {
  if (rule.appliesTo !== 'workloads') return rule.appliesTo.includes(object.kind);
  if (controlPlanePod && rule.category !== 'custom' && !rule.onControlPlanePods) return false;
  return isWorkloadKind(object.kind);
}

/**
 * Runs the active rules over one parsed document. A document with YAML errors yields only
 * its `yaml-syntax` finding (when it looks like a manifest); one too deep to parse yields an
 * ANALYSIS_LIMIT failure.
 */
export function analyzeDocument(
  source: ParsedDocument,
  text: string,
  active: readonly ActiveRule[],
  options: AnalysisOptions,
  failures: RuleFailure[] = [],
): { object?: K8sObject; findings: Finding[] } {
  if (source.refused) {
    failures.push({
      ruleId: ANALYSIS_LIMIT,
      documentIndex: source.index,
      message: `document ${source.index + 1} was not analysed: ${source.error?.message}`,
    });
    return { findings: [] };
  }
  const syntax = source.error ? syntaxFinding(source, text, options, inspectedKinds(active)) : undefined;
  if (syntax) return { findings: [syntax] };
  const object = recogniseObject(source);
  if (!object) return { findings: [] };
  const findings: Finding[] = [];
  const ref = objectRef(object);
  const found = isWorkloadKind(object.kind) ? findPodSpec(object) : undefined;
  // Every container rule walks the containers: past the limit only the first ones are
  // analysed, and the cut is recorded (the document is then not fully analysed).
  const pod =
    found && found.containers.length > MAX_CONTAINERS_PER_POD
      ? { ...found, containers: found.containers.slice(0, MAX_CONTAINERS_PER_POD) }
      : found;
  if (found && pod && found.containers.length > pod.containers.length) {
    failures.push({
      ruleId: ANALYSIS_LIMIT,
      documentIndex: source.index,
      message: `document ${source.index + 1}: only the first ${MAX_CONTAINERS_PER_POD} of its ${found.containers.length} containers are analysed`,
    });
  }
  // A Kubernetes kind name in a foreign API group (a Calico NetworkPolicy) is no rule's: asked once
  // per object, not once per rule.
  if (!isOwnKind(object)) return { object, findings };
  const controlPlanePod = controlPlaneComponent(object) !== undefined;
  const started = performance.now();
  const budget = options.documentBudgetMs ?? DEFAULT_DOCUMENT_BUDGET_MS;
  // One context per document, not per rule (allocation is most of a scan's cost): `report`
  // files into the running rule's `produced`, which joins `findings` only if the rule returns.
  let rule: Rule | undefined;
  let severity: Severity = 'info';
  let produced: Finding[] = [];
  let dropped = 0;
  const ctx: RuleContext = {
    object,
    pod,
    text,
    pssVersion: options.pssVersion,
    report: (input) => {
      if (!rule) return;
      if (produced.length >= MAX_FINDINGS_PER_RULE) {
        dropped++;
        return;
      }
      const f: Finding = {
        ruleId: rule.id,
        severity,
        // Values in messages come from the manifest: redacted, bounded, escaped (display.ts).
        message: safeMessage(input.message),
        range: input.range,
        object: ref,
        documentIndex: source.index,
      };
      if (rule.pss) {
        f.pssCheck = rule.pss.check;
        f.pssLevel = rule.pss.level;
      }
      if (input.fix) f.fix = input.fix;
      produced.push(f);
    },
  };
  for (let i = 0; i < active.length; i++) {
    const running = active[i]!;
    if (!ruleInspects(running.rule, object, controlPlanePod)) continue;
    const elapsed = performance.now() - started;
    if (elapsed > budget) {
      // JavaScript cannot interrupt a running rule, so the budget is checked between
      // rules: a pathological document costs at most one rule's run past the budget.
      const skipped = active
        .slice(i)
        .filter((a) => ruleInspects(a.rule, object, controlPlanePod))
        .map((a) => a.rule.id);
      failures.push({
        ruleId: ANALYSIS_ABANDONED,
        documentIndex: source.index,
        message: `analysis of document ${source.index + 1} abandoned after ${Math.round(elapsed)} ms; rules not run: ${skipped.join(', ')}`,
      });
      break;
    }
    rule = running.rule;
    severity = running.severity;
    if (produced.length > 0) produced = [];
    dropped = 0;
    try {
      running.rule.check(ctx);
      pushAll(findings, produced);
      if (dropped > 0) {
        failures.push({
          ruleId: ANALYSIS_LIMIT,
          documentIndex: source.index,
          message: `document ${source.index + 1}: ${running.rule.id} found ${MAX_FINDINGS_PER_RULE + dropped} problems; only the first ${MAX_FINDINGS_PER_RULE} are reported`,
        });
      }
    } catch (e) {
      // A thrown message can quote the manifest: bounded and escaped like a finding's.
      failures.push({
        ruleId: running.rule.id,
        documentIndex: source.index,
        message: safeMessage(e instanceof Error ? e.message : String(e)),
      });
    }
  }
  return { object, findings };
}

/**
 * Parses and analyses a whole file, one `---` section at a time: sections whose kind (read
 * cheaply from their top-level lines) no active rule inspects are not parsed at all, and
 * with a `cache` only the sections that changed since the previous call are re-analysed.
 * The result is identical to parsing everything (tests compare both on the corpus).
 */
export function analyzeText(text: string, options: AnalysisOptions, rules: readonly Rule[] = RULES, cache?: DocumentCache): FileAnalysis {
  const tooLarge = screenSize(text, options.maxFileSize);
  if (tooLarge) return skippedAnalysis(tooLarge);
  const { active, inspected } = ruleSelection(options, rules);
  const { previous, span } = cache?.begin(optionsKey(options, rules), text) ?? {};
  const planned = planChunks(text, previous, span);
  const results: ChunkResult[] = [];
  let cut: RuleFailure | undefined;
  // A file over the document limit is analysed up to it, uncached (such files are not edited
  // keystroke by keystroke), and the rest is reported as not analysed.
  const chunks = planned && planned.length > MAX_DOCUMENTS_PER_FILE ? planned.slice(0, MAX_DOCUMENTS_PER_FILE) : planned;
  const overLimit = planned !== undefined && chunks !== undefined && planned.length > chunks.length;
  if (overLimit) for (const c of chunks) delete c.reuse;
  if (!chunks) {
    const binary = screenBinary(text);
    if (binary) return skippedAnalysis(binary);
    const documents = parseFile(text, options.builtOutput).documents;
    if (documents.length > MAX_DOCUMENTS_PER_FILE) cut = documentsCut(MAX_DOCUMENTS_PER_FILE, documents.length - MAX_DOCUMENTS_PER_FILE);
    results.push(analyzeChunkDocuments(documents.slice(0, MAX_DOCUMENTS_PER_FILE), [], text, active, options, 0, 0));
    cache?.end(text, undefined);
  } else {
    const cached: CachedChunk[] = [];
    let index = 0;
    for (const { start, end, reuse, unseen } of chunks) {
      let result: ChunkResult;
      if (reuse) {
        result = relocate(reuse.result, start - reuse.result.start, index - reuse.result.firstIndex);
        result.start = start;
        result.firstIndex = index;
      } else {
        // Text seen before was screened then; only new text can be binary.
        const binary = screenBinary(text, unseen?.start ?? start, unseen?.end ?? end);
        if (binary) return skippedAnalysis(binary);
        const sniffed = sniffKind(text.slice(start, end));
        result =
          sniffed && !inspected(sniffed.kind)
            ? analyzeChunkDocuments([], [{ index, start, end, ...sniffed }], text, active, options, start, index)
            : analyzeChunkDocuments(parseChunk(text, start, end, index, options.builtOutput), [], text, active, options, start, index);
      }
      cached.push({ start, end, result });
      results.push(result);
      index += result.documentCount;
    }
    if (overLimit) cut = documentsCut(index, planned.length - chunks.length);
    cache?.end(text, overLimit ? undefined : cached);
  }
  const out: FileAnalysis = {
    parsed: { text, lines: new LineIndex(text), documents: [] },
    objects: [],
    findings: [],
    ruleFailures: [],
    unparsed: [],
  };
  for (const r of results) {
    pushAll(out.parsed.documents, r.documents);
    pushAll(out.objects, r.objects);
    pushAll(out.findings, r.findings);
    pushAll(out.ruleFailures, r.failures);
    pushAll(out.unparsed, r.unparsed);
  }
  if (cut) out.ruleFailures.push(cut);
  out.findings.sort(compareFindings);
  return out;
}

/** The failure recorded for the documents past MAX_DOCUMENTS_PER_FILE, from `first` on. */
function documentsCut(first: number, notAnalysed: number): RuleFailure {
  return {
    ruleId: ANALYSIS_LIMIT,
    documentIndex: first,
    message: `documents ${first + 1} and after (${notAnalysed} more) not analysed: a file is analysed up to ${MAX_DOCUMENTS_PER_FILE} documents; split it into smaller files`,
  };
}

/** The analysis of a file skipped whole (binary, too large, undecodable): nothing found, the reason set. */
export function skippedAnalysis(skipped: SkipReason): FileAnalysis {
  return { parsed: parseFile(''), objects: [], findings: [], ruleFailures: [], unparsed: [], skipped };
}

function analyzeChunkDocuments(
  documents: ParsedDocument[],
  unparsed: UnparsedDocument[],
  text: string,
  active: readonly ActiveRule[],
  options: AnalysisOptions,
  start: number,
  firstIndex: number,
): ChunkResult {
  const result: ChunkResult = {
    documents,
    unparsed,
    objects: [],
    findings: [],
    failures: [],
    documentCount: documents.length + unparsed.length,
    start,
    firstIndex,
  };
  for (const source of documents) {
    const r = analyzeDocument(source, text, active, options, result.failures);
    if (r.object) result.objects.push(r.object);
    pushAll(result.findings, r.findings);
  }
  return result;
}

interface RuleSelection {
  active: ActiveRule[];
  inspected: (kind: string) => boolean;
}

/** Selections by rule set, then by profile and rule levels; a handful per session. */
const selections = new WeakMap<readonly Rule[], Map<string, RuleSelection>>();
const MAX_SELECTIONS_PER_RULE_SET = 32;

/**
 * The active rules and the kinds they inspect, computed once per rule set and options rather
 * than once per file (a 10,000-file scan asked 10,000 times). Keyed by the values `activeRules`
 * reads, never by the options object, which a caller may reuse with other values.
 */
function ruleSelection(options: AnalysisOptions, rules: readonly Rule[]): RuleSelection {
  let byOptions = selections.get(rules);
  if (!byOptions) selections.set(rules, (byOptions = new Map()));
  const key = JSON.stringify([options.profile, options.rules]);
  let selection = byOptions.get(key);
  if (!selection) {
    if (byOptions.size >= MAX_SELECTIONS_PER_RULE_SET) byOptions.clear();
    const active = activeRules(options, rules);
    selection = { active, inspected: inspectedKinds(active) };
    byOptions.set(key, selection);
  }
  return selection;
}

/** Which kinds the active rules look at; everything else need not be parsed. */
function inspectedKinds(active: readonly ActiveRule[]): (kind: string) => boolean {
  const kinds = new Set<string>();
  let workloads = false;
  for (const { rule } of active) {
    if (rule.appliesTo === 'workloads') workloads = true;
    else for (const k of rule.appliesTo) kinds.add(k);
  }
  return (kind) => kinds.has(kind) || (workloads && isWorkloadKind(kind));
}

const ruleSetIds = new WeakMap<readonly Rule[], number>();
let nextRuleSetId = 1;

/** Identifies the options and rule set a cached result was computed with. */
function optionsKey(options: AnalysisOptions, rules: readonly Rule[]): string {
  let id = ruleSetIds.get(rules);
  if (id === undefined) ruleSetIds.set(rules, (id = nextRuleSetId++));
  return JSON.stringify([id, options.profile, String(options.pssVersion), options.rules]);
}
