import type { IndexedObject, NetworkPolicyRuleFact } from '../workspace/types';
import type { MapPort } from './model';

/** The ports a rule (or an edge) lets through: every port, or these. `[]`: none. */
export type PortSet = 'all' | MapPort[];

const ALL_PORTS = '1-65535';

/** `[from, to]` of a numeric port (`80`) or range (`8000-9000`), undefined for a name. */
function bounds(port: string): [number, number] | undefined {
  const dash = port.indexOf('-');
  const lo = digits(dash < 0 ? port : port.slice(0, dash));
  const hi = dash < 0 ? lo : digits(port.slice(dash + 1));
  return lo === undefined || hi === undefined ? undefined : [lo, hi];
}

/** A string of ASCII digits as a number (no sign, no spaces, no exponent). */
function digits(s: string): number | undefined {
  if (s.length === 0 || s.length > 6) return undefined;
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) < 48 || s.charCodeAt(i) > 57) return undefined;
  return Number(s);
}

function show(lo: number, hi: number): string {
  return lo === hi ? String(lo) : `${lo}-${hi}`;
}

/** A named port resolved against the destination's container ports (undefined: it defines none by that name). */
function resolveName(name: string, protocol: string, dest: IndexedObject | undefined): string | undefined {
  const found = dest?.workload?.ports.find((p) => p.name === name && p.protocol === protocol);
  return found ? String(found.containerPort) : undefined;
}

/**
 * The ports of a NetworkPolicy rule for traffic to `dest`, as extract.ts wrote them
 * (`80/TCP`, `http/TCP`, `8000-9000/TCP`, `all TCP ports`). A named port is resolved
 * against the destination's containers, as the network plugin does; a name the
 * destination does not define matches nothing on it and is dropped. With no `dest`
 * (an address block), names are kept as written.
 */
export function rulePorts(rule: NetworkPolicyRuleFact, dest: IndexedObject | undefined): PortSet {
  if (!rule.ports || rule.ports.length === 0) return 'all';
  const out: MapPort[] = [];
  for (const written of rule.ports) {
    const all = /^all (\S+) ports$/.exec(written);
    if (all) {
      out.push({ protocol: all[1]!, port: ALL_PORTS });
      continue;
    }
    const slash = written.lastIndexOf('/');
    const port = written.slice(0, slash);
    const protocol = written.slice(slash + 1);
    if (bounds(port) || !dest) out.push({ protocol, port });
    else {
      const resolved = resolveName(port, protocol, dest);
      if (resolved !== undefined) out.push({ protocol, port: resolved });
    }
  }
  return out;
}

function key(p: MapPort): string {
  return `${p.protocol}\u0000${p.port}`;
}

/** Every port of either set. */
export function unionPorts(a: PortSet, b: PortSet): PortSet {
  if (a === 'all' || b === 'all') return 'all';
  const seen = new Map(a.map((p) => [key(p), p]));
  for (const p of b) if (!seen.has(key(p))) seen.set(key(p), p);
  return [...seen.values()];
}

/** The ports in both sets (ranges overlapped, names compared as written). */
export function intersectPorts(a: PortSet, b: PortSet): PortSet {
  if (a === 'all') return b;
  if (b === 'all') return a;
  const out: MapPort[] = [];
  for (const x of a) {
    for (const y of b) {
      if (x.protocol !== y.protocol) continue;
      const bx = bounds(x.port);
      const by = bounds(y.port);
      if (!bx || !by) {
        if (x.port === y.port) out.push(x);
        continue;
      }
      const lo = Math.max(bx[0], by[0]);
      const hi = Math.min(bx[1], by[1]);
      if (lo <= hi) out.push({ protocol: x.protocol, port: show(lo, hi) });
    }
  }
  return unionPorts([], out);
}

/** Whether the set is empty (nothing gets through). */
export function noPorts(p: PortSet): boolean {
  return p !== 'all' && p.length === 0;
}

/**
 * A queried port (`80`, `80/UDP`, `http`; TCP unless said) as a one-port set, names
 * resolved against the destination; undefined when the destination defines no such name.
 */
export function queryPort(query: string, dest: IndexedObject | undefined): PortSet | undefined {
  const slash = query.lastIndexOf('/');
  const port = slash < 0 ? query : query.slice(0, slash);
  const protocol = slash < 0 ? 'TCP' : query.slice(slash + 1).toUpperCase();
  if (bounds(port)) return [{ protocol, port }];
  const resolved = resolveName(port, protocol, dest);
  return resolved === undefined ? undefined : [{ protocol, port: resolved }];
}

/** `80/TCP, 443/TCP` or `all ports`, for labels and tables. */
export function formatPorts(p: PortSet | readonly MapPort[]): string {
  if (p === 'all' || p.length === 0) return 'all ports';
  return p.map((x) => `${x.port}/${x.protocol}`).join(', ');
}
