import type { ObjectRef, OffsetRange, PssLevel, Position, Range, Severity } from '../types';
import type { RuleMeta } from '../rules/types';
import type { LabelSelector } from './selectors';

/**
 * A place in a workspace file: offsets (for the CLI and code that has the text) and the
 * 0-based line/character range (for the editor and for files whose text is no longer kept).
 */
export interface Loc {
  file: string;
  start: number;
  end: number;
  range: Range;
}

/** A small, AST-free record of one Kubernetes object of the workspace. */
/**
 * A document the index could not take in: extracting its facts threw, or it nests too deep
 * to parse. The cross-object rules do not see its objects, so the reporting side must not
 * present the workspace as fully checked (WorkspaceIndex.failures).
 */
export interface IndexFailure {
  file: string;
  documentIndex: number;
  message: string;
}

export interface IndexedObject {
  /** `<file>#<documentIndex>`: unique while the file is indexed. */
  key: string;
  file: string;
  documentIndex: number;
  apiVersion: string;
  kind: string;
  name?: string;
  /** `metadata.namespace` as written (see `namespaceOf` for the effective one). */
  namespace?: string;
  labels: ReadonlyMap<string, string>;
  annotations: ReadonlyMap<string, string>;
  /** `name: x` under metadata, else `kind: X`: where object-level findings go. */
  anchor: Loc;
  workload?: WorkloadFacts;
  service?: ServiceFacts;
  networkPolicy?: NetworkPolicyFacts;
  /** Calico, Cilium and admin network policies (see podPolicies/). */
  podPolicy?: import('./podPolicies/facts').PodPolicyFacts;
  role?: RoleFacts;
  binding?: BindingFacts;
  ingress?: IngressFacts;
  podSecurity?: NamespacePodSecurity | undefined;
  /** ServiceAccount `automountServiceAccountToken`, when written. */
  automountToken?: boolean;
  /** cert-manager `Certificate.spec.secretName`. */
  certificateSecretName?: string;
  /** An Istio (`security.istio.io`) PeerAuthentication's reach and mTLS mode. */
  peerAuthentication?: PeerAuthenticationFacts;
  /** Suppressing annotations (ours and peers') on the object or its pod template. */
  suppressAnnotations?: IndexedAnnotation[];
  /** `# kube-guardrails-disable-next-line` comments inside the object's document. */
  directives?: IndexedDirective[];
}

/** A suppressing annotation as read (peer keys are mapped to rule ids when applied). */
export interface IndexedAnnotation {
  kind: 'annotation' | 'kube-linter' | 'polaris';
  key: string;
  reason?: string;
  loc: Loc;
  on: 'object' | 'pod-template';
}

export interface IndexedDirective {
  /** 0-based line of the comment; it applies to line + 1. */
  line: number;
  loc: Loc;
  ids: Array<{ id: string; loc: Loc }>;
  reason?: string;
}

export interface ContainerPortFact {
  name?: string;
  containerPort: number;
  protocol: string;
  /** `hostPort`: the port is opened on the node's address (outside the cluster network). */
  hostPort?: number;
}

export interface WorkloadFacts {
  podLabels: ReadonlyMap<string, string>;
  /** Labels the workload's controller adds to its pods (see controllerLabels.ts). */
  generatedLabels: import('./controllerLabels').GeneratedLabels;
  serviceAccountName?: string;
  /** The `serviceAccountName:` pair, when written. */
  serviceAccountLoc?: Loc;
  ports: ContainerPortFact[];
  /** `hostNetwork: true`: NetworkPolicies do not apply to such pods. */
  hostNetwork?: boolean;
  /** Pod `automountServiceAccountToken`, when written (it overrides the ServiceAccount's). */
  automountToken?: boolean;
  /** Pod-template labels and annotations that keep a mesh's proxy out of the pods. */
  meshOptOuts?: MeshOptOutFact[];
  /**
   * The YAML document's own text and where it starts in the file, so Pod Security rules
   * can be re-run at a namespace's level and version without keeping the file's AST.
   */
  docText: string;
  docStart: number;
  docStartPos: Position;
}

/** A pod-template label or annotation that opts the pods out of a service mesh's proxy injection. */
export interface MeshOptOutFact {
  mesh: 'istio' | 'linkerd';
  /** As written, for messages: `sidecar.istio.io/inject: "false"`. */
  setting: string;
  loc: Loc;
}

export interface PeerAuthenticationFacts {
  /** No workload selector: the policy sets the mode of the whole namespace (of the mesh, in the root namespace). */
  namespaceWide: boolean;
  /** `spec.mtls.mode` upper-cased; absent or `UNSET` inherits from the level above. */
  mode?: string;
  /** The `mode:` pair, else the object's anchor. */
  modeLoc: Loc;
}

export interface ServicePortFact {
  port?: number;
  targetPort?: number | string;
  protocol: string;
  name?: string;
}

