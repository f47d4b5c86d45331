import type { Pair, YAMLMap } from 'yaml';
import { describeObject, type K8sObject } from '../../../model/objects';
import { asMap, asScalar, entries, getMap, pairOf, pairRange } from '../../../yaml/nodes';
import type { RuleContext } from '../../types';
import { apiGroup, ISTIO_SECURITY } from './groups';

/** Istio's default root namespace: a PeerAuthentication (or AuthorizationPolicy) there without selector is mesh-wide. */
export const ISTIO_ROOT_NAMESPACE = 'istio-system';

export interface MtlsSetting {
  mode: string;
  /** The map holding `mode` (a fix sets its `mode`). */
  map: YAMLMap;
  pair: Pair;
  /** Set for `portLevelMtls` entries. */
  port?: string;
}

/** Every explicit mTLS mode of a PeerAuthentication: `spec.mtls.mode` and `spec.portLevelMtls.<port>.mode`. */
function mtlsSettings(object: K8sObject): MtlsSetting[] {
  if (apiGroup(object.apiVersion) !== ISTIO_SECURITY) return [];
  const doc = object.doc;
  const spec = getMap(object.root, 'spec', doc);
  const out: MtlsSetting[] = [];
  const read = (map: YAMLMap | undefined, port?: string): void => {
    const pair = pairOf(map, 'mode');
    const mode = asScalar(pair?.value, doc)?.value;
    if (!map || !pair || typeof mode !== 'string') return;
    const s: MtlsSetting = { mode: mode.toUpperCase(), map, pair };
    if (port !== undefined) s.port = port;
    out.push(s);
  };
  read(getMap(spec, 'mtls', doc));
  for (const [port, value] of entries(getMap(spec, 'portLevelMtls', doc))) read(asMap(value, doc), port);
  return out;
}

/** `mesh-wide`, `namespace-wide in "shop"` or `for the workloads it selects`: the reach of an Istio security policy. */
export function istioScope(object: K8sObject): string {
  const spec = getMap(object.root, 'spec', object.doc);
  const selector = getMap(spec, 'selector', object.doc);
  const labels = getMap(selector, 'matchLabels', object.doc);
  if (labels && labels.items.length > 0) return 'for the workloads it selects';
  if (object.namespace === ISTIO_ROOT_NAMESPACE) return 'mesh-wide';
  return object.namespace ? `namespace-wide in "${object.namespace}"` : 'namespace-wide';
}

/** Reports settings whose mode is `mode`, with a fix to STRICT. */
export function reportMode(ctx: RuleContext, mode: 'PERMISSIVE' | 'DISABLE', consequence: string): void {
  const what = describeObject(ctx.object);
  const scope = istioScope(ctx.object);
  for (const s of mtlsSettings(ctx.object)) {
    if (s.mode !== mode) continue;
    const where = s.port !== undefined ? `on port ${s.port} ` : '';
    ctx.report({
      range: pairRange(s.pair, ctx.text)!,
      message: `${what} sets mTLS ${mode} ${where}${scope}: ${consequence}.`,
      fix: { title: 'Set mode: STRICT', ops: [{ op: 'set', map: s.map, path: ['mode'], value: 'STRICT' }] },
    });
  }
}
