import { selectorMatchesPods } from '../controllerLabels';
import { matchesSelector } from '../selectors';
import type { IndexedObject, PodPolicyPart } from '../types';
import { namespaceOf, type WorkspaceIndex } from '../workspaceIndex';
import { matchesCalicoSelector } from './calicoSelector';
import { CILIUM_NAMESPACE_LABEL } from './cilium';
import type { Direction } from './shared';

/**
 * The lookup kinds (`lookupKind`) of the policies read by podPolicies/: Calico's
 * NetworkPolicy is told from the Kubernetes one by its group.
 */
const POD_POLICY_KINDS = [
  'projectcalico.org/NetworkPolicy',
  'crd.projectcalico.org/NetworkPolicy',
  'GlobalNetworkPolicy',
  'CiliumNetworkPolicy',
  'CiliumClusterwideNetworkPolicy',
  'AdminNetworkPolicy',
  'BaselineAdminNetworkPolicy',
];

/** Every Calico, Cilium and admin network policy of the workspace, in kind then file order. */
export function podPolicies(index: WorkspaceIndex): IndexedObject[] {
  return index.byKind(...POD_POLICY_KINDS).filter((o) => o.podPolicy !== undefined);
}

/** The pod's service account (`default` when the template names none). */
function serviceAccountOf(w: IndexedObject): string {
  return w.workload?.serviceAccountName ?? 'default';
}

/** The labels a selector of `part`'s language sees on the workload's pods. */
function endpointLabels(index: WorkspaceIndex, part: PodPolicyPart, w: IndexedObject, ns: string): Map<string, string> {
  const labels = new Map(w.workload?.podLabels ?? []);
  if (part.subject.language === 'calico') {
    // Calico's workload endpoints carry these besides the pod's labels.
    labels.set('projectcalico.org/namespace', ns);
    labels.set('projectcalico.org/orchestrator', 'k8s');
    labels.set('projectcalico.org/serviceaccount', serviceAccountOf(w));
  } else if (part.subject.language === 'cilium') {
    labels.set(CILIUM_NAMESPACE_LABEL, ns);
    labels.set('io.cilium.k8s.policy.serviceaccount', serviceAccountOf(w));
    for (const [k, v] of index.namespaceLabels(ns)) labels.set(`io.cilium.k8s.namespace.labels.${k}`, v);
  }
  return labels;
}

/** Whether a part of the policy applies to the workload's pods. */
function partSelects(index: WorkspaceIndex, part: PodPolicyPart, w: IndexedObject, ns: string): boolean {
  const generated = w.workload!.generatedLabels;
  const s = part.subject;
  switch (s.language) {
    case 'calico': {
      if (!matchesCalicoSelector(s.selector, endpointLabels(index, part, w, ns))) return false;
      if (s.namespaceSelector) {
        const nsLabels = index.namespaceLabels(ns);
        nsLabels.set('projectcalico.org/name', ns);
        if (!matchesCalicoSelector(s.namespaceSelector, nsLabels)) return false;
      }
      if (s.serviceAccountSelector) {
        const sa = serviceAccountOf(w);
        const saLabels = new Map(index.find('ServiceAccount', ns, sa)[0]?.labels ?? []);
        saLabels.set('projectcalico.org/name', sa);
        if (!matchesCalicoSelector(s.serviceAccountSelector, saLabels)) return false;
      }
      return true;
    }
    case 'cilium':
      return selectorMatchesPods(s.endpointSelector, endpointLabels(index, part, w, ns), generated);
    case 'admin':
      return (
        matchesSelector(s.namespaces, index.namespaceLabels(ns)) &&
        (!s.pods || selectorMatchesPods(s.pods, w.workload!.podLabels, generated))
      );
  }
}

/** The parts of `policy` that apply to the workload's pods (a namespaced policy only in its namespace). */
export function partsSelecting(index: WorkspaceIndex, policy: IndexedObject, w: IndexedObject): PodPolicyPart[] {
  const ns = namespaceOf(w);
  if (!w.workload || ns === undefined) return [];
  const own = namespaceOf(policy);
  if (own !== undefined && own !== ns) return [];
  return (policy.podPolicy?.parts ?? []).filter((p) => partSelects(index, p, w, ns));
}

/** The policies (of `policies`, default all) that isolate the workload's pods for `direction`. */
export function podPoliciesIsolating(
  index: WorkspaceIndex,
  w: IndexedObject,
  direction: Direction,
  policies: readonly IndexedObject[] = podPolicies(index),
): IndexedObject[] {
  return policies.filter((p) => partsSelecting(index, p, w).some((part) => part.isolates.includes(direction)));
}
