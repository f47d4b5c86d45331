import { selectorMatchesPods } from '../controllerLabels';
import { isEmptySelector, matchesSelector } from '../selectors';
import type { IndexedObject } from '../types';
import type { PodPolicyPart } from './facts';
import { namespaceOf, type WorkspaceIndex } from '../workspaceIndex';
import { isAllSelector, matchesCalicoSelector } from './calicoSelector';
import { CILIUM_NAMESPACE_LABEL } from './cilium';

/** Cilium gives every pod its namespace's labels under this prefix. */
const CILIUM_NAMESPACE_LABELS = 'io.cilium.k8s.namespace.labels.';
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
  return POD_POLICY_KINDS.flatMap((kind) => index.byKind(kind)).filter((o) => o.podPolicy !== undefined);
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
    for (const [k, v] of index.namespaceLabels(ns)) labels.set(CILIUM_NAMESPACE_LABELS + k, v);
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

/**
 * A subject the API server would reject (a Calico selector that does not parse, a label
 * selector with a bad operator), or one that can select no pod (Cilium `reserved:host`):
 * such a policy isolates nothing and its rules concern no pod.
 */
export function subjectIsInvalid(part: PodPolicyPart): boolean {
  const s = part.subject;
  switch (s.language) {
    case 'calico':
      return [s.selector, s.namespaceSelector, s.serviceAccountSelector].some((x) => x?.invalid !== undefined);
    case 'cilium':
      return s.endpointSelector.invalid !== undefined;
    case 'admin':
      return s.namespaces.invalid !== undefined || s.pods?.invalid !== undefined;
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

/**
 * Whether a part applies to every pod of namespace `ns` whatever its labels: Calico
 * `all()` (a global policy's namespaceSelector matching `ns`, no serviceAccountSelector);
 * a Cilium endpointSelector with requirements on the namespace only; an admin policy's
 * `namespaces` (or `pods` with an empty podSelector) matching `ns`.
 */
function selectsWholeNamespace(index: WorkspaceIndex, part: PodPolicyPart, ns: string): boolean {
  const s = part.subject;
  const nsLabels = index.namespaceLabels(ns);
  switch (s.language) {
    case 'calico': {
      if (!isAllSelector(s.selector) || s.serviceAccountSelector) return false;
      nsLabels.set('projectcalico.org/name', ns);
      return !s.namespaceSelector || matchesCalicoSelector(s.namespaceSelector, nsLabels);
    }
    case 'cilium': {
      const sel = s.endpointSelector;
      const keys = [...sel.matchLabels.keys(), ...sel.matchExpressions.map((r) => r.key)];
      if (!keys.every((k) => k === CILIUM_NAMESPACE_LABEL || k.startsWith(CILIUM_NAMESPACE_LABELS))) return false;
      const labels = new Map([[CILIUM_NAMESPACE_LABEL, ns]]);
      for (const [k, v] of nsLabels) labels.set(CILIUM_NAMESPACE_LABELS + k, v);
      return matchesSelector(sel, labels);
    }
    case 'admin':
      return (!s.pods || isEmptySelector(s.pods)) && matchesSelector(s.namespaces, nsLabels);
  }
}

/**
 * The policies that isolate every pod of namespace `ns` for `direction` without allowing
 * every peer back in: a namespace default-deny in Calico's, Cilium's or the admin API's terms.
 */
export function podPoliciesDenyingNamespace(index: WorkspaceIndex, ns: string, direction: Direction): IndexedObject[] {
  return podPolicies(index).filter((p) => {
    const own = namespaceOf(p);
    if (own !== undefined && own !== ns) return false;
    return p.podPolicy!.parts.some(
      (part) =>
        part.isolates.includes(direction) &&
        !part.allowAll.some((r) => r.direction === direction) &&
        selectsWholeNamespace(index, part, ns),
    );
  });
}
