import { ISTIO_ROOT_NAMESPACE } from '../../../rules/tls/_lib/peerAuthentication';
import type { IndexedObject, Loc } from '../../types';
import type { WorkspaceIndex } from '../../workspaceIndex';

/** The PeerAuthentication that decides a namespace's mTLS mode, and where it says so. */
export interface EffectiveMtls {
  mode: string;
  policy: IndexedObject;
  at: Loc;
  /** `namespace-wide in "shop"` or `mesh-wide`, for messages. */
  scope: string;
}

function firstWithMode(index: WorkspaceIndex, namespace: string): IndexedObject | undefined {
  return index
    .byKindInNamespace('PeerAuthentication', namespace)
    .find((p) => p.peerAuthentication?.namespaceWide && p.peerAuthentication.mode);
}

/**
 * Istio's precedence for a namespace's pods without a workload-specific policy: a
 * namespace-wide PeerAuthentication that sets a mode, else the mesh-wide one (namespace-wide
 * in the root namespace, `istio-system` by default), else nothing (Istio then uses
 * PERMISSIVE). With several candidates Istio takes the oldest, which a manifest cannot
 * tell; the first in file order is used.
 */
export function effectiveMtls(index: WorkspaceIndex, namespace: string): EffectiveMtls | undefined {
  const own = firstWithMode(index, namespace);
  const root = own ?? firstWithMode(index, ISTIO_ROOT_NAMESPACE);
  const facts = root?.peerAuthentication;
  if (!root || !facts?.mode) return undefined;
  const scope = own && namespace !== ISTIO_ROOT_NAMESPACE ? `namespace-wide in "${namespace}"` : 'mesh-wide';
  return { mode: facts.mode, policy: root, at: facts.modeLoc, scope };
}

/**
 * Why a Namespace is in the Istio mesh, as written (`istio-injection=enabled`), or undefined:
 * sidecar injection by label or revision, or the ambient data plane.
 */
export function istioMeshLabel(ns: IndexedObject): string | undefined {
  const injection = ns.labels.get('istio-injection');
  if (injection === 'enabled') return 'istio-injection=enabled';
  if (injection !== undefined) return undefined; // `disabled` wins over a revision label
  const rev = ns.labels.get('istio.io/rev');
  if (rev) return `istio.io/rev=${rev}`;
  if (ns.labels.get('istio.io/dataplane-mode') === 'ambient') return 'istio.io/dataplane-mode=ambient';
  return undefined;
}
