import type { Direction } from '../workspace/netpol';
import type { IndexedObject } from '../workspace/types';
import { namespaceOf } from '../workspace/workspaceIndex';
import type { PolicyContext } from './policyVerdict';
import type { PeerResolver } from './selectorGroups';

/**
 * Pod groups (model.ts): the nodes an aggregate edge starts or ends at when a policy rule's
 * peer names every pod of the cluster (`pods:*`), of a namespace (`pods:<namespace>`), or a
 * selector group (`pods:…{…}`, selectorGroups.ts), instead of one edge per pod. Namespace
 * names are DNS labels, so `*` and `{` are never in one.
 */
export const ALL_PODS = 'pods:*';
const PREFIX = 'pods:';

export function namespacePodsId(namespace: string): string {
  return `${PREFIX}${namespace}`;
}

export function isPodGroupId(id: string): boolean {
  return id.startsWith(PREFIX);
}

/** A selector group (`MapPodGroup`, listed in `SecurityMap.groups`). */
function isSelectorGroupId(id: string): boolean {
  return isPodGroupId(id) && id.includes('{');
}

/** The namespace of a `pods:<namespace>` group, or of a selector group within one namespace; undefined for the others. */
export function podGroupNamespace(id: string): string | undefined {
  if (!isPodGroupId(id) || id === ALL_PODS) return undefined;
  const rest = id.slice(PREFIX.length);
  if (!rest.includes('{')) return rest;
  const scope = rest.slice(0, rest.indexOf('{'));
  return scope !== '' && scope !== '*' ? scope : undefined;
}

/** How a reader says a group: `every pod in the cluster`, `every pod in namespace prod`, a selector group's label. */
export function podGroupLabel(id: string, groups: ReadonlyArray<{ id: string; label: string }> = []): string {
  if (isSelectorGroupId(id)) return groups.find((g) => g.id === id)?.label ?? id;
  const ns = podGroupNamespace(id);
  return ns === undefined ? 'every pod in the cluster' : `every pod in namespace ${ns}`;
}

/**
 * Whether some traffic of `w` in `direction` is allowed without a rule naming the other pod
 * pair by pair: no policy isolates it, a rule allows every peer, or a peer is drawn as a pod
 * group (`namesGroup`). A pair an egress rule names toward a pod whose ingress is none of
 * these is left to that pod's ingress rules, which name the pair themselves if anything does.
 */
export function admitsWithoutNaming(ctx: PolicyContext, peers: PeerResolver, w: IndexedObject, direction: Direction): boolean {
  if (!ctx.isIsolated(w, direction) || ctx.admitsAll(w, direction)) return true;
  return ctx
    .policiesIsolating(w, direction)
    .k8s.some((p) =>
      ((direction === 'Ingress' ? p.networkPolicy?.ingress : p.networkPolicy?.egress) ?? []).some((r) =>
        (r.peers ?? []).some((peer) => peers.namesGroup(namespaceOf(p), peer)),
      ),
    );
}
