import { describeObject } from '../model/objects';
import type { PssEvaluator, PssLevelMet } from './admission';
import { isNetworkedWorkload, isolatingPolicies, type Direction } from './netpol';
import { podPoliciesIsolating } from './podPolicies/select';
import { dangerousGrants, effectivePermissions, grantLabel } from './permissions';
import type { IndexedObject, Loc } from './types';
import { namespaceOf, type WorkspaceIndex } from './workspaceIndex';

/** What the editor shows above a workload: its security posture at a glance. */
export interface WorkloadLensData {
  object: IndexedObject;
  at: Loc;
  /** Highest Pod Security level met at the latest policy version. */
  pssLevel: PssLevelMet;
  /** Names of the NetworkPolicies (and other network policies) isolating the pods, per direction (empty: not isolated). */
  ingressPolicies: string[];
  egressPolicies: string[];
  serviceAccount: string;
  /** Kinds of dangerous grants the ServiceAccount holds, as short labels (empty when none). */
  dangerous: string[];
}

export function workloadLensData(index: WorkspaceIndex, pss: PssEvaluator, file: string): WorkloadLensData[] {
  const out: WorkloadLensData[] = [];
  for (const o of index.objectsInFile(file)) {
    if (!o.workload || !isNetworkedWorkload(o)) continue;
    const ns = namespaceOf(o)!;
    const sa = o.workload.serviceAccountName ?? 'default';
    out.push({
      object: o,
      at: o.anchor,
      pssLevel: pss.levelMet(o),
      ingressPolicies: policyNames(index, o, 'Ingress'),
      egressPolicies: policyNames(index, o, 'Egress'),
      serviceAccount: sa,
      dangerous: [
        ...new Set(
          dangerousGrants(effectivePermissions(index, ns, sa))
            .filter((g) => !g.scoped)
            .map((g) => grantLabel(g.kind)),
        ),
      ],
    });
  }
  return out;
}

/** Kubernetes NetworkPolicies first, then Calico, Cilium and admin policies (`Kind "name"` for those). */
function policyNames(index: WorkspaceIndex, w: IndexedObject, direction: Direction): string[] {
  const names = isolatingPolicies(index, w, direction).map((p) => p.name ?? '(unnamed)');
  for (const p of podPoliciesIsolating(index, w, direction)) names.push(describeObject(p));
  return names;
}

/** The lens title: `PSS: restricted · Ingress: web-allow · Egress: not isolated · SA "web": no dangerous permissions`. */
export function lensTitle(d: WorkloadLensData): string {
  const pss = d.pssLevel === 'none' ? 'PSS: fails baseline' : `PSS: ${d.pssLevel}`;
  const dir = (name: string, list: string[]) => `${name}: ${list.length ? list.join(', ') : 'not isolated'}`;
  const sa =
    d.dangerous.length === 0
      ? `SA "${d.serviceAccount}": no dangerous permissions`
      : `SA "${d.serviceAccount}": ${d.dangerous.length} dangerous permission${d.dangerous.length === 1 ? '' : 's'}`;
  return [pss, dir('Ingress', d.ingressPolicies), dir('Egress', d.egressPolicies), sa].join(' · ');
}

export function lensTooltip(d: WorkloadLensData): string {
  const lines = [`${describeObject(d.object)} — Pod Security level met at latest: ${d.pssLevel}.`];
  if (d.dangerous.length) lines.push(`ServiceAccount "${d.serviceAccount}" can: ${d.dangerous.join('; ')}.`);
  return lines.join('\n');
}
