import type { YAMLMap, YAMLSeq } from 'yaml';
import type { K8sObject } from '../model/objects';
import type { PodSpecRef } from '../model/workloads';
import type { OffsetRange, PssLevel, Severity } from '../types';

export type RuleCategory =
  'pod-security' | 'workload' | 'host' | 'service-account' | 'secrets' | 'exposure' | 'rbac' | 'network' | 'tls' | 'cluster' | 'custom';

/** The peer tools whose ids we map to (see the rule catalog). */
export type PeerTool = 'kube-linter' | 'polaris' | 'kubesec' | 'trivy' | 'checkov' | 'kubescape';

/**
 * A declarative edit, relative to nodes of the parsed document. The fix renderer turns
 * ops into minimal text edits in the file's own style (see core/fix); rules never build
 * text themselves.
 */
export type FixOp =
  /** Make `path` exist under `map` (creating maps as needed) and set its last key to `value`. */
  | { op: 'set'; map: YAMLMap; path: readonly string[]; value: unknown }
  /** Remove the pair `key` from `map`. */
  | { op: 'remove'; map: YAMLMap; key: string }
  /** Remove item `index` of `seq`. */
  | { op: 'removeItem'; seq: YAMLSeq; index: number }
  /** Make a sequence exist at `path` under `map` and append `values` not already in it. */
  | { op: 'append'; map: YAMLMap; path: readonly string[]; values: readonly unknown[] };

export interface FixProposal {
  /** Imperative title shown in the quick-fix menu, e.g. `Set privileged: false`. */
  title: string;
  ops: FixOp[];
}

export interface RuleMeta {
  /** Stable kebab-case id: what users type into suppressions and config. */
  id: string;
  title: string;
  /** Default severity (baseline PSS violations are errors, restricted-only warnings). */
  severity: Severity;
  category: RuleCategory;
  /** Why it matters, in one or two sentences (hover and docs). */
  description: string;
  /** What to do, as one sentence ending with a period. */
  remediation: string;
  /** False for opinionated rules users opt into. Default true. */
  defaultEnabled?: boolean;
  /** The Pod Security Admission check this rule implements, as Kubernetes spells its id. */
  pss?: { check: string; level: PssLevel };
  /** Equivalent rule ids in peer tools, for hover and docs. */
  equivalents?: Partial<Record<PeerTool, readonly string[]>>;
  /**
   * Which objects the rule inspects: `workloads` (kinds with a pod spec) or a list of
   * kinds. The engine skips everything else, and documents no enabled rule inspects need
   * not be fully analysed.
   */
  appliesTo: 'workloads' | readonly string[];
  /**
   * A `workloads` rule that also runs on control-plane static pods (kube-apiserver, etcd,
   * ...; `model/controlPlane.ts`). The others skip them: host network, host paths and root
   * are those pods' design, and the `cluster` rules read their flags instead.
   */
  onControlPlanePods?: boolean;
}

export interface ReportInput {
  range: OffsetRange;
  message: string;
  fix?: FixProposal;
}

export interface RuleContext {
  object: K8sObject;
  /** The pod spec, for workload objects. */
  pod?: PodSpecRef | undefined;
  text: string;
  /** Pod Security policy minor version in force (`Infinity` for latest). */
  pssVersion: number;
  report(input: ReportInput): void;
}

export interface Rule extends RuleMeta {
  check(ctx: RuleContext): void;
}

export function defineRule(rule: Rule): Rule {
  return rule;
}
