import type { Direction } from '../workspace/netpol';
import type { IndexedObject, IpBlockFact, NetworkPolicyPeerFact } from '../workspace/types';
import { namespaceOf, type WorkspaceIndex } from '../workspace/workspaceIndex';
import { mapLoc, workloadId } from './ids';
import type { MapEdge, MapReason } from './model';
import { ruleName, type PolicyContext } from './policyVerdict';
import { intersectPorts, noPorts, rulePorts, unionPorts, type PortSet } from './ports';

/** `cidr:10.0.0.0/8 except 10.1.0.0/16,…` (model.ts's node-id scheme). */
function cidrId(b: IpBlockFact): string {
  return `cidr:${b.cidr}${b.except.length ? ` except ${b.except.join(',')}` : ''}`;
}

/** Edges keyed by `from`/`to`, merging the ports and reasons of several rules. */
class EdgeSet {
  private readonly edges = new Map<string, { from: string; to: string; ports: PortSet; reasons: MapReason[] }>();
  add(from: string, to: string, ports: PortSet, reasons: readonly MapReason[]): void {
    const k = `${from}\u0000${to}`;
    const e = this.edges.get(k);
    if (!e) this.edges.set(k, { from, to, ports, reasons: [...reasons] });
    else {
      e.ports = unionPorts(e.ports, ports);
      for (const r of reasons) if (!e.reasons.some((x) => x.description === r.description && x.kind === r.kind)) e.reasons.push(r);
    }
  }
  list(): MapEdge[] {
    return [...this.edges.values()].map((e) => ({ from: e.from, to: e.to, ports: e.ports === 'all' ? [] : e.ports, reasons: e.reasons }));
  }
}

/**
 * Allowed traffic drawn from the policies. Candidates come from the rules themselves (the
 * peers each rule of an isolating policy names), so the work is the pairs some rule names,
 * never every pair of workloads; each candidate pair is then judged on both sides (the
 * source's egress AND the destination's ingress) by the same `PolicyContext.side` the
 * reachability query uses. A rule without peers is an edge from or to `anywhere`; an
 * ipBlock an edge from or to its `cidr:` node. Pairs where neither side is isolated get no
 * edge: those workloads are marked not isolated instead.
 */
export function networkEdges(index: WorkspaceIndex, ctx: PolicyContext, networked: readonly IndexedObject[]): MapEdge[] {
  const edges = new EdgeSet();
  // Destinations per source: object keys, no string building (tens of thousands of candidates at 500 workloads).
  const pairs = new Map<IndexedObject, Set<IndexedObject>>();
  const namespaces = index.namespaces();
  const candidate = (s: IndexedObject, d: IndexedObject) => {
    if (s === d) return;
    let to = pairs.get(s);
    if (!to) pairs.set(s, (to = new Set()));
    to.add(d);
  };
  for (const w of networked) {
    for (const direction of ['Ingress', 'Egress'] as const) {
      const { k8s, other } = ctx.policiesIsolating(w, direction);
      for (const policy of k8s) {
        const rules = (direction === 'Ingress' ? policy.networkPolicy?.ingress : policy.networkPolicy?.egress) ?? [];
        rules.forEach((rule, i) => {
          const reason: MapReason = {
            kind: direction === 'Ingress' ? 'ingress-rule' : 'egress-rule',
            loc: mapLoc(rule.loc),
            description: ruleName(policy, direction, i + 1),
          };
          if (!rule.peers) {
            outside(edges, w, 'anywhere', direction, rulePorts(rule, direction === 'Ingress' ? w : undefined), reason);
            return;
          }
          for (const peer of rule.peers) {
            if (peer.ipBlock)
              outside(edges, w, cidrId(peer.ipBlock), direction, rulePorts(rule, direction === 'Ingress' ? w : undefined), reason);
            else {
              for (const o of peerWorkloads(index, ctx, namespaces, namespaceOf(policy), peer)) {
                if (direction === 'Ingress') candidate(o, w);
                else candidate(w, o);
              }
            }
          }
        });
      }
      for (const policy of other) {
        for (const part of policy.podPolicy?.parts ?? []) {
          for (const r of part.allowAll) {
            if (r.direction !== direction) continue;
            const reason: MapReason = {
              kind: direction === 'Ingress' ? 'ingress-rule' : 'egress-rule',
              loc: mapLoc(r.loc),
              description: `${ruleName(policy, direction, r.number)} (${r.reason})`,
            };
            outside(edges, w, 'anywhere', direction, 'all', reason);
          }
        }
      }
    }
  }
  for (const [s, dests] of pairs) for (const d of dests) judge(edges, ctx, s, d);
  return edges.list();
}

/** The edge `s` → `d` when both its sides allow it on some port. */
function judge(edges: EdgeSet, ctx: PolicyContext, s: IndexedObject, d: IndexedObject): void {
  const egress = ctx.side(s, d, 'Egress');
  if (!egress.allowed) return;
  const ingress = ctx.side(s, d, 'Ingress');
  if (!ingress.allowed) return;
  const ports = intersectPorts(egress.ports, ingress.ports);
  if (!noPorts(ports)) edges.add(workloadId(s), workloadId(d), ports, [...egress.reasons, ...ingress.reasons]);
}

/** An edge between a workload and a peer outside the workloads (`anywhere`, an address block). */
function outside(edges: EdgeSet, w: IndexedObject, peer: string, direction: Direction, ports: PortSet, reason: MapReason): void {
  if (noPorts(ports)) return;
  if (direction === 'Ingress') edges.add(peer, workloadId(w), ports, [reason]);
  else edges.add(workloadId(w), peer, ports, [reason]);
}

/** The workloads a (non-ipBlock) peer of a policy in `policyNs` names. */
function peerWorkloads(
  index: WorkspaceIndex,
  ctx: PolicyContext,
  namespaces: readonly string[],
  policyNs: string | undefined,
  peer: NetworkPolicyPeerFact,
): IndexedObject[] {
  const inNs = peer.namespaceSelector ? namespaces : policyNs !== undefined ? [policyNs] : [];
  const out: IndexedObject[] = [];
  for (const ns of inNs)
    for (const w of index.workloadsIn(ns)) if (w.kind !== 'PodTemplate' && ctx.peerNames(policyNs, peer, w)) out.push(w);
  return out;
}
