import { isMap, isScalar, type Document, type YAMLMap } from 'yaml';
import type { K8sObject } from '../../model/objects';
import { apiGroupOf } from '../../model/apiGroups';
import { asScalar, get, getMap, getSeq, getString, pairOf } from '../../yaml/nodes';
import type { LocMaker } from '../locs';
import type { AllowAllRuleFact, PodPolicyFacts, PodPolicySubject } from './facts';
import { isAllSelector, parseCalicoSelector, type CalicoSelector } from './calicoSelector';
import { allowAllFact, anyPeer, fromTo, isEveryAddress, keysOf, stringItems, type Direction } from './shared';

/** Calico's groups: the API server's, and the CRDs it stores them in (also applied directly). */
const CALICO_GROUPS = new Set(['projectcalico.org', 'crd.projectcalico.org']);

/** Rule keys that restrict what a rule matches besides its peer (`source`/`destination`). */
const NARROWING_RULE_KEYS = ['protocol', 'notProtocol', 'icmp', 'notICMP', 'ipVersion', 'http'];

/**
 * A Calico `NetworkPolicy` (namespaced) or `GlobalNetworkPolicy`:
 * - it applies to the endpoints its `selector` matches (absent: `all()`), a global one also
 *   filtered by `namespaceSelector`, both by `serviceAccountSelector`;
 * - `types` absent: `Ingress` unless it has only egress rules, plus `Egress` with egress rules;
 * - an endpoint some policy applies to in a direction gets only what a rule allows (Calico
 *   denies the rest at the end of the tier): it is isolated in that direction;
 * - rules are evaluated in order: an `Allow` matching every peer on every port is reported
 *   unless an unconditional `Deny` or `Pass` before it ends the evaluation first.
 * `doNotTrack` and `preDNAT` policies apply to host endpoints only, never to pods.
 */
export function calicoPolicyFacts(o: K8sObject, locs: LocMaker): PodPolicyFacts | undefined {
  if (!CALICO_GROUPS.has(apiGroupOf(o.apiVersion))) return undefined;
  const doc = o.doc;
  const spec = getMap(o.root, 'spec', doc);
  if (asScalar(get(spec, 'doNotTrack', doc))?.value === true || asScalar(get(spec, 'preDNAT', doc))?.value === true) return { parts: [] };
  const global = o.kind === 'GlobalNetworkPolicy';
  const subject: PodPolicySubject = { language: 'calico', selector: selectorAt(spec, 'selector', doc) ?? parseCalicoSelector('') };
  const nsSel = selectorAt(spec, 'namespaceSelector', doc);
  if (global && nsSel) subject.namespaceSelector = nsSel;
  const saSel = selectorAt(spec, 'serviceAccountSelector', doc);
  if (saSel) subject.serviceAccountSelector = saSel;

  const ingress = getSeq(spec, 'ingress', doc)?.items ?? [];
  const egress = getSeq(spec, 'egress', doc)?.items ?? [];
  const written = pairOf(spec, 'types') ? stringItems(spec, 'types', doc) : undefined;
  const isolates: Direction[] = written
    ? (['Ingress', 'Egress'] as const).filter((d) => written.includes(d))
    : egress.length > 0
      ? ingress.length > 0
        ? ['Ingress', 'Egress']
        : ['Egress']
      : ['Ingress'];
  const allowAll: AllowAllRuleFact[] = [];
  for (const direction of isolates) {
    const rules = direction === 'Ingress' ? ingress : egress;
    for (let i = 0; i < rules.length; i++) {
      const rule = isMap(rules[i]) ? (rules[i] as YAMLMap) : undefined;
      if (!rule) continue;
      const why = matchesEverything(rule, direction, global, doc);
      const action = getString(rule, 'action', doc);
      if (why && action === 'Allow') allowAll.push(allowAllFact(direction, i + 1, locs.node(rule)!, why));
      // Nothing after an unconditional Deny or Pass is ever evaluated.
      if (why && (action === 'Deny' || action === 'Pass')) break;
    }
  }
  const part: PodPolicyFacts['parts'][number] = { subject, isolates, allowAll };
  const loc = locs.pair(spec, 'selector') ?? locs.pair(o.root, 'spec');
  if (loc) part.subjectLoc = loc;
  return { parts: [part] };
}

/** A selector field: undefined when absent; one that is not a string (a map, a number) is invalid. */
function selectorAt(map: YAMLMap | undefined, key: string, doc: Document): CalicoSelector | undefined {
  if (!pairOf(map, key)) return undefined;
  const text = getString(map, key, doc);
  return text === undefined ? { text: '', invalid: `${key} is not a string` } : parseCalicoSelector(text);
}

/** A rule's `source`/`destination`: absent or null is no constraint; anything but a map is invalid. */
function entityRule(rule: YAMLMap, key: string, doc: Document): YAMLMap | undefined | 'invalid' {
  const value = get(rule, key, doc);
  if (value === undefined || value === null || (isScalar(value) && value.value === null)) return undefined;
  return getMap(rule, key, doc) ?? 'invalid';
}

/**
 * Why a rule matches every peer on every port (undefined when something narrows it): no
 * protocol or ICMP match, nothing on the selected endpoint's side, and a peer side that is
 * empty, every address (`nets`), or every pod of every namespace (`namespaceSelector: all()`,
 * or `selector: all()` in a global policy, where it is not limited to one namespace).
 */
function matchesEverything(rule: YAMLMap, direction: Direction, global: boolean, doc: Document): string | undefined {
  if (NARROWING_RULE_KEYS.some((k) => pairOf(rule, k))) return undefined;
  const own = entityRule(rule, direction === 'Ingress' ? 'destination' : 'source', doc);
  if (own === 'invalid' || keysOf(own).length > 0) return undefined;
  const peer = entityRule(rule, direction === 'Ingress' ? 'source' : 'destination', doc);
  if (peer === 'invalid') return undefined;
  const keys = keysOf(peer);
  if (keys.length === 0) return anyPeer(direction);
  if (keys.length === 1 && keys[0] === 'nets') {
    const every = stringItems(peer, 'nets', doc).find(isEveryAddress);
    return every ? `${fromTo(direction)} every address (${every})` : undefined;
  }
  if (!keys.every((k) => k === 'selector' || k === 'namespaceSelector')) return undefined;
  const sel = selectorAt(peer, 'selector', doc);
  const ns = selectorAt(peer, 'namespaceSelector', doc);
  const allPods = sel === undefined || isAllSelector(sel);
  const allNamespaces = ns === undefined ? global : isAllSelector(ns);
  return allPods && allNamespaces ? `${fromTo(direction)} every pod in every namespace` : undefined;
}
