import { isMap, type Document, type YAMLMap } from 'yaml';
import type { K8sObject } from '../../model/objects';
import { apiGroupOf } from '../../model/apiGroups';
import { get, getMap, getSeq, getString, pairOf, seqMaps } from '../../yaml/nodes';
import type { LocMaker } from '../locs';
import { isEmptySelector, parseLabelSelector, type LabelSelector } from '../selectors';
import type { PodPolicyFacts, PodPolicyPart } from './facts';
import { allowAllFact, fromTo, isEveryAddress, stringItems, type Direction } from './shared';

const EMPTY: LabelSelector = { matchLabels: new Map(), matchExpressions: [] };

/** A selector field: `{}` or `null` select everything; absent is undefined. */
function selectorAt(map: YAMLMap | undefined, key: string, doc: Document): LabelSelector | undefined {
  if (!pairOf(map, key)) return undefined;
  return parseLabelSelector(get(map, key, doc), doc) ?? EMPTY;
}

/**
 * `AdminNetworkPolicy` and `BaselineAdminNetworkPolicy` (`policy.networking.k8s.io`), cluster
 * scoped: `subject` is `namespaces` (every pod of the namespaces selected) or `pods`
 * (`namespaceSelector` + `podSelector`). Unlike a NetworkPolicy, selecting a pod does not
 * isolate it: traffic no rule matches falls through to NetworkPolicies and is allowed by
 * default. So a direction counts as isolated only when the policy has a `Deny` rule without
 * ports for every pod of every namespace (`namespaces: {}`, `pods` with two empty
 * selectors) or every address (`networks` 0.0.0.0/0). Rules are evaluated in order: an
 * `Allow` of every such peer on every port is reported, unless an unconditional `Deny`
 * or `Pass` before it wins.
 */
export function adminPolicyFacts(o: K8sObject, locs: LocMaker): PodPolicyFacts | undefined {
  if (apiGroupOf(o.apiVersion) !== 'policy.networking.k8s.io') return undefined;
  const doc = o.doc;
  const spec = getMap(o.root, 'spec', doc);
  const subjectMap = getMap(spec, 'subject', doc);
  const pods = getMap(subjectMap, 'pods', doc);
  const namespaces = pods ? selectorAt(pods, 'namespaceSelector', doc) : selectorAt(subjectMap, 'namespaces', doc);
  // No subject (or neither form): the API rejects it; it applies to nothing.
  if (!namespaces) return { parts: [] };
  const part: PodPolicyPart = { subject: { language: 'admin', namespaces }, isolates: [], allowAll: [] };
  const podSelector = pods ? selectorAt(pods, 'podSelector', doc) : undefined;
  if (podSelector && part.subject.language === 'admin') part.subject.pods = podSelector;
  for (const direction of ['Ingress', 'Egress'] as const) {
    const rules = getSeq(spec, direction === 'Ingress' ? 'ingress' : 'egress', doc)?.items ?? [];
    for (let i = 0; i < rules.length; i++) {
      const rule = isMap(rules[i]) ? (rules[i] as YAMLMap) : undefined;
      const why = rule ? everyPeer(rule, direction, doc) : undefined;
      if (!rule || !why) continue;
      const action = getString(rule, 'action', doc);
      if (action === 'Allow') part.allowAll.push(allowAllFact(direction, i + 1, locs.node(rule)!, why));
      else if (action === 'Deny' && !part.isolates.includes(direction)) part.isolates.push(direction);
      if (action === 'Deny' || action === 'Pass') break;
    }
  }
  const loc = locs.pair(spec, 'subject');
  if (loc) part.subjectLoc = loc;
  return { parts: [part] };
}

/** Why a rule without ports matches every peer, or undefined. */
function everyPeer(rule: YAMLMap, direction: Direction, doc: Document): string | undefined {
  if (pairOf(rule, 'ports')) return undefined;
  const dir = fromTo(direction);
  for (const peer of seqMaps(getSeq(rule, direction === 'Ingress' ? 'from' : 'to', doc), doc)) {
    const ns = selectorAt(peer, 'namespaces', doc);
    if (ns && isEmptySelector(ns)) return `${dir} every pod in every namespace`;
    const pods = getMap(peer, 'pods', doc);
    const podNs = selectorAt(pods, 'namespaceSelector', doc);
    const podSel = selectorAt(pods, 'podSelector', doc);
    if (podNs && podSel && isEmptySelector(podNs) && isEmptySelector(podSel)) return `${dir} every pod in every namespace`;
    const every = stringItems(peer, 'networks', doc).find(isEveryAddress);
    if (every) return `${dir} every address (${every})`;
  }
  return undefined;
}
