// TEMPORARY stand-in for core/map (branch mapcore) until it is merged; deleted then.
import type { Reachability, SecurityMap } from '../../core/map/model';
import type { WorkspaceIndex } from '../../core/workspace/workspaceIndex';

export function buildSecurityMap(index: WorkspaceIndex, notAnalysed: SecurityMap['notAnalysed']): SecurityMap {
  const workloads = index.workloads().map((o) => ({
    id: `workload:${o.namespace ?? 'default'}/${o.kind}/${o.name ?? ''}`,
    kind: o.kind,
    name: o.name ?? '',
    namespace: o.namespace ?? 'default',
    loc: { file: o.file, range: o.anchor.range },
    serviceAccount: 'default',
    grants: [],
    isolated: { ingress: false, egress: false },
    podSecurity: { meets: 'none' as const, violations: [] },
    exposed: false,
  }));
  return { namespaces: [], workloads, entries: [], edges: [], rbac: { subjects: [], bindings: [], roles: [] }, notAnalysed };
}

export function reachability(_index: WorkspaceIndex, from: string, to: string, port?: string): Reachability {
  const side = { allowed: true, reasons: [], blockedBy: [] };
  return { from, to, ...(port ? { port } : {}), allowed: true, egress: side, ingress: side };
}

export function layoutMap(_map: SecurityMap, _view: 'network' | 'rbac', _namespace?: string): unknown {
  return {};
}

export function renderMapSvg(map: SecurityMap, _layout: unknown, _view: 'network' | 'rbac'): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 100">${map.workloads
    .map((w) => `<g class="kg-node" data-id="${w.id}"><rect width="10" height="10"/></g>`)
    .join('')}</svg>`;
}
