import type { Document, YAMLMap } from 'yaml';
import { asScalar, getMap, getString, pairOf } from '../yaml/nodes';
import type { Loc, MeshOptOutFact, PeerAuthenticationFacts } from './types';

/** Where a pair of a map is in the file (`LocMaker.pair` in extract.ts). */
type PairLoc = (map: YAMLMap | undefined, key: string) => Loc | undefined;

const ISTIO_INJECT = 'sidecar.istio.io/inject';
const LINKERD_INJECT = 'linkerd.io/inject';

function scalarText(map: YAMLMap | undefined, key: string, doc: Document): string | undefined {
  const v = asScalar(pairOf(map, key)?.value, doc)?.value;
  return v === null || v === undefined ? undefined : String(v);
}

/**
 * The pod template's opt-outs: Istio's `sidecar.istio.io/inject: "false"` (the label, which
 * Istio reads first, else the older annotation) and Linkerd's `linkerd.io/inject: disabled`
 * annotation. Only the pod's own metadata counts: the injectors never see a controller's.
 */
export function meshOptOuts(podMetadata: YAMLMap | undefined, doc: Document, pairLoc: PairLoc): MeshOptOutFact[] {
  const out: MeshOptOutFact[] = [];
  const labels = getMap(podMetadata, 'labels', doc);
  const annotations = getMap(podMetadata, 'annotations', doc);
  const istioMap = pairOf(labels, ISTIO_INJECT) ? labels : annotations;
  const istio = scalarText(istioMap, ISTIO_INJECT, doc);
  const istioLoc = pairLoc(istioMap, ISTIO_INJECT);
  if (istio?.toLowerCase() === 'false' && istioLoc) out.push({ mesh: 'istio', setting: `${ISTIO_INJECT}: "${istio}"`, loc: istioLoc });
  const linkerd = scalarText(annotations, LINKERD_INJECT, doc);
  const linkerdLoc = pairLoc(annotations, LINKERD_INJECT);
  if (linkerd === 'disabled' && linkerdLoc) out.push({ mesh: 'linkerd', setting: `${LINKERD_INJECT}: ${linkerd}`, loc: linkerdLoc });
  return out;
}

/** A `security.istio.io` PeerAuthentication: namespace-wide or not, and its top-level mTLS mode. */
export function peerAuthenticationFacts(spec: YAMLMap | undefined, doc: Document, pairLoc: PairLoc, anchor: Loc): PeerAuthenticationFacts {
  const matchLabels = getMap(getMap(spec, 'selector', doc), 'matchLabels', doc);
  const mtls = getMap(spec, 'mtls', doc);
  const facts: PeerAuthenticationFacts = { namespaceWide: !matchLabels || matchLabels.items.length === 0, modeLoc: anchor };
  const mode = getString(mtls, 'mode', doc)?.toUpperCase();
  if (mode && mode !== 'UNSET') {
    facts.mode = mode;
    facts.modeLoc = pairLoc(mtls, 'mode') ?? anchor;
  }
  return facts;
}
