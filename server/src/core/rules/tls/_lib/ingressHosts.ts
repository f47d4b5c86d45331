import type { Document, Pair, Scalar, YAMLMap } from 'yaml';
import { asScalar, getMap, getSeq, pairOf, seqMaps } from '../../../yaml/nodes';

/** A `spec.rules[].host` with the pair that holds it. */
export interface RuleHost {
  host: string;
  pair: Pair;
}

/** A `spec.tls[].hosts[]` entry with its scalar. */
export interface TlsHost {
  host: string;
  node: Scalar;
}

export interface IngressTls {
  spec?: YAMLMap;
  rulesPair?: Pair;
  /** Rules that name a host. */
  ruleHosts: RuleHost[];
  /** Some rule has no host: it serves every host name. */
  hostlessRule: boolean;
  /** `spec.tls` lists at least one entry. */
  hasTls: boolean;
  /** A tls entry without hosts: controllers apply it to every host (ingress-nginx's default certificate). */
  tlsWithoutHosts: boolean;
  tlsHosts: TlsHost[];
}

export function readIngressTls(root: YAMLMap, doc?: Document): IngressTls {
  const spec = getMap(root, 'spec', doc);
  const rules = seqMaps(getSeq(spec, 'rules', doc), doc);
  const ruleHosts: RuleHost[] = [];
  let hostlessRule = false;
  for (const r of rules) {
    const pair = pairOf(r, 'host');
    const host = asScalar(pair?.value, doc)?.value;
    if (pair && typeof host === 'string' && host !== '') ruleHosts.push({ host, pair });
    else hostlessRule = true;
  }
  const tlsEntries = seqMaps(getSeq(spec, 'tls', doc), doc);
  const tlsHosts: TlsHost[] = [];
  let tlsWithoutHosts = false;
  for (const t of tlsEntries) {
    const hosts = getSeq(t, 'hosts', doc);
    if (!hosts || hosts.items.length === 0) tlsWithoutHosts = true;
    for (const item of hosts?.items ?? []) {
      const s = asScalar(item, doc);
      if (s && typeof s.value === 'string') tlsHosts.push({ host: s.value, node: s });
    }
  }
  const out: IngressTls = { ruleHosts, hostlessRule, hasTls: tlsEntries.length > 0, tlsWithoutHosts, tlsHosts };
  if (spec) out.spec = spec;
  const rulesPair = pairOf(spec, 'rules');
  if (rulesPair) out.rulesPair = rulesPair;
  return out;
}

/**
 * Whether a certificate for `tlsHost` serves `host`: equal names (case-insensitive), or a
 * `*.example.com` wildcard covering exactly one more label (`a.example.com`, not
 * `example.com` nor `a.b.example.com`), as in RFC 6125 and Ingress host matching.
 */
export function tlsCovers(tlsHost: string, host: string): boolean {
  const t = tlsHost.toLowerCase();
  const h = host.toLowerCase();
  if (t === h) return true;
  if (!t.startsWith('*.') || h.startsWith('*.')) return false;
  const dot = h.indexOf('.');
  return dot > 0 && h.slice(dot + 1) === t.slice(2);
}

/**
 * Annotations through which cloud load balancers terminate TLS without `spec.tls`
 * (AWS Load Balancer Controller, GKE, Azure Application Gateway): with one of them the
 * Ingress is not plain HTTP even though spec.tls is empty.
 */
export const LB_TLS_ANNOTATIONS: readonly string[] = [
  'alb.ingress.kubernetes.io/certificate-arn',
  'networking.gke.io/managed-certificates',
  'ingress.gcp.kubernetes.io/pre-shared-cert',
  'appgw.ingress.kubernetes.io/appgw-ssl-certificate',
];
