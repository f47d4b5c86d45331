import type { MapEdge, SecurityMap } from './model';
import { isPodGroupId, podGroupNamespace } from './podGroups';

/**
 * The edges a one-namespace view draws (the editor's namespace view and `report --namespace`):
 * every edge touching the namespace's workloads or its pod groups, and then, for every
 * workload those edges bring in from another namespace, its one-sided edges too (to and from
 * `anywhere`, `cidr:…` and pod groups). Without them the model's reading rule, applied to the
 * view, would answer wrongly for a workload drawn there: an isolated source in namespace `a`
 * whose egress allows `pods:*`, brought in by its pair edge to one workload of `b`, would seem
 * to reach no other workload of `b`.
 */
export function namespaceEdges(map: SecurityMap, ns: string): MapEdge[] {
  const inNs = new Set(map.workloads.filter((w) => w.namespace === ns).map((w) => w.id));
  const own = (id: string) => inNs.has(id) || podGroupNamespace(id) === ns;
  const kept = new Set<MapEdge>(map.edges.filter((e) => own(e.from) || own(e.to)));
  const workloads = new Set(map.workloads.map((w) => w.id));
  const drawn = new Set<string>();
  for (const e of kept) for (const id of [e.from, e.to]) if (workloads.has(id)) drawn.add(id);
  const oneSidedEnd = (id: string) => id === 'anywhere' || id.startsWith('cidr:') || isPodGroupId(id);
  for (const e of map.edges) {
    if ((drawn.has(e.from) && oneSidedEnd(e.to)) || (drawn.has(e.to) && oneSidedEnd(e.from))) kept.add(e);
  }
  return map.edges.filter((e) => kept.has(e));
}
