import * as assert from 'node:assert/strict';
import type { MapEdge, MapPort, SecurityMap } from '../../server/src/core/map/model';
import { reachability } from '../../server/src/core/map/reachability';
import type { WorkspaceIndex } from '../../server/src/core/workspace/workspaceIndex';
import { rangeText } from './workspace-helpers';

/**
 * model.ts's reading rule (`MapEdge`) applied to a drawn map, and the check that it gives,
 * pair by pair and port by port, exactly what `reachability()` answers from the policies.
 */

/**
 * A sample of ordered pairs of the map's workloads: every `di`th from `i0` against every `dj`th
 * from `j0` (a pair of one workload with itself left out).
 */
export function samplePairs(map: SecurityMap, [i0, di]: [number, number], [j0, dj]: [number, number]): Array<[string, string]> {
  const ids = map.workloads.map((w) => w.id);
  const pairs: Array<[string, string]> = [];
  for (let i = i0; i < ids.length; i += di) for (let j = j0; j < ids.length; j += dj) if (i !== j) pairs.push([ids[i]!, ids[j]!]);
  return pairs;
}

/** The edges from or to node `id`, each as `format` writes it (default: `brief`). */
export function edgesOf(map: SecurityMap, id: string, format: (e: MapEdge) => string = brief): string[] {
  return map.edges.filter((e) => e.from === id || e.to === id).map(format);
}

export function brief(e: MapEdge): string {
  const ports = e.ports.map((p) => `${p.port}/${p.protocol}`).join(',');
  const reasons = e.reasons.map((r) => `${r.kind}: ${r.description}${r.loc ? ` @${r.loc.file}:${rangeText(r.loc.range)}` : ''}`);
  return `${e.from} -> ${e.to} [${ports}] | ${reasons.join(' ; ')}`;
}

/**
 * Whether an edge's ports (empty: all) let `port` (`8080`, `53/UDP`) through. A port name on
 * an egress edge toward a group is resolved against the destination's container ports
 * (`named`: name → number; model.ts).
 */
function carries(ports: readonly MapPort[], port: string, named: ReadonlyMap<string, number> = new Map()): boolean {
  if (ports.length === 0) return true;
  const [num, protocol = 'TCP'] = port.split('/');
  const n = Number(num);
  return ports.some((p) => {
    if (p.protocol !== protocol) return false;
    const byName = named.get(p.port);
    const [lo, hi = lo] = byName !== undefined ? [byName] : p.port.split('-').map(Number);
    return lo !== undefined && hi !== undefined && n >= lo && n <= hi;
  });
}

/** model.ts's reading rule: can `s` reach `d` on `port`, from the drawn map alone? (`named`: d's container port names.) */
export function readFromMap(map: SecurityMap, s: string, d: string, port: string, named?: ReadonlyMap<string, number>): boolean {
  const ws = new Map(map.workloads.map((w) => [w.id, w]));
  const src = ws.get(s)!;
  const dst = ws.get(d)!;
  const pair = map.edges.find((e) => e.from === s && e.to === d);
  if (pair) return carries(pair.ports, port);
  const groupsOf = (w: typeof src) =>
    w.hostNetwork
      ? ['anywhere']
      : ['anywhere', 'pods:*', `pods:${w.namespace}`, ...map.groups.filter((g) => g.members.includes(w.id)).map((g) => g.id)];
  const egress =
    !src.isolated.egress || map.edges.some((e) => e.from === s && groupsOf(dst).includes(e.to) && carries(e.ports, port, named));
  const ingress = !dst.isolated.ingress || map.edges.some((e) => e.to === d && groupsOf(src).includes(e.from) && carries(e.ports, port));
  return egress && ingress;
}

/** Every ordered pair on every port the policies name, plus one they do not (1234): the map agrees with reachability(). */
export function assertMapAgreesWithReachability(
  index: WorkspaceIndex,
  map: SecurityMap,
  pairs: Array<[string, string]>,
  ports: string[],
  namedPorts: ReadonlyMap<string, ReadonlyMap<string, number>> = new Map(),
): void {
  for (const [s, d] of pairs) {
    for (const port of ports) {
      const verdict = reachability(index, s, d, port).allowed;
      assert.equal(readFromMap(map, s, d, port, namedPorts.get(d)), verdict, `${s} -> ${d} on ${port}: reachability says ${verdict}`);
    }
  }
}
