import type { WorkspaceIndex } from '../workspace/workspaceIndex';
import { resolveWorkloadId, workloadsById } from './ids';
import type { Reachability } from './model';
import { PolicyContext } from './policyVerdict';
import { intersectPorts, noPorts, queryPort } from './ports';

export { resolveWorkloadId } from './ids';

/**
 * Can workload `from` reach workload `to` (on `port`: `80`, `80/UDP`, a name of `to`'s
 * container ports; any port when absent)? Both the source's egress and the destination's
 * ingress must allow it; each side lists the rules that allow it or the policies that
 * block it. Ids as in model.ts, or the shorthands `resolveWorkloadId` accepts; an unknown
 * or ambiguous workload throws an Error saying so.
 */
export function reachability(index: WorkspaceIndex, from: string, to: string, port?: string): Reachability {
  const byId = workloadsById(index);
  const ends = [from, to].map((q) => {
    const r = resolveWorkloadId(index, q);
    if ('error' in r) throw new Error(r.error);
    return { id: r.id, w: byId.get(r.id)! };
  });
  const [source, dest] = [ends[0]!, ends[1]!];
  const ctx = new PolicyContext(index);
  const answer: Omit<Reachability, 'port'> = {
    from: source.id,
    to: dest.id,
    allowed: false,
    ports: [],
    egress: { allowed: false, reasons: [], blockedBy: [] },
    ingress: { allowed: false, reasons: [], blockedBy: [] },
  };
  const out: Reachability = port === undefined ? answer : { ...answer, port };
  const only = port === undefined ? undefined : queryPort(port, dest.w);
  if (port !== undefined && only === undefined) {
    // A named port the destination does not define: nothing listens there.
    const none = { allowed: false, reasons: [], blockedBy: [] };
    return { ...out, egress: none, ingress: none };
  }
  const egress = ctx.side(source.w, dest.w, 'Egress', only);
  const ingress = ctx.side(source.w, dest.w, 'Ingress', only);
  out.egress = { allowed: egress.allowed, reasons: egress.reasons, blockedBy: egress.blockedBy };
  out.ingress = { allowed: ingress.allowed, reasons: ingress.reasons, blockedBy: ingress.blockedBy };
  // Both sides may allow, each on other ports: the connection needs a port both allow.
  const both = intersectPorts(egress.ports, ingress.ports);
  out.allowed = egress.allowed && ingress.allowed && !noPorts(both);
  out.ports = out.allowed && both !== 'all' ? both : [];
  return out;
}
