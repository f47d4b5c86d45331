import type { Pair, YAMLMap } from 'yaml';
import { describeObject, type K8sObject } from '../../model/objects';
import { asScalar, getMap, getScalar, getSeq, pairOf, pairRange, seqMaps } from '../../yaml/nodes';
import { defineRule, type FixOp } from '../types';
import { apiGroup, ENVOY_GATEWAY, ISTIO_NETWORKING, TRAEFIK } from './_lib/groups';

/** A minimum-version setting below TLS 1.2, with the value that fixes it. */
interface WeakSetting {
  pair: Pair;
  map: YAMLMap;
  key: string;
  value: string;
  /** `TLS 1.0`, for messages. */
  allows: string;
  safe: string;
  where: string;
}

const ISTIO_OLD: Record<string, string> = { TLSV1_0: 'TLS 1.0', TLSV1_1: 'TLS 1.1' };
const TRAEFIK_OLD: Record<string, string> = { VersionTLS10: 'TLS 1.0', VersionTLS11: 'TLS 1.1' };
const ENVOY_GATEWAY_OLD: Record<string, string> = { '1.0': 'TLS 1.0', '1.1': 'TLS 1.1' };
/** nginx `ssl_protocols` tokens older than TLS 1.2 (case as nginx reads them). */
const NGINX_OLD: Record<string, string> = { SSLv2: 'SSL 2', SSLv3: 'SSL 3', TLSv1: 'TLS 1.0', 'TLSv1.1': 'TLS 1.1' };

function scalarPair(map: YAMLMap | undefined, key: string, o: K8sObject): { pair: Pair; value: string } | undefined {
  const pair = pairOf(map, key);
  const value = asScalar(pair?.value, o.doc)?.value;
  return pair && typeof value === 'string' ? { pair, value } : undefined;
}

/** Istio Gateway `servers[].tls.minProtocolVersion` (Istio's own default for gateways is TLS 1.2). */
function istioGateway(o: K8sObject, out: WeakSetting[]): void {
  const doc = o.doc;
  for (const server of seqMaps(getSeq(getMap(o.root, 'spec', doc), 'servers', doc), doc)) {
    const tls = getMap(server, 'tls', doc);
    const found = scalarPair(tls, 'minProtocolVersion', o);
    const allows = found && ISTIO_OLD[found.value.toUpperCase()];
    if (!tls || !found || !allows) continue;
    const port = getScalar(getMap(server, 'port', doc), 'number', doc);
    const where = port === undefined || port === null ? 'a server' : `the server on port ${String(port)}`;
    out.push({ ...found, map: tls, key: 'minProtocolVersion', allows, safe: 'TLSV1_2', where });
  }
}

/** Traefik `TLSOption.spec.minVersion` (unset, Traefik v3 uses VersionTLS12). */
function traefikTlsOption(o: K8sObject, out: WeakSetting[]): void {
  const spec = getMap(o.root, 'spec', o.doc);
  const found = scalarPair(spec, 'minVersion', o);
  const allows = found && TRAEFIK_OLD[found.value];
  if (spec && found && allows) out.push({ ...found, map: spec, key: 'minVersion', allows, safe: 'VersionTLS12', where: 'its options' });
}

/**
 * Envoy Gateway `ClientTrafficPolicy.spec.tls.minVersion` (`Auto`, `"1.0"` … `"1.3"`; unset,
 * TLS 1.2): the listeners of the Gateway (or listener) it targets. The Gateway API's own
 * listener `tls.options` have no standard key for this (see the docs page).
 */
function envoyGatewayPolicy(o: K8sObject, out: WeakSetting[]): void {
  const tls = getMap(getMap(o.root, 'spec', o.doc), 'tls', o.doc);
  const found = scalarPair(tls, 'minVersion', o);
  const allows = found && ENVOY_GATEWAY_OLD[found.value];
  if (tls && found && allows) out.push({ ...found, map: tls, key: 'minVersion', allows, safe: '1.2', where: 'the listeners it targets' });
}

/** An ingress-nginx (or NGINX Inc.) controller ConfigMap's `ssl-protocols` (default `TLSv1.2 TLSv1.3`). */
function nginxConfigMap(o: K8sObject, out: WeakSetting[]): void {
  const data = getMap(o.root, 'data', o.doc);
  const found = scalarPair(data, 'ssl-protocols', o);
  if (!data || !found) return;
  const old = found.value
    .split(/\s+/)
    .map((token) => NGINX_OLD[token])
    .filter((v): v is string => v !== undefined);
  if (old.length === 0) return;
  out.push({ ...found, map: data, key: 'ssl-protocols', allows: old.join(' and '), safe: 'TLSv1.2 TLSv1.3', where: 'the controller' });
}

export default defineRule({
  id: 'tls-min-version',
  title: 'TLS versions older than 1.2 accepted',
  severity: 'warning',
  category: 'tls',
  description:
    'TLS 1.0 and 1.1 (and SSL) were deprecated by RFC 8996: they rely on SHA-1 and CBC constructions with known attacks, and every current client speaks TLS 1.2. An Istio Gateway `minProtocolVersion`, a Traefik `TLSOption` `minVersion`, an Envoy Gateway `ClientTrafficPolicy` `tls.minVersion` or an ingress-nginx ConfigMap `ssl-protocols` that still accepts them lets a downgrading attacker or an outdated client use them.',
  remediation:
    'Raise the minimum to TLS 1.2 (`TLSV1_2`, `VersionTLS12`, `"1.2"`, or `ssl-protocols: "TLSv1.2 TLSv1.3"`), or remove the setting to use the default.',
  appliesTo: ['Gateway', 'TLSOption', 'ConfigMap', 'ClientTrafficPolicy'],
  check(ctx) {
    const o = ctx.object;
    const group = apiGroup(o.apiVersion);
    const found: WeakSetting[] = [];
    if (o.kind === 'Gateway' && group === ISTIO_NETWORKING) istioGateway(o, found);
    else if (o.kind === 'TLSOption' && TRAEFIK.includes(group)) traefikTlsOption(o, found);
    else if (o.kind === 'ConfigMap' && o.apiVersion === 'v1') nginxConfigMap(o, found);
    else if (o.kind === 'ClientTrafficPolicy' && group === ENVOY_GATEWAY) envoyGatewayPolicy(o, found);
    for (const s of found) {
      const op: FixOp = { op: 'set', map: s.map, path: [s.key], value: s.safe };
      ctx.report({
        range: pairRange(s.pair, ctx.text)!,
        message: `${describeObject(o)} accepts ${s.allows} in ${s.where} (${s.key}: ${s.value}): versions older than TLS 1.2 are deprecated and attackable.`,
        fix: { title: `Set ${s.key}: ${s.safe}`, ops: [op] },
      });
    }
  },
});
