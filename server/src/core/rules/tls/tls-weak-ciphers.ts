import type { Node, Pair } from 'yaml';
import { isSeq } from 'yaml';
import { describeObject, type K8sObject } from '../../model/objects';
import { asScalar, get, getMap, getSeq, pairOf, pairRange, seqMaps } from '../../yaml/nodes';
import { defineRule } from '../types';
import { apiGroup, ENVOY_GATEWAY, isIngressApi, ISTIO_NETWORKING, TRAEFIK } from './_lib/groups';

/**
 * Whether one cipher-list entry enables a broken cipher. OpenSSL strings (`RC4-SHA`,
 * `DES-CBC3-SHA`, `aNULL`, `EXP-…`) and Go names (`TLS_RSA_WITH_3DES_EDE_CBC_SHA`) alike;
 * an entry starting with `!` or `-` removes ciphers and is never weak. `@SECLEVEL=0`
 * re-enables everything OpenSSL refuses by default.
 */
function weakCipher(entry: string): boolean {
  const e = entry.trim().toUpperCase();
  if (e === '' || e.startsWith('!') || e.startsWith('-')) return false;
  const name = e.startsWith('+') ? e.slice(1) : e;
  if (name === '@SECLEVEL=0') return true;
  return ['RC4', 'DES', 'MD5', 'NULL'].some((w) => name.includes(w)) || name.startsWith('EXP');
}

interface CipherSetting {
  pair: Pair;
  entries: string[];
  where: string;
}

function listEntries(value: unknown, o: K8sObject): string[] {
  const node = value as Node | null | undefined;
  if (isSeq(node)) return node.items.map((i) => asScalar(i, o.doc)?.value).filter((v): v is string => typeof v === 'string');
  const s = asScalar(node, o.doc)?.value;
  return typeof s === 'string' ? s.split(/[:,\s]+/) : [];
}

function settingsOf(o: K8sObject): CipherSetting[] {
  const doc = o.doc;
  const group = apiGroup(o.apiVersion);
  const out: CipherSetting[] = [];
  const add = (map: Parameters<typeof pairOf>[0], key: string, where: string): void => {
    const pair = pairOf(map, key);
    if (pair) out.push({ pair, entries: listEntries(get(map, key, doc), o), where });
  };
  if (o.kind === 'ConfigMap' && o.apiVersion === 'v1') add(getMap(o.root, 'data', doc), 'ssl-ciphers', 'ssl-ciphers');
  else if (o.kind === 'Ingress' && isIngressApi(o.apiVersion))
    add(getMap(o.metadata, 'annotations', doc), 'nginx.ingress.kubernetes.io/ssl-ciphers', 'ssl-ciphers');
  else if (o.kind === 'TLSOption' && TRAEFIK.includes(group)) add(getMap(o.root, 'spec', doc), 'cipherSuites', 'cipherSuites');
  else if (o.kind === 'Gateway' && group === ISTIO_NETWORKING)
    for (const server of seqMaps(getSeq(getMap(o.root, 'spec', doc), 'servers', doc), doc))
      add(getMap(server, 'tls', doc), 'cipherSuites', 'cipherSuites');
  else if (o.kind === 'ClientTrafficPolicy' && group === ENVOY_GATEWAY)
    add(getMap(getMap(o.root, 'spec', doc), 'tls', doc), 'ciphers', 'ciphers');
  return out;
}

export default defineRule({
  id: 'tls-weak-ciphers',
  title: 'Broken TLS ciphers enabled',
  severity: 'warning',
  category: 'tls',
  description:
    'A cipher list that enables RC4, DES or 3DES, MD5, NULL (no encryption or no authentication) or export-grade ciphers, or lowers OpenSSL to `@SECLEVEL=0`, lets a client, or an attacker in the middle, negotiate a cipher whose traffic can be decrypted or forged.',
  remediation: "Remove the broken ciphers from the list, or remove the setting to use the controller's default list.",
  appliesTo: ['ConfigMap', 'Ingress', 'TLSOption', 'Gateway', 'ClientTrafficPolicy'],
  check(ctx) {
    for (const s of settingsOf(ctx.object)) {
      const weak = s.entries.filter(weakCipher);
      if (weak.length === 0) continue;
      const shown = weak.slice(0, 5).join(', ') + (weak.length > 5 ? `, and ${weak.length - 5} more` : '');
      ctx.report({
        range: pairRange(s.pair, ctx.text)!,
        message: `${describeObject(ctx.object)} enables broken ciphers in ${s.where}: ${shown}.`,
      });
    }
  },
});
