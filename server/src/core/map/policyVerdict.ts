import { selectorMatchesPods } from '../workspace/controllerLabels';
import { isolatingPolicies, type Direction } from '../workspace/netpol';
import { podPolicies, podPoliciesIsolating } from '../workspace/podPolicies/select';
import { matchesSelector } from '../workspace/selectors';
import type { IndexedObject, NetworkPolicyPeerFact, NetworkPolicyRuleFact } from '../workspace/types';
import { namespaceOf, type WorkspaceIndex } from '../workspace/workspaceIndex';
import { mapLoc } from './ids';
import type { MapLoc, MapReason } from './model';
import { intersectPorts, noPorts, rulePorts, unionPorts, type PortSet } from './ports';

/** One side of a connection (the source's egress or the destination's ingress): allowed, on which ports, by which rules. */
export interface SideVerdict {
  allowed: boolean;
  ports: PortSet;
  reasons: MapReason[];
  /** The policies isolating that side, when nothing of theirs allows the connection. */
  blockedBy: MapLoc[];
}

/** `NetworkPolicy prod/web, ingress rule 2`: how a reason names a rule. */
export function ruleName(policy: IndexedObject, direction: Direction, n: number): string {
  return `${policy.kind} ${namespaceOf(policy) ? `${namespaceOf(policy)}/` : ''}${policy.name ?? ''}, ${direction.toLowerCase()} rule ${n}`;
}

/** The policies isolating one workload in one direction. */
interface Isolating {
  k8s: IndexedObject[];
  other: IndexedObject[];
}

/**
 * The policies of one workspace that decide traffic, looked up once per workload and
 * direction (the map asks about the same workloads many times).
 */
export class PolicyContext {
  private readonly isolating = { Ingress: new Map<IndexedObject, Isolating>(), Egress: new Map<IndexedObject, Isolating>() };
  private readonly others: IndexedObject[];
  private readonly nsLabels = new Map<string, Map<string, string>>();

  constructor(readonly index: WorkspaceIndex) {
    this.others = podPolicies(index);
  }

  /** The Kubernetes and the Calico/Cilium/admin policies that isolate `w` for `direction`. */
  policiesIsolating(w: IndexedObject, direction: Direction): Isolating {
    let hit = this.isolating[direction].get(w);
    if (!hit) {
      // NetworkPolicies do not apply to pods on the node's network.
      hit = w.workload?.hostNetwork
        ? { k8s: [], other: [] }
        : { k8s: isolatingPolicies(this.index, w, direction), other: podPoliciesIsolating(this.index, w, direction, this.others) };
      this.isolating[direction].set(w, hit);
    }
    return hit;
  }

  isIsolated(w: IndexedObject, direction: Direction): boolean {
    const p = this.policiesIsolating(w, direction);
    return p.k8s.length > 0 || p.other.length > 0;
  }

  /**
   * Whether some policy isolating `w` lets every peer through in `direction` (a Kubernetes
   * rule without peers, whatever its ports, or a Calico/Cilium/admin allow-all rule).
   */
  admitsAll(w: IndexedObject, direction: Direction): boolean {
    const { k8s, other } = this.policiesIsolating(w, direction);
    const rulesOf = (p: IndexedObject) => (direction === 'Ingress' ? p.networkPolicy?.ingress : p.networkPolicy?.egress) ?? [];
    return (
      k8s.some((p) => rulesOf(p).some((r) => !r.peers)) ||
      other.some((p) => (p.podPolicy?.parts ?? []).some((part) => part.allowAll.some((r) => r.direction === direction)))
    );
  }

  /** A namespace's labels for namespaceSelector (its object's plus `kubernetes.io/metadata.name`). */
  namespaceLabels(ns: string): Map<string, string> {
    let labels = this.nsLabels.get(ns);
    if (!labels) this.nsLabels.set(ns, (labels = this.index.namespaceLabels(ns)));
    return labels;
  }

