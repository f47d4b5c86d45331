import { describeObject } from '../../model/objects';
import { formatSelector } from '../selectors';
import { isNetworkedWorkload, isolatingPolicies, policyTypesOf, type Direction } from '../netpol';
import type { WorkspaceRuleContext } from '../types';
import { namespaceOf } from '../workspaceIndex';
import { firstN, inNamespace, isAre, podsOf } from './describe';

/**
 * Shared by netpol-ingress-isolation and netpol-egress-isolation: a workload whose pods no
 * NetworkPolicy of that direction selects accepts (or sends) any traffic. Related
 * information points at the namespace's policies of that direction (which select other
 * pods) or, when there are none, at the Namespace object.
 */
export function checkIsolation(ctx: WorkspaceRuleContext, direction: Direction): void {
  const dir = direction.toLowerCase();
  const policies = ctx.index.byKind('NetworkPolicy');
  for (const w of ctx.index.workloads()) {
    // NetworkPolicies do not apply to host-network pods: isolation is not theirs to judge.
    if (!isNetworkedWorkload(w) || w.workload?.hostNetwork) continue;
    if (isolatingPolicies(ctx.index, w, direction).length > 0) continue;
    const ns = namespaceOf(w)!;
    const others = policies.filter((np) => namespaceOf(np) === ns && policyTypesOf(np).includes(direction));
    const related = firstN(others).map((np) => ({
      at: np.networkPolicy?.podSelectorLoc ?? np.anchor,
      message: `${describeObject(np)} selects ${np.networkPolicy?.podSelector ? formatSelector(np.networkPolicy.podSelector) : 'nothing (no podSelector)'}, not these pods.`,
    }));
    const nsObject = ctx.index.namespaceObject(ns);
    if (others.length === 0 && nsObject) related.push({ at: nsObject.anchor, message: `Namespace "${ns}" has no NetworkPolicy for ${dir}.` });
    const them = w.kind === 'Pod' ? 'it' : 'they';
    const consequence = direction === 'Ingress' ? `every source can connect to ${w.kind === 'Pod' ? 'it' : 'them'}` : `${them} can connect to any destination`;
    ctx.report({
      object: w,
      message: `${podsOf(w)} in ${inNamespace(w)} ${isAre(w)} selected by no NetworkPolicy for ${dir}: ${consequence}.`,
      related,
    });
  }
}
