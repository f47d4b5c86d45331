import type { MapLoc, SecurityMap } from '../../../server/src/core/map/model';

/**
 * Where a click on the map leads (no `vscode` import, so it is unit-testable). The webview
 * sends only ids; the locations come from the extension's own copy of the map, so a page
 * can never ask to open a file the map does not name.
 */
export type MapTarget = { kind: 'node'; id: string } | { kind: 'edge'; from: string; to: string };

export function locOfTarget(map: SecurityMap, target: MapTarget): MapLoc | undefined {
  return target.kind === 'node' ? locOfNode(map, target.id) : locOfEdge(map, target.from, target.to);
}

/** The object a node stands for: workload, entry, namespace, RBAC subject's binding, binding, role or grant. */
function locOfNode(map: SecurityMap, id: string): MapLoc | undefined {
  const withLoc = [...map.workloads, ...map.entries, ...map.rbac.bindings, ...map.rbac.roles];
  const found = withLoc.find((o) => o.id === id);
  if (found) return found.loc;
  const ns = map.namespaces.find((n) => n.name === id || `namespace:${n.name}` === id);
  if (ns?.loc) return ns.loc;
  // A subject has no manifest of its own here: the first binding naming it.
  const binding = map.rbac.bindings.find((b) => b.subjects.includes(id));
  if (binding) return binding.loc;
  for (const role of map.rbac.roles) for (const g of role.grants) if (g.loc && grantId(role.id, g.label) === id) return g.loc;
  return undefined;
}

/** A network edge: the first policy rule (or exposing object) that allows it; an RBAC edge: its binding or grant. */
function locOfEdge(map: SecurityMap, from: string, to: string): MapLoc | undefined {
  const edge = map.edges.find((e) => e.from === from && e.to === to);
  const reason = edge?.reasons.find((r) => r.loc !== undefined);
  if (reason?.loc) return reason.loc;
  const binding = map.rbac.bindings.find((b) => b.id === to || b.id === from);
  if (binding) return binding.loc;
  return locOfNode(map, to) ?? locOfNode(map, from);
}

/** Id of a role's grant node in the RBAC drawing. */
function grantId(roleId: string, label: string): string {
  return `${roleId}#${label}`;
}
