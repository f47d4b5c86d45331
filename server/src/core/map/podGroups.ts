import type { Direction } from '../workspace/netpol';
import { isEmptySelector, matchesSelector } from '../workspace/selectors';
import type { IndexedObject, NetworkPolicyPeerFact } from '../workspace/types';
import type { PolicyContext } from './policyVerdict';

/**
 * Pod groups (model.ts): the nodes an aggregate edge starts or ends at when a policy rule's
 * peer names every pod of the cluster (`pods:*`) or of a namespace (`pods:<namespace>`),
 * instead of one edge per pod. Namespace names are DNS labels, so `*` is never one.
 */
export const ALL_PODS = 'pods:*';
const PREFIX = 'pods:';

export function namespacePodsId(namespace: string): string {
  return `${PREFIX}${namespace}`;
}

export function isPodGroupId(id: string): boolean {
  return id.startsWith(PREFIX);
}

/** The namespace of a `pods:<namespace>` group; undefined for `pods:*` and other ids. */
export function podGroupNamespace(id: string): string | undefined {
  return isPodGroupId(id) && id !== ALL_PODS ? id.slice(PREFIX.length) : undefined;
}

/** How a reader says a group: `every pod in the cluster`, `every pod in namespace prod`. */
export function podGroupLabel(id: string): string {
  const ns = podGroupNamespace(id);
  return ns === undefined ? 'every pod in the cluster' : `every pod in namespace ${ns}`;
}

/**
 * The groups a Kubernetes peer (not an ipBlock) of a policy in `policyNs` names, when it names
 * whole namespaces: an empty or absent `podSelector` with `namespaceSelector: {}` (every
 * namespace: `pods:*`), with a labelled `namespaceSelector` (each namespace of `namespaces`
 * it matches), or an empty `podSelector` alone (the policy's namespace). Undefined when the
 * peer selects pods by label: those are named pod by pod. `[]`: the peer names nothing (an
 * empty peer, which the API rejects). Exactly the pods `PolicyContext.peerNames` accepts:
 * every pod of those namespaces but pods on the host network.
 */
export function peerGroups(
  ctx: PolicyContext,
  namespaces: readonly string[],
  policyNs: string | undefined,
  peer: NetworkPolicyPeerFact,
): string[] | undefined {
  if (peer.podSelector && !isEmptySelector(peer.podSelector)) return undefined;
  const nsSel = peer.namespaceSelector;
  if (!nsSel) return peer.podSelector && policyNs !== undefined ? [namespacePodsId(policyNs)] : [];
  if (isEmptySelector(nsSel)) return [ALL_PODS];
  return namespaces.filter((ns) => matchesSelector(nsSel, ctx.namespaceLabels(ns))).map(namespacePodsId);
}

/**
 * Whether some traffic of `w` in `direction` is allowed without a rule naming the other pod
 * by its labels: no policy isolates it, a rule allows every peer, or a peer names whole
 * namespaces (`peerGroups`). A pair an egress rule names toward a pod whose ingress is none
 * of these is left to that pod's ingress rules, which name the pair themselves if anything does.
 */
export function admitsWithoutNaming(ctx: PolicyContext, w: IndexedObject, direction: Direction): boolean {
  if (!ctx.isIsolated(w, direction) || ctx.admitsAll(w, direction)) return true;
  return ctx
    .policiesIsolating(w, direction)
    .k8s.some((p) =>
      ((direction === 'Ingress' ? p.networkPolicy?.ingress : p.networkPolicy?.egress) ?? []).some((r) =>
        (r.peers ?? []).some((peer) => !peer.ipBlock && peerGroups(ctx, [], undefined, peer) !== undefined),
      ),
    );
}
