import type { Range } from '../types';

/**
 * The security map of a workspace (issue #20): what the editor's "Security map" view draws
 * and what `kube-guardrails report` writes. Plain data (JSON-serialisable, no Maps, no
 * offsets into texts the consumer does not have), so the language server can send it to
 * the client's webview unchanged and the CLI can print it as `--format json`.
 *
 * Node ids are stable strings, so a view can keep its selection across live updates:
 * - workload: `workload:<namespace>/<Kind>/<name>`
 * - outside-the-cluster entry: `entry:<Kind>/<namespace>/<name>[#<host or port>]`
 * - address block peer of a policy rule: `cidr:<cidr>[ except <cidr>,…]`
 * - any source/destination a rule allows: `anywhere`
 * - every pod of the cluster a rule names (`namespaceSelector: {}` without a podSelector or
 *   with an empty one): `pods:*`; every pod of one namespace (`podSelector: {}` alone: the
 *   policy's namespace; a labelled namespaceSelector without podSelector: each namespace it
 *   matches, when it matches exactly one namespace of the workspace): `pods:<namespace>`.
 * - selector group (`MapPodGroup`, listed in `SecurityMap.groups` with its members): a peer
 *   naming whole namespaces by a labelled namespaceSelector that matches none or several
 *   namespaces (`pods:{<namespace selector>}`: one node per selector, not per namespace), or
 *   naming more than a few workloads by pod labels (`pods:<namespace>{<pod selector>}`,
 *   `pods:*{<pod selector>}`, `pods:{<namespace selector>}{<pod selector>}`). Selectors are
 *   written as kubectl prints them (`app=web, tier in (a,b)`).
 *
 * Pods on the host network are in no group (no selector names them).
 */

/** Where to open the manifest: a workspace-relative or absolute path as the index has it. */
export interface MapLoc {
  file: string;
  /** 0-based, as LSP ranges. */
  range: Range;
}

export type PssLevelName = 'privileged' | 'baseline' | 'restricted';

export interface MapNamespace {
  name: string;
  /** Pod Security Admission labels of the Namespace object, when one is in the workspace. */
  podSecurity: { enforce?: PssLevelName; warn?: PssLevelName; audit?: PssLevelName };
  /** The Namespace object (absent when the namespace is only referred to). */
  loc?: MapLoc;
  /** Ids of the workloads in this namespace. */
  workloads: string[];
}

export interface MapGrant {
  /** Short label, e.g. `cluster-admin`, `read secrets`, `exec into pods`, `create pods`. */
  label: string;
  /** Id of the RBAC rule that reports this kind of grant (`rbac-secrets-read`, …). */
  ruleId: string;
  /** The binding that grants it. */
  binding: MapLoc;
  /** `cluster-wide` or the namespace the grant is limited to. */
  scope: string;
}

export interface MapWorkload {
  id: string;
  kind: string;
  name: string;
  namespace: string;
  loc: MapLoc;
  serviceAccount: string;
  /** Dangerous grants of the workload's ServiceAccount (empty: none found). */
  grants: MapGrant[];
  /** False when no policy selects the pods for that direction: all traffic is allowed. */
  isolated: { ingress: boolean; egress: boolean };
  /** Pod Security: the levels the pods meet and the violations of the namespace's enforce level. */
  podSecurity: { meets: 'restricted' | 'baseline' | 'none'; violations: string[] };
  /** Exposed outside the cluster (LoadBalancer, NodePort, Ingress, hostNetwork, hostPort). */
  exposed: boolean;
  /** Present when the pods run on the node's network: no policy isolates them and no pod group (`pods:…`) stands for them. */
  hostNetwork?: true;
}

export interface MapEntry {
  id: string;
  kind: 'LoadBalancer' | 'NodePort' | 'Ingress' | 'HostNetwork' | 'HostPort';
  /** Ingress host (or `*`), or the Service name. */
  label: string;
  /** Ingress hosts with TLS; false for plain Services (no TLS termination known). */
  tls: boolean;
  loc: MapLoc;
}

/** A port on an edge as the policy wrote it, resolved against the destination's pods. */
export interface MapPort {
  protocol: string;
  /**
   * A number or a `from-to` range (named ports are resolved against the destination's
   * containers; a name it does not define lets nothing through). Toward an address block,
   * whose ports are unknown, a name stays as written.
   */
  port: string;
}

