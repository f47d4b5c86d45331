import { describeObject } from '../../../model/objects';
import { formatSelector } from '../../selectors';
import { isNetworkedWorkload, policiesIn, policySelects, type Direction } from '../../netpol';
import type { IndexedObject, Loc, WorkspaceRuleContext } from '../../types';
import { namespaceOf } from '../../workspaceIndex';
import { podPoliciesIsolating, podPolicies } from '../../podPolicies/select';
import { firstN, inNamespace, isAre, podsOf } from './describe';

/**
 * Shared by netpol-ingress-isolation and netpol-egress-isolation: a workload whose pods no
 * NetworkPolicy of that direction selects accepts (or sends) any traffic, unless a Calico,
 * Cilium or admin network policy isolates them in that direction (podPolicies/). Related
 * information points at the namespace's policies of that direction (which select other
 * pods) or, when there are none, at the Namespace object.
 */
export function checkIsolation(ctx: WorkspaceRuleContext, direction: Direction): void {
  const dir = direction.toLowerCase();
  // Per namespace, once: its policies of that direction (the only ones that can isolate its
  // workloads) and the related information every unisolated workload of it gets.
  const byNs = new Map<string, { policies: IndexedObject[]; related: Array<{ at: Loc; message: string }> }>();
  const cniPolicies = podPolicies(ctx.index).filter((p) => p.podPolicy!.parts.some((part) => part.isolates.includes(direction)));
  for (const w of ctx.index.workloads()) {
    // NetworkPolicies do not apply to host-network pods: isolation is not theirs to judge.
    if (!isNetworkedWorkload(w) || w.workload?.hostNetwork) continue;
    const ns = namespaceOf(w)!;
    let inNs = byNs.get(ns);
    if (!inNs) byNs.set(ns, (inNs = namespaceIsolation(ctx, ns, direction)));
    if (inNs.policies.some((np) => policySelects(np, w))) continue;
    if (podPoliciesIsolating(ctx.index, w, direction, cniPolicies).length > 0) continue;
    const them = w.kind === 'Pod' ? 'it' : 'they';
    const consequence =
      direction === 'Ingress'
        ? `every source can connect to ${w.kind === 'Pod' ? 'it' : 'them'}`
        : `${them} can connect to any destination`;
    ctx.report({
      object: w,
      message: `${podsOf(w)} in ${inNamespace(w)} ${isAre(w)} selected by no NetworkPolicy for ${dir}: ${consequence}.`,
      related: inNs.related,
    });
  }
}

/** A namespace's policies of `direction`, and the related information pointing at them (or at the Namespace when there are none). */
function namespaceIsolation(
  ctx: WorkspaceRuleContext,
  ns: string,
  direction: Direction,
): { policies: IndexedObject[]; related: Array<{ at: Loc; message: string }> } {
  const policies = policiesIn(ctx.index, ns, direction);
  const related = firstN(policies).map((np) => ({
    at: np.networkPolicy?.podSelectorLoc ?? np.anchor,
    message: `${describeObject(np)} selects ${np.networkPolicy?.podSelector ? formatSelector(np.networkPolicy.podSelector) : 'nothing (no podSelector)'}, not these pods.`,
  }));
  const nsObject = ctx.index.namespaceObject(ns);
  if (policies.length === 0 && nsObject)
    related.push({ at: nsObject.anchor, message: `Namespace "${ns}" has no NetworkPolicy for ${direction.toLowerCase()}.` });
  return { policies, related };
}
