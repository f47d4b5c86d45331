import { formatSelector, isEmptySelector, matchesSelector } from '../workspace/selectors';
import type { IndexedObject, NetworkPolicyPeerFact } from '../workspace/types';
import type { WorkspaceIndex } from '../workspace/workspaceIndex';
import { workloadId } from './ids';
import type { MapPodGroup } from './model';
import { ALL_PODS, namespacePodsId } from './podGroups';
import type { PolicyContext } from './policyVerdict';

/**
 * How a Kubernetes peer (not an ipBlock) of a policy is drawn: a one-sided edge to a pod group
 * (`group`), or the workloads it names, each a candidate pair (`workloads`).
 */
export type PeerTarget = { group: string } | { workloads: readonly IndexedObject[] };

/**
 * A by-label peer naming more workloads than this is drawn as one selector group, not pair by
 * pair: 150 pods naming each other by a shared label would be 22,350 pair edges (issue #20:
 * usable at 500 workloads); a few stay pairs, which read better.
 */
const PAIRS_AT_MOST = 8;

/**
 * Resolves policy peers into pod groups (model.ts): `pods:*` and `pods:<namespace>` for
 * peers naming whole namespaces, and selector groups (`MapPodGroup`: `pods:{<namespace
 * selector>}`, `pods:*{<pod selector>}`, `pods:<namespace>{<pod selector>}`,
 * `pods:{<namespace selector>}{<pod selector>}`) listing their members, for a peer naming
 * whole namespaces by label (one node per selector, however many namespaces it matches) or
 * more than `PAIRS_AT_MOST` workloads by pod labels. Members are exactly the workloads
 * `PolicyContext.peerNames` accepts. Cached by group id: a selector written in 100 policies
 * is matched once.
 */
export class PeerResolver {
  private readonly byId = new Map<string, { members: IndexedObject[]; namespaces: string[] }>();
  private readonly used = new Map<string, MapPodGroup>();
  private listed = 0;

  constructor(
    private readonly index: WorkspaceIndex,
    private readonly ctx: PolicyContext,
    private readonly networkedIds: ReadonlySet<string>,
  ) {}

  resolve(policyNs: string | undefined, peer: NetworkPolicyPeerFact): PeerTarget {
    const nsSel = peer.namespaceSelector;
    const podSel = peer.podSelector && !isEmptySelector(peer.podSelector) ? peer.podSelector : undefined;
    if (!nsSel && !peer.podSelector) return { workloads: [] }; // an empty peer (the API rejects it) names nothing
    if (!podSel) {
      if (!nsSel) {
        if (policyNs === undefined) return { workloads: [] };
        if (isDnsLabel(policyNs)) return { group: namespacePodsId(policyNs) };
        return { group: this.use(`pods:${nsScope(policyNs)}`, `every pod in namespace ${policyNs}`, policyNs, peer) };
      }
      if (isEmptySelector(nsSel)) return { group: ALL_PODS };
      const id = `pods:{${formatSelector(nsSel)}}`;
      const { namespaces } = this.members(id, policyNs, peer);
      // One namespace: the same pods as its `pods:<namespace>` group, which is drawn inside its box.
      if (namespaces.length === 1 && isDnsLabel(namespaces[0]!)) return { group: namespacePodsId(namespaces[0]!) };
      return { group: this.use(id, `pods in namespaces ${formatSelector(nsSel)}`, policyNs, peer) };
    }
    const scope = !nsSel
      ? policyNs === undefined
        ? undefined
        : nsScope(policyNs)
      : isEmptySelector(nsSel)
        ? '*'
        : `{${formatSelector(nsSel)}}`;
    if (scope === undefined) return { workloads: [] };
    const id = `pods:${scope}{${formatSelector(podSel)}}`;
    const { members } = this.members(id, policyNs, peer);
    if (members.length <= PAIRS_AT_MOST) return { workloads: members };
    const where = !nsSel
      ? `in namespace ${scope}`
      : isEmptySelector(nsSel)
        ? 'in every namespace'
        : `in namespaces ${formatSelector(nsSel)}`;
    return { group: this.use(id, `pods ${formatSelector(podSel)} ${where}`, policyNs, peer) };
  }

  /** Whether the peer is drawn as a group (it names whole namespaces or many pods). */
  namesGroup(policyNs: string | undefined, peer: NetworkPolicyPeerFact): boolean {
    return !peer.ipBlock && 'group' in this.resolve(policyNs, peer);
  }

  /** The selector groups some edge uses, with their members. */
  groups(): MapPodGroup[] {
    return [...this.used.values()];
  }

  /** Number of member entries listed so far (counted against the map's limit). */
  memberCount(): number {
    return this.listed;
  }

  private use(id: string, label: string, policyNs: string | undefined, peer: NetworkPolicyPeerFact): string {
    if (!this.used.has(id)) {
      const m = this.members(id, policyNs, peer);
      const members = [...new Set(m.members.map(workloadId))].filter((id) => this.networkedIds.has(id));
      this.used.set(id, { id, label, namespaces: m.namespaces, members });
      this.listed += members.length;
    }
    return id;
  }

  private members(id: string, policyNs: string | undefined, peer: NetworkPolicyPeerFact) {
    let m = this.byId.get(id);
    if (m) return m;
    const nsSel = peer.namespaceSelector;
    const namespaces = this.index
      .namespaces()
      .filter((ns) => (nsSel ? matchesSelector(nsSel, this.ctx.namespaceLabels(ns)) : ns === policyNs));
    const members: IndexedObject[] = [];
    for (const ns of namespaces)
      for (const w of this.index.workloadsIn(ns)) if (w.kind !== 'PodTemplate' && this.ctx.peerNames(policyNs, peer, w)) members.push(w);
    this.byId.set(id, (m = { members, namespaces }));
    return m;
  }
}

/**
 * Namespace names are DNS labels (the API server rejects others), which is what keeps
 * `pods:<namespace>` apart from `pods:*` and from selector groups. A workspace may still
 * write another name: its group is then a selector group `pods:{namespace "<name>"}`.
 */
function isDnsLabel(ns: string): boolean {
  if (ns.length === 0 || ns.length > 63) return false;
  for (let i = 0; i < ns.length; i++) {
    const c = ns.charCodeAt(i);
    const alnum = (c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39);
    if (!alnum && !(c === 0x2d && i > 0 && i < ns.length - 1)) return false;
  }
  return true;
}

/** A namespace as the scope part of a group id: its name, or its quoted name in braces when that is no DNS label. */
function nsScope(ns: string): string {
  return isDnsLabel(ns) ? ns : `{namespace ${JSON.stringify(ns)}}`;
}