  /**
   * Whether a peer of a policy in `policyNs` names the workload: podSelector alone means
   * pods of the policy's namespace; namespaceSelector (with or without a podSelector)
   * namespaces by their labels. An ipBlock never names a pod here (pod addresses are not
   * known from manifests); an empty peer is rejected by the API and names nothing. A pod on
   * the node's network is named by no selector: its traffic comes from the node's address
   * (the common plugin behaviour the Kubernetes docs describe, and the one consistent with
   * `policiesIsolating` not isolating such pods).
   */
  peerNames(policyNs: string | undefined, peer: NetworkPolicyPeerFact, w: IndexedObject): boolean {
    if (peer.ipBlock || !w.workload || w.workload.hostNetwork) return false;
    const ns = namespaceOf(w);
    if (ns === undefined) return false;
    if (peer.namespaceSelector) {
      if (!matchesSelector(peer.namespaceSelector, this.namespaceLabels(ns))) return false;
    } else if (!peer.podSelector || ns !== policyNs) return false;
    return !peer.podSelector || selectorMatchesPods(peer.podSelector, w.workload.podLabels, w.workload.generatedLabels);
  }

  /**
   * One side of `source` → `dest`: the egress of `source` (`Egress`) or the ingress of
   * `dest` (`Ingress`). A side no policy isolates allows everything (`not-isolated`).
   * Calico, Cilium and admin policies count through their allow-everything rules only
   * (their other rules are not modelled: see docs/security-map.md).
   */
  side(source: IndexedObject, dest: IndexedObject, direction: Direction, only?: PortSet): SideVerdict {
    const subject = direction === 'Ingress' ? dest : source;
    const peer = direction === 'Ingress' ? source : dest;
    const { k8s, other } = this.policiesIsolating(subject, direction);
    const what = direction === 'Ingress' ? 'ingress' : 'egress';
    if (k8s.length === 0 && other.length === 0) {
      const why = subject.workload?.hostNetwork
        ? 'it runs on the host network, where NetworkPolicies do not apply'
        : `no policy isolates its ${what}`;
      return {
        allowed: true,
        ports: only ?? 'all',
        reasons: [{ kind: 'not-isolated', description: `${subject.kind} ${subject.name ?? ''}: ${why}` }],
        blockedBy: [],
      };
    }
    let ports: PortSet = [];
    const reasons: MapReason[] = [];
    for (const policy of k8s) {
      const rules = (direction === 'Ingress' ? policy.networkPolicy?.ingress : policy.networkPolicy?.egress) ?? [];
      rules.forEach((rule, i) => {
        if (!this.ruleNames(policy, rule, peer)) return;
        let allowed = rulePorts(rule, dest);
        if (only) allowed = intersectPorts(allowed, only);
        if (noPorts(allowed)) return;
        ports = unionPorts(ports, allowed);
        reasons.push({
          kind: direction === 'Ingress' ? 'ingress-rule' : 'egress-rule',
          loc: mapLoc(rule.loc),
          description: ruleName(policy, direction, i + 1),
        });
      });
    }
    for (const policy of other) {
      for (const part of policy.podPolicy?.parts ?? []) {
        for (const r of part.allowAll) {
          if (r.direction !== direction) continue;
          ports = 'all';
          reasons.push({
            kind: direction === 'Ingress' ? 'ingress-rule' : 'egress-rule',
            loc: mapLoc(r.loc),
            description: `${ruleName(policy, direction, r.number)} (${r.reason})`,
          });
        }
      }
    }
    if (only && ports === 'all') ports = only;
    const allowed = reasons.length > 0;
    return { allowed, ports, reasons, blockedBy: allowed ? [] : [...k8s, ...other].map((p) => mapLoc(p.anchor)) };
  }

  /** Whether a rule's peers (none: every peer) name the workload. */
  private ruleNames(policy: IndexedObject, rule: NetworkPolicyRuleFact, w: IndexedObject): boolean {
    if (!rule.peers) return true;
    const ns = namespaceOf(policy);
    return rule.peers.some((p) => this.peerNames(ns, p, w));
  }
}
