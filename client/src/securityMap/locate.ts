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

/** The object a node stands for: workload, entry, namespace box, RBAC binding, role, subject (its first binding) or grant. */
function locOfNode(map: SecurityMap, id: string): MapLoc | undefined {
  const withLoc = [...map.workloads, ...map.entries, ...map.rbac.bindings, ...map.rbac.roles];
  const found = withLoc.find((o) => o.id === id);
  if (found) return found.loc;
  if (id.startsWith(NAMESPACE_PREFIX)) return map.namespaces.find((n) => NAMESPACE_PREFIX + n.name === id)?.loc;
  // A subject has no manifest of its own in the map: the first binding naming it.
  const binding = map.rbac.bindings.find((b) => b.subjects.includes(id));
  if (binding) return binding.loc;
  // A dangerous-grant node stands for every role granting it: the first rule written in a file.
  if (id.startsWith(GRANT_PREFIX)) return grantLoc(map.rbac.roles, id.slice(GRANT_PREFIX.length));
  return undefined;
}

/** A network edge: the first policy rule (or exposing object) that allows it; an RBAC edge: its binding, or the role's grant rule. */
function locOfEdge(map: SecurityMap, from: string, to: string): MapLoc | undefined {
  const edge = map.edges.find((e) => e.from === from && e.to === to);
  if (edge) return edge.reasons.find((r) => r.loc !== undefined)?.loc ?? locOfNode(map, to);
  const binding = map.rbac.bindings.find((b) => b.id === from || b.id === to);
  if (binding) return binding.loc;
  const role = map.rbac.roles.find((r) => r.id === from);
  if (role && to.startsWith(GRANT_PREFIX)) return grantLoc([role], to.slice(GRANT_PREFIX.length)) ?? role.loc;
  return undefined;
}

/** Node ids of the drawing that are not objects of the map (core/map/layout.ts). */
const NAMESPACE_PREFIX = 'ns:';
const GRANT_PREFIX = 'grant:';

/** `kind`: `<ruleId>:<label>` of a grant node (rule ids hold no colon). */
function grantLoc(roles: SecurityMap['rbac']['roles'], kind: string): MapLoc | undefined {
  const colon = kind.indexOf(':');
  const ruleId = colon < 0 ? kind : kind.slice(0, colon);
  const label = colon < 0 ? undefined : kind.slice(colon + 1);
  for (const role of roles)
    for (const g of role.grants) if (g.ruleId === ruleId && (label === undefined || g.label === label) && g.loc) return g.loc;
  return undefined;
}