/** The policy rule (or the absence of any policy) that lets traffic through. */
export interface MapReason {
  /** `ingress-rule` / `egress-rule`: a NetworkPolicy (or Calico/Cilium) rule; `not-isolated`: no policy selects the pods. */
  kind: 'ingress-rule' | 'egress-rule' | 'not-isolated' | 'entry';
  /** The policy rule or exposing object; absent for `not-isolated`. */
  loc?: MapLoc;
  /** Readable, e.g. `NetworkPolicy prod/allow-web, ingress rule 1`. */
  description: string;
}

/**
 * A selector group (node id `pods:…{…}`): the workloads a policy peer names by label. A
 * group whose selectors match no namespace or pod of the workspace has no members but is
 * still drawn, so a rule allowing e.g. DNS toward `kube-system` (not in the repository)
 * shows where the traffic goes.
 */
export interface MapPodGroup {
  id: string;
  /** Readable, e.g. `pods app=web in namespace shop`, `pods in namespaces tenant=yes`. */
  label: string;
  /** The namespaces of the workspace its namespace part matches (one for a policy's own namespace). */
  namespaces: string[];
  /** Ids of the workloads it stands for (never a host-network one). */
  members: string[];
}

/**
 * Allowed traffic; `ports` empty means every port. Two kinds:
 *
 * - **Pair edge** (both ends workloads): a rule names the pair by pod labels, and the edge is
 *   the whole verdict for that pair: both sides (source egress AND destination ingress)
 *   judged, `ports` those both allow, `reasons` the rules of both sides.
 * - **One-sided edge** (one end `anywhere`, `cidr:…` or a pod group `pods:…`): what the
 *   workload's OWN rule allows, nothing about the other side. `pods:* → X` says X's ingress
 *   admits every pod in the cluster on those ports; a pod whose egress is isolated still
 *   needs its own egress to allow X. `X → pods:ns` says X's egress allows every pod of `ns`;
 *   each of them still needs its ingress to admit X. Ports of an egress edge toward a group
 *   keep a port name as written (resolved against each destination's containers).
 *
 * So workload S reaches workload D on port P exactly when there is a pair edge S → D with P,
 * or (no pair edge S → D) both: S's egress allows it (`isolated.egress` false, or an edge
 * from S with P to `anywhere`, `pods:*`, `pods:<D's namespace>` or a selector group listing D
 * among its `members`) AND D's ingress admits it (`isolated.ingress` false, or an edge to D
 * with P from `anywhere`, `pods:*`, `pods:<S's namespace>` or a selector group listing S),
 * a pod group never standing for a host-network pod. That is what
 * `reachability()` answers pair by pair (test/unit/map-groups.test.ts checks the two agree);
 * it is how "every pod may talk to every pod" stays one edge per workload at any size.
 */
export interface MapEdge {
  from: string;
  to: string;
  ports: MapPort[];
  reasons: MapReason[];
}

/** RBAC tab: subject → binding → role → dangerous grants. */
export interface RbacSubject {
  id: string;
  kind: 'ServiceAccount' | 'User' | 'Group';
  name: string;
  namespace?: string;
}
export interface RbacBinding {
  id: string;
  kind: 'RoleBinding' | 'ClusterRoleBinding';
  name: string;
  namespace?: string;
  subjects: string[];
  role: string;
  loc: MapLoc;
}
export interface RbacRole {
  id: string;
  kind: 'Role' | 'ClusterRole';
  name: string;
  namespace?: string;
  /** Absent for built-in roles (`cluster-admin`, `edit`…) that are not in the workspace. */
  loc?: MapLoc;
  grants: Array<{ label: string; ruleId: string; loc?: MapLoc }>;
}

export interface SecurityMap {
  namespaces: MapNamespace[];
  workloads: MapWorkload[];
  entries: MapEntry[];
  edges: MapEdge[];
  /** The selector groups the edges use (`pods:…{…}`), with their members. */
  groups: MapPodGroup[];
  rbac: { subjects: RbacSubject[]; bindings: RbacBinding[]; roles: RbacRole[] };
  /**
   * Fail closed: files whose objects are not in the map (unreadable, unparsable, unrendered),
   * with the reason. A view or report must show these, never a silently partial map.
   */
  notAnalysed: Array<{ file: string; reason: string }>;
}

/** Answer of a reachability query (`report --from A --to B [--port P]`, and the view's query box). */
export interface Reachability {
  from: string;
  to: string;
  port?: string;
  allowed: boolean;
  /** When allowed: the ports both sides allow (empty: every port). */
  ports: MapPort[];
  /** Egress of `from` and ingress of `to`, each: allowed by these rules, or blocked by these policies. */
  egress: { allowed: boolean; reasons: MapReason[]; blockedBy: MapLoc[] };
  ingress: { allowed: boolean; reasons: MapReason[]; blockedBy: MapLoc[] };
}
