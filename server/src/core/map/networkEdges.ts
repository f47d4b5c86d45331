import type { Direction } from '../workspace/netpol';
import type { IndexedObject, IpBlockFact, NetworkPolicyPeerFact } from '../workspace/types';
import { namespaceOf, type WorkspaceIndex } from '../workspace/workspaceIndex';
import { mapLoc, workloadId } from './ids';
import type { MapEdge, MapReason } from './model';
import { ruleName, type PolicyContext } from './policyVerdict';
import { admitsWithoutNaming, peerGroups } from './podGroups';
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
 * pods each rule of an isolating policy names by label), so the work is the pairs some rule
 * names, never every pair of workloads; each candidate pair is then judged on both sides
 * (the source's egress AND the destination's ingress) by the same `PolicyContext.side` the
 * reachability query uses, and its edge is the whole answer for that pair. One-sided
 * (aggregate) edges stand for what one workload's own rule allows: a rule without peers is
 * an edge from or to `anywhere`, an ipBlock one from or to its `cidr:` node, and a peer
 * naming whole namespaces (no or an empty podSelector) one from or to `pods:*` or
 * `pods:<namespace>` (podGroups.ts): "allow from every pod in the cluster" costs one edge
 * per workload, not one per pair (model.ts says how a reader combines them). Pairs where
 * neither side is isolated get no edge: those workloads are marked not isolated instead. A
 * pair an egress rule names whose destination admits only pods its ingress rules name by
 * label is left to those rules (they name it, or nothing lets it through).
 * Bounded: past `MAX_CANDIDATES` pairs or `MAX_WORKLOAD_EDGES` edges the rest is not drawn
 * and `limit` says so (the caller lists it as not analysed: fail closed, never a hang).
 */
export function networkEdges(
  index: WorkspaceIndex,
  ctx: PolicyContext,
  networked: readonly IndexedObject[],
): { edges: MapEdge[]; limit?: { file: string; reason: string } } {
  const edges = new EdgeSet();
  let limit: { file: string; reason: string } | undefined;
  let count = 0;
  // Destinations per source: object keys, no string building (tens of thousands of candidates at 500 workloads).
  const pairs = new Map<IndexedObject, Set<IndexedObject>>();
  const namespaces = index.namespaces();
  const candidate = (s: IndexedObject, d: IndexedObject, policy: IndexedObject) => {
    if (s === d || limit) return;
    let to = pairs.get(s);
    if (!to) pairs.set(s, (to = new Set()));
    if (to.has(d)) return;
    if (++count > MAX_CANDIDATES) {
      limit = {
        file: policy.file,
        reason: `analysis-limit: the policies name more than ${MAX_CANDIDATES} pairs of workloads; the map is missing the connections past them`,
      };
      return;
    }
    to.add(d);
  };
  // Asked once per destination an egress rule names by label, however many sources name it.
  const unnamedIngress = new Map<IndexedObject, boolean>();
  const admitsUnnamed = (o: IndexedObject) => {
    let yes = unnamedIngress.get(o);
    if (yes === undefined) unnamedIngress.set(o, (yes = admitsWithoutNaming(ctx, o, 'Ingress')));
    return yes;
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
            const ports = () => rulePorts(rule, direction === 'Ingress' ? w : undefined);
            if (peer.ipBlock) {
              outside(edges, w, cidrId(peer.ipBlock), direction, ports(), reason);
              continue;
            }
            // A peer naming whole namespaces: one aggregate edge per group, not one per pod.
            const groups = peerGroups(ctx, namespaces, namespaceOf(policy), peer);
            if (groups) {
              for (const g of groups) outside(edges, w, g, direction, ports(), reason);
              continue;
            }
            for (const o of peerWorkloads(index, ctx, namespaces, namespaceOf(policy), peer)) {
              if (direction === 'Ingress') candidate(o, w, policy);
              else if (admitsUnnamed(o)) candidate(w, o, policy);
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
  let drawn = 0;
  for (const [s, dests] of pairs) {
    for (const d of dests) {
      if (drawn >= MAX_WORKLOAD_EDGES) {
        limit ??= {
          file: s.file,
          reason: `analysis-limit: more than ${MAX_WORKLOAD_EDGES} connections between workloads; the map is missing the rest`,
        };
        break;
      }
      if (judge(edges, ctx, s, d)) drawn++;
    }
  }
  return limit ? { edges: edges.list(), limit } : { edges: edges.list() };
}

/** Pairs of workloads judged at most (a rule naming every pod of 1,000 makes a million). */
const MAX_CANDIDATES = 200_000;
/** Edges between workloads drawn at most: past this a drawing is unreadable anyway. */
const MAX_WORKLOAD_EDGES = 20_000;

/** The edge `s` → `d` when both its sides allow it on some port. */
function judge(edges: EdgeSet, ctx: PolicyContext, s: IndexedObject, d: IndexedObject): boolean {
  const egress = ctx.side(s, d, 'Egress');
  if (!egress.allowed) return false;
  const ingress = ctx.side(s, d, 'Ingress');
  if (!ingress.allowed) return false;
  const ports = intersectPorts(egress.ports, ingress.ports);
  if (noPorts(ports)) return false;
  edges.add(workloadId(s), workloadId(d), ports, [...egress.reasons, ...ingress.reasons]);
  return true;
}

/** A one-sided edge between a workload and a peer that is not one workload (`anywhere`, an address block, a pod group). */
function outside(edges: EdgeSet, w: IndexedObject, peer: string, direction: Direction, ports: PortSet, reason: MapReason): void {
  if (noPorts(ports)) return;
  if (direction === 'Ingress') edges.add(peer, workloadId(w), ports, [reason]);
  else edges.add(workloadId(w), peer, ports, [reason]);
}

/** The workloads a peer of a policy in `policyNs` names by label (not an ipBlock, not a `peerGroups` peer). */
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
