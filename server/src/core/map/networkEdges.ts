import type { Direction } from '../workspace/netpol';
import type { IndexedObject, IpBlockFact } from '../workspace/types';
import { namespaceOf, type WorkspaceIndex } from '../workspace/workspaceIndex';
import { mapLoc, workloadId } from './ids';
import type { MapEdge, MapPodGroup, MapReason } from './model';
import { ruleName, type PolicyContext } from './policyVerdict';
import { admitsWithoutNaming } from './podGroups';
import { intersectPorts, noPorts, rulePorts, unionPorts, type PortSet } from './ports';
import { PeerResolver } from './selectorGroups';

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
  get size(): number {
    return this.edges.size;
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
 * naming whole namespaces or many pods by label one from or to its pod group (`pods:*`,
 * `pods:<namespace>` or a selector group, selectorGroups.ts): "allow from every pod in the
 * cluster" or "from every tenant namespace" costs one edge per workload and rule, not one
 * per pair (model.ts says how a reader combines them). Pairs where neither side is isolated
 * get no edge: those workloads are marked not isolated instead. A pair an egress rule names
 * whose destination admits only pods its ingress rules name pair by pair is left to those
 * rules (they name it, or nothing lets it through). Bounded: past `MAX_CANDIDATES` pairs,
 * `MAX_WORKLOAD_EDGES` pair edges or `MAX_ONE_SIDED` one-sided edges and group members, the
 * rest is not drawn and `limit` says so (the caller lists it as not analysed: fail closed,
 * never a hang).
 */
export function networkEdges(
  index: WorkspaceIndex,
  ctx: PolicyContext,
  networked: readonly IndexedObject[],
): { edges: MapEdge[]; groups: MapPodGroup[]; limit?: { file: string; reason: string } } {
  const edges = new EdgeSet();
  let limit: { file: string; reason: string } | undefined;
  let count = 0;
  // Destinations per source: object keys, no string building (tens of thousands of candidates at 500 workloads).
  const pairs = new Map<IndexedObject, Set<IndexedObject>>();
  const resolver = new PeerResolver(index, ctx, new Set(networked.map(workloadId)));
  const addOneSided = (w: IndexedObject, peer: string, direction: Direction, ports: PortSet, reason: MapReason, at: IndexedObject) => {
    if (limit) return;
    if (edges.size + resolver.memberCount() >= MAX_ONE_SIDED) {
      limit = {
        file: at.file,
        reason: `analysis-limit: more than ${MAX_ONE_SIDED} connections and pod group members; the map is missing the rest`,
      };
      return;
    }
    oneSided(edges, w, peer, direction, ports, reason);
  };
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
    if (yes === undefined) unnamedIngress.set(o, (yes = admitsWithoutNaming(ctx, resolver, o, 'Ingress')));
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
            addOneSided(w, 'anywhere', direction, rulePorts(rule, direction === 'Ingress' ? w : undefined), reason, policy);
            return;
          }
          for (const peer of rule.peers) {
            const ports = () => rulePorts(rule, direction === 'Ingress' ? w : undefined);
            if (peer.ipBlock) {
              addOneSided(w, cidrId(peer.ipBlock), direction, ports(), reason, policy);
              continue;
            }
            // A peer naming whole namespaces or many pods: one aggregate edge to its group, not one per pod.
            const target = resolver.resolve(namespaceOf(policy), peer);
            if ('group' in target) {
              addOneSided(w, target.group, direction, ports(), reason, policy);
              continue;
            }
            for (const o of target.workloads) {
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
            addOneSided(w, 'anywhere', direction, 'all', reason, policy);
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
  const result = { edges: edges.list(), groups: resolver.groups() };
  return limit ? { ...result, limit } : result;
}

/** Pairs of workloads judged at most (a rule naming every pod of 1,000 makes a million). */
const MAX_CANDIDATES = 200_000;
/** Edges between workloads drawn at most: past this a drawing is unreadable anyway. */
const MAX_WORKLOAD_EDGES = 20_000;
/** One-sided edges plus selector group members at most (each a line of the JSON; 500 workloads with a few rules each stay far below). */
const MAX_ONE_SIDED = 50_000;

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
function oneSided(edges: EdgeSet, w: IndexedObject, peer: string, direction: Direction, ports: PortSet, reason: MapReason): void {
  if (noPorts(ports)) return;
  if (direction === 'Ingress') edges.add(peer, workloadId(w), ports, [reason]);
  else edges.add(workloadId(w), peer, ports, [reason]);
}
