import type { Pair, YAMLMap } from 'yaml';
import type { K8sObject } from '../../../model/objects';
import { asScalar, getMap, getScalar, getSeq, getString, pairOf, seqMaps } from '../../../yaml/nodes';
import { apiGroup, ISTIO_NETWORKING } from './groups';

/** One `tls:` block of a DestinationRule, with where it sits for messages. */
export interface DrTls {
  map: YAMLMap;
  mode?: string;
  modePair?: Pair;
  /** `traffic policy`, `port 443`, `subset "v2"`, `subset "v2" port 443`. */
  where: string;
}

function portOf(setting: YAMLMap, object: K8sObject): string {
  const n = getScalar(getMap(setting, 'port', object.doc), 'number', object.doc);
  return n === undefined || n === null ? 'a port' : `port ${String(n)}`;
}

function fromPolicy(policy: YAMLMap | undefined, where: string, object: K8sObject, out: DrTls[]): void {
  const doc = object.doc;
  const push = (tls: YAMLMap | undefined, w: string): void => {
    if (!tls) return;
    const pair = pairOf(tls, 'mode');
    const mode = asScalar(pair?.value, doc)?.value;
    const t: DrTls = { map: tls, where: w };
    if (pair && typeof mode === 'string') {
      t.mode = mode.toUpperCase();
      t.modePair = pair;
    }
    out.push(t);
  };
  push(getMap(policy, 'tls', doc), where);
  for (const setting of seqMaps(getSeq(policy, 'portLevelSettings', doc), doc)) {
    push(getMap(setting, 'tls', doc), `${where === 'the traffic policy' ? '' : `${where} `}${portOf(setting, object)}`);
  }
}

/**
 * Every TLS block of an Istio DestinationRule: the top-level traffic policy, its
 * portLevelSettings, and the same inside each subset.
 */
export function destinationRuleTls(object: K8sObject): DrTls[] {
  if (apiGroup(object.apiVersion) !== ISTIO_NETWORKING) return [];
  const doc = object.doc;
  const spec = getMap(object.root, 'spec', doc);
  const out: DrTls[] = [];
  fromPolicy(getMap(spec, 'trafficPolicy', doc), 'the traffic policy', object, out);
  for (const subset of seqMaps(getSeq(spec, 'subsets', doc), doc)) {
    const name = getString(subset, 'name', doc);
    fromPolicy(getMap(subset, 'trafficPolicy', doc), name ? `subset "${name}"` : 'a subset', object, out);
  }
  return out;
}

/** `for host "db.example.com"`, for messages. */
export function hostOf(object: K8sObject): string {
  const host = getString(getMap(object.root, 'spec', object.doc), 'host', object.doc);
  return host ? ` for host "${host}"` : '';
}
