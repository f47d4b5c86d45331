import { selectorFromLabels } from '../workspace/selectors';
import type { IndexedObject, ServicePortFact } from '../workspace/types';
import { namespaceOf, type WorkspaceIndex } from '../workspace/workspaceIndex';
import { mapLoc, workloadId } from './ids';
import type { MapEdge, MapEntry, MapPort } from './model';

/**
 * Traffic from outside the cluster: LoadBalancer and NodePort Services to the workloads they
 * select, Ingress hosts through their backend Service to its workloads (TLS when the host is
 * listed under `tls`), and pods on the host network or with a hostPort. Entry ids:
 * `entry:Service/<ns>/<name>`, `entry:Ingress/<ns>/<name>#<host or *>`,
 * `entry:<Kind>/<ns>/<name>#hostNetwork` and `entry:<Kind>/<ns>/<name>#<hostPort>`.
 */
export function exposureOf(index: WorkspaceIndex, networked: ReadonlySet<IndexedObject>): { entries: MapEntry[]; edges: MapEdge[] } {
  const entries = new Map<string, MapEntry>();
  const edges = new Map<string, MapEdge>();
  const add = (entry: MapEntry, w: IndexedObject, ports: MapPort[], description: string) => {
    if (!entries.has(entry.id)) entries.set(entry.id, entry);
    const to = workloadId(w);
    const k = `${entry.id}\u0000${to}`;
    const edge = edges.get(k);
    const reason = { kind: 'entry' as const, loc: entry.loc, description };
    if (!edge) edges.set(k, { from: entry.id, to, ports, reasons: [reason] });
    else {
      for (const p of ports) if (!edge.ports.some((q) => q.port === p.port && q.protocol === p.protocol)) edge.ports.push(p);
      if (!edge.reasons.some((r) => r.description === description)) edge.reasons.push(reason);
    }
  };
  for (const svc of index.byKind('Service')) {
    const type = svc.service?.type;
    if (type !== 'LoadBalancer' && type !== 'NodePort') continue;
    const ns = namespaceOf(svc)!;
    const entry: MapEntry = {
      id: `entry:Service/${ns}/${svc.name ?? ''}`,
      kind: type,
      label: svc.name ?? '',
      tls: false,
      loc: mapLoc(svc.anchor),
    };
    for (const w of selectedBy(index, svc, networked))
      add(entry, w, servicePorts(svc.service!.ports, w), `${type} Service ${ns}/${svc.name ?? ''}`);
  }
  for (const ing of index.byKind('Ingress')) {
    const facts = ing.ingress;
    if (!facts) continue;
    const ns = namespaceOf(ing)!;
    for (const b of facts.backends) {
      const host = b.host ?? '*';
      const tls = b.host !== undefined && facts.tlsHosts.some((h) => hostMatches(h, b.host!));
      const entry: MapEntry = {
        id: `entry:Ingress/${ns}/${ing.name ?? ''}#${host}`,
        kind: 'Ingress',
        label: host,
        tls,
        loc: mapLoc(ing.anchor),
      };
      for (const svc of index.find('Service', ns, b.serviceName)) {
        const ports = svc.service!.ports.filter((p) => b.port === undefined || p.port === b.port || p.name === b.port);
        for (const w of selectedBy(index, svc, networked)) {
          add(
            entry,
            w,
            servicePorts(ports, w),
            `Ingress ${ns}/${ing.name ?? ''} (${host}${tls ? ', TLS' : ', no TLS'}) → Service ${b.serviceName}`,
          );
        }
      }
    }
  }
  for (const w of networked) {
    const ns = namespaceOf(w)!;
    const base = `entry:${w.kind}/${ns}/${w.name ?? ''}`;
    if (w.workload?.hostNetwork) {
      const entry: MapEntry = { id: `${base}#hostNetwork`, kind: 'HostNetwork', label: 'host network', tls: false, loc: mapLoc(w.anchor) };
      add(entry, w, [], `${w.kind} ${w.name ?? ''} runs on the node's network`);
    }
    for (const p of w.workload?.ports ?? []) {
      if (p.hostPort === undefined) continue;
      const entry: MapEntry = {
        id: `${base}#${p.hostPort}`,
        kind: 'HostPort',
        label: `hostPort ${p.hostPort}`,
        tls: false,
        loc: mapLoc(w.anchor),
      };
      add(
        entry,
        w,
        [{ protocol: p.protocol, port: String(p.containerPort) }],
        `hostPort ${p.hostPort} → container port ${p.containerPort}`,
      );
    }
  }
  return { entries: [...entries.values()], edges: [...edges.values()] };
}

/** The workloads a Service selects (no selector: none, its endpoints are managed by hand). */
function selectedBy(index: WorkspaceIndex, svc: IndexedObject, networked: ReadonlySet<IndexedObject>): IndexedObject[] {
  const sel = svc.service?.selector;
  if (!sel) return [];
  return index.selectPods(namespaceOf(svc)!, selectorFromLabels(sel)).filter((w) => networked.has(w));
}

/** The container ports a Service's ports reach on a workload (targetPort, by number or name; default: port). */
function servicePorts(ports: readonly ServicePortFact[], w: IndexedObject): MapPort[] {
  const out: MapPort[] = [];
  for (const p of ports) {
    const target = p.targetPort ?? p.port;
    if (target === undefined) continue;
    const n =
      typeof target === 'number' ? target : w.workload?.ports.find((c) => c.name === target && c.protocol === p.protocol)?.containerPort;
    const port = n === undefined ? String(target) : String(n);
    if (!out.some((x) => x.port === port && x.protocol === p.protocol)) out.push({ protocol: p.protocol, port });
  }
  return out;
}

/** Ingress TLS host matching: exact, or a `*.example.com` wildcard for one label. */
function hostMatches(pattern: string, host: string): boolean {
  if (pattern === host) return true;
  if (!pattern.startsWith('*.')) return false;
  const dot = host.indexOf('.');
  return dot > 0 && host.slice(dot) === pattern.slice(1);
}