export interface ServiceFacts {
  type: string;
  /** Absent or empty selector: the Service selects no pods (endpoints are managed by hand). */
  selector?: ReadonlyMap<string, string>;
  selectorLoc?: Loc;
  ports: ServicePortFact[];
}

export interface IpBlockFact {
  cidr: string;
  except: string[];
}

export interface NetworkPolicyPeerFact {
  podSelector?: LabelSelector;
  namespaceSelector?: LabelSelector;
  ipBlock?: IpBlockFact;
  loc: Loc;
}

export interface NetworkPolicyRuleFact {
  /** First line of the rule item (`- from:` / `- {}`). */
  loc: Loc;
  /** Absent or empty `from`/`to`: the rule matches every peer. */
  peers?: NetworkPolicyPeerFact[];
  /** Absent or empty `ports`: every port. Each entry as written, for messages. */
  ports?: string[];
}

export interface NetworkPolicyFacts {
  /** Undefined when `podSelector` is absent (the API requires it: such a policy selects nothing). */
  podSelector?: LabelSelector;
  podSelectorLoc?: Loc;
  policyTypes?: string[];
  /** Undefined when the `ingress` key is absent; `[]` for `ingress: []`. */
  ingress?: NetworkPolicyRuleFact[];
  egress?: NetworkPolicyRuleFact[];
}

export interface PolicyRuleFact {
  apiGroups: string[];
  resources: string[];
  verbs: string[];
  resourceNames: string[];
  nonResourceURLs: string[];
  loc: Loc;
}

export interface RoleFacts {
  rules: PolicyRuleFact[];
  /** A ClusterRole with `aggregationRule`: its rules are filled in by the controller. */
  aggregated: boolean;
}

export interface BindingSubjectFact {
  kind: string;
  name: string;
  namespace?: string;
  loc: Loc;
}

export interface BindingFacts {
  roleRef?: { kind: string; name: string; loc: Loc };
  subjects: BindingSubjectFact[];
}

export interface IngressBackendFact {
  serviceName: string;
  port?: number | string;
  /** The `host` of the Ingress rule holding this backend (absent: every host, or the default backend). */
  host?: string;
  loc: Loc;
}

export interface IngressTlsFact {
  secretName: string;
  loc: Loc;
}

export interface IngressFacts {
  backends: IngressBackendFact[];
  tls: IngressTlsFact[];
  /** Every host listed under `tls` (with or without secretName): the hosts served over TLS. */
  tlsHosts: string[];
}

export type PodSecurityMode = 'enforce' | 'warn' | 'audit';

export interface PodSecurityLabel {
  /** `privileged`, `baseline` or `restricted`. */
  level: 'privileged' | PssLevel;
  /** Policy minor version (`Infinity` for latest or absent). */
  version: number;
  levelLoc: Loc;
  versionLoc?: Loc;
}

export type NamespacePodSecurity = Partial<Record<PodSecurityMode, PodSecurityLabel>>;

/** A secondary location shown with a finding (LSP `relatedInformation`). */
export interface RelatedLocation {
  file: string;
  start: number;
  end: number;
  range: Range;
  message: string;
}

/** One problem found by one workspace rule; it may sit in a different file than its causes. */
export interface WorkspaceFinding {
  ruleId: string;
  severity: Severity;
  message: string;
  file: string;
  range: OffsetRange;
  lspRange: Range;
  object: ObjectRef;
  documentIndex: number;
  related: RelatedLocation[];
  /** `IndexedObject.key` of the object the finding is about (for its suppressions). */
  objectKey?: string;
}

export interface WorkspaceReportInput {
  /** The object the finding is about and where to put it (defaults to its anchor). */
  object: IndexedObject;
  at?: Loc;
  message: string;
  related?: Array<{ at: Loc; message: string }>;
}

/** A cross-object rule: same metadata as single-file rules, but it sees the whole index. */
export interface WorkspaceRule extends Omit<RuleMeta, 'appliesTo' | 'pss'> {
  checkWorkspace(ctx: WorkspaceRuleContext): void;
  /**
   * The quick fixes of one of this rule's findings: documents to create (e.g. a
   * NetworkPolicy). `object` is the finding's object, `file` the file it is in. Adapters ask
   * the rule, so no adapter knows which rule fixes what.
   */
  fixes?(finding: WorkspaceFixTarget, index: import('./workspaceIndex').WorkspaceIndex): import('./fixes').NewDocumentFix[];
}

/** The finding a workspace rule is asked to fix: its object and the file holding it. */
export interface WorkspaceFixTarget {
  object: IndexedObject;
  file: string;
}

export interface WorkspaceRuleContext {
  index: import('./workspaceIndex').WorkspaceIndex;
  /** Pod Security evaluation shared by the rules of one run (cached per workload and version). */
  pss: import('./admission').PssEvaluator;
  report(input: WorkspaceReportInput): void;
}

export function defineWorkspaceRule(rule: WorkspaceRule): WorkspaceRule {
  return rule;
}
