import type { Reachability, SecurityMap } from '../../core/map/model';
import { isPodGroupId, podGroupLabel } from '../../core/map/podGroups';

/** The rows behind the map, shared by the HTML and Markdown reports. */
export interface NamespaceRow {
  name: string;
  enforce: string;
  warn: string;
  audit: string;
  workloads: number;
  /** `name: check, check` per workload failing the enforce level. */
  violations: string[];
}

export interface WorkloadRow {
  id: string;
  /** `namespace/Kind/name`. */
  workload: string;
  isolation: string;
  reachableFrom: string[];
  exposure: string[];
  serviceAccount: string;
  power: string[];
  podSecurity: string;
}

/** A node id as a reader says it: `ns/name` for workloads, the entry's label, the address block. */
function shortName(map: SecurityMap, id: string): string {
  if (id.startsWith('workload:')) {
    const [ns, , name] = id.slice('workload:'.length).split('/');
    return `${ns ?? ''}/${name ?? ''}`;
  }
  const entry = map.entries.find((e) => e.id === id);
  if (entry) return `${entry.kind} ${entry.label}${entry.tls ? ' (TLS)' : ''}`;
  // A group edge into a workload is its own ingress rule only (model.ts): the source's egress still applies.
  if (isPodGroupId(id)) return `${podGroupLabel(id, map.groups)} whose egress allows it`;
  return id.startsWith('cidr:') ? id.slice('cidr:'.length) : id;
}

export function namespaceRows(map: SecurityMap): NamespaceRow[] {
  const byId = new Map(map.workloads.map((w) => [w.id, w]));
  return map.namespaces.map((n) => ({
    name: n.name,
    enforce: n.podSecurity.enforce ?? '—',
    warn: n.podSecurity.warn ?? '—',
    audit: n.podSecurity.audit ?? '—',
    workloads: n.workloads.length,
    violations: n.workloads
      .map((id) => byId.get(id))
      .filter((w) => w !== undefined && w.podSecurity.violations.length > 0)
      .map((w) => `${w!.name}: ${w!.podSecurity.violations.join(', ')}`),
  }));
}

export function workloadRows(map: SecurityMap): WorkloadRow[] {
  const entryIds = new Set(map.entries.map((e) => e.id));
  // Sources per destination, entries apart (they are the exposure column).
  const from = new Map<string, string[]>();
  const exposure = new Map<string, string[]>();
  for (const e of map.edges) {
    const table = entryIds.has(e.from) ? exposure : from;
    let list = table.get(e.to);
    if (!list) table.set(e.to, (list = []));
    const ports = e.ports.length ? ` (${e.ports.map((p) => `${p.port}/${p.protocol}`).join(', ')})` : '';
    list.push(`${shortName(map, e.from)}${ports}`);
  }
  return map.workloads.map((w) => ({
    id: w.id,
    workload: `${w.namespace}/${w.kind}/${w.name}`,
    isolation: `ingress ${w.isolated.ingress ? 'isolated' : 'open'}, egress ${w.isolated.egress ? 'isolated' : 'open'}`,
    reachableFrom: w.isolated.ingress ? (from.get(w.id) ?? []) : ['any pod (no policy isolates its ingress)', ...(from.get(w.id) ?? [])],
    exposure: exposure.get(w.id) ?? [],
    serviceAccount: w.serviceAccount,
    power: [...new Set(w.grants.map((g) => `${g.label} (${g.scope})`))],
    podSecurity: w.podSecurity.violations.length ? `fails: ${w.podSecurity.violations.join(', ')}` : `meets ${w.podSecurity.meets}`,
  }));
}

/** A reachability verdict as text: the answer, then each side's rules or blocking policies. */
export function reachabilityText(r: Reachability): string {
  const ports = r.ports.length ? ` on ${r.ports.map((p) => `${p.port}/${p.protocol}`).join(', ')}` : '';
  const lines = [`${r.from} -> ${r.to}${r.port ? ` port ${r.port}` : ''}: ${r.allowed ? `ALLOWED${ports}` : 'BLOCKED'}`];
  for (const [name, side] of [
    ['egress of the source', r.egress],
    ['ingress of the destination', r.ingress],
  ] as const) {
    lines.push(`  ${name}: ${side.allowed ? 'allowed' : 'blocked'}`);
    for (const reason of side.reasons)
      lines.push(`    allowed by ${reason.description}${reason.loc ? ` (${reason.loc.file}:${reason.loc.range.start.line + 1})` : ''}`);
    for (const loc of side.blockedBy) lines.push(`    blocked by the policy at ${loc.file}:${loc.range.start.line + 1}`);
  }
  return `${lines.join('\n')}\n`;
}
