import { isMap, type Document, type YAMLMap } from 'yaml';
import type { K8sObject } from '../../model/objects';
import { apiGroupOf } from '../../model/apiGroups';
import { asScalar, get, getMap, getSeq, getString, pairOf, seqMaps } from '../../yaml/nodes';
import type { LocMaker } from '../locs';
import { isEmptySelector, parseLabelSelector, type LabelSelector, type SelectorRequirement } from '../selectors';
import type { AllowAllRuleFact, PodPolicyFacts, PodPolicyPart } from './facts';
import { allowAllFact, fromTo, isEveryAddress, stringItems, type Direction } from './shared';

/** The label Cilium gives every pod for its namespace (selectable as `k8s:io.kubernetes.pod.namespace`). */
export const CILIUM_NAMESPACE_LABEL = 'io.kubernetes.pod.namespace';

/** Entities that stand for every peer of some kind, and how they read in a message. */
const BROAD_ENTITIES: ReadonlyMap<string, string> = new Map([
  ['all', 'every entity (all)'],
  ['world', 'every address outside the cluster (world)'],
  ['cluster', 'every endpoint of the cluster (cluster)'],
]);

/**
 * A `CiliumNetworkPolicy` (namespaced) or `CiliumClusterwideNetworkPolicy`, `cilium.io/v2`:
 * each of `spec` and `specs[]` applies to the pods its `endpointSelector` matches (a
 * `nodeSelector` one applies to nodes, not pods). A pod selected by a rule with an `ingress`
 * or `ingressDeny` section goes into default deny for ingress (same for egress), unless
 * `enableDefaultDeny` turns that off. An empty rule `{}` allows nothing (unlike Kubernetes).
 * A rule without `toPorts`/`icmps` that allows `fromEntities` all/world/cluster, a
 * `fromCIDR`(`Set`) of every address, or every pod of every namespace is reported, unless the
 * same spec has deny rules for that direction (deny wins in Cilium, so it allows less).
 */
export function ciliumPolicyFacts(o: K8sObject, locs: LocMaker): PodPolicyFacts | undefined {
  if (apiGroupOf(o.apiVersion) !== 'cilium.io') return undefined;
  const doc = o.doc;
  const global = o.kind === 'CiliumClusterwideNetworkPolicy';
  const specs = [getMap(o.root, 'spec', doc), ...seqMaps(getSeq(o.root, 'specs', doc), doc)];
  const parts: PodPolicyPart[] = [];
  for (const spec of specs) {
    if (!spec || !isMap(get(spec, 'endpointSelector', doc))) continue;
    const endpointSelector = ciliumSelector(parseLabelSelector(get(spec, 'endpointSelector', doc), doc)!);
    const defaultDeny = getMap(spec, 'enableDefaultDeny', doc);
    const isolates: Direction[] = [];
    const allowAll: AllowAllRuleFact[] = [];
    for (const direction of ['Ingress', 'Egress'] as const) {
      const key = direction === 'Ingress' ? 'ingress' : 'egress';
      const allow = getSeq(spec, key, doc)?.items ?? [];
      const deny = getSeq(spec, `${key}Deny`, doc)?.items ?? [];
      const off = asScalar(get(defaultDeny, key, doc))?.value === false;
      if ((allow.length > 0 || deny.length > 0) && !off) isolates.push(direction);
      if (deny.length > 0) continue;
      allow.forEach((item, i) => {
        const why = isMap(item) ? broadRule(item, direction, global, doc) : undefined;
        if (why) allowAll.push(allowAllFact(direction, i + 1, locs.node(item)!, why));
      });
    }
    const part: PodPolicyPart = { subject: { language: 'cilium', endpointSelector }, isolates, allowAll };
    const loc = locs.pair(spec, 'endpointSelector');
    if (loc) part.subjectLoc = loc;
    parts.push(part);
  }
  return { parts };
}

/**
 * Cilium label keys carry a source prefix: `k8s:app` and `any:app` match the pod label `app`
 * (no prefix means `any:`); other sources (`reserved:host`, `cidr:...`) are never a pod's.
 */
function ciliumSelector(sel: LabelSelector): LabelSelector {
  let invalid = sel.invalid;
  const podKey = (key: string): string => {
    const colon = key.indexOf(':');
    if (colon < 0) return key;
    const source = key.slice(0, colon);
    if (source !== 'k8s' && source !== 'any') invalid ??= `selects no pod (${key})`;
    return key.slice(colon + 1);
  };
  const matchLabels = new Map([...sel.matchLabels].map(([k, v]) => [podKey(k), v] as const));
  const matchExpressions: SelectorRequirement[] = sel.matchExpressions.map((r) => ({ ...r, key: podKey(r.key) }));
  const out: LabelSelector = { matchLabels, matchExpressions };
  if (invalid) out.invalid = invalid;
  return out;
}

/** Every pod of every namespace: `{}` in a clusterwide policy, or only `io.kubernetes.pod.namespace` Exists. */
function everyPod(sel: LabelSelector, global: boolean): boolean {
  if (isEmptySelector(sel)) return global;
  return (
    !sel.invalid &&
    sel.matchLabels.size === 0 &&
    sel.matchExpressions.every((r) => r.key === CILIUM_NAMESPACE_LABEL && r.operator === 'Exists')
  );
}

function broadRule(rule: YAMLMap, direction: Direction, global: boolean, doc: Document): string | undefined {
  if (pairOf(rule, 'toPorts') || pairOf(rule, 'icmps')) return undefined;
  const p = direction === 'Ingress' ? 'from' : 'to';
  // `fromRequires` adds a requirement to every peer of the rule.
  if (pairOf(rule, `${p}Requires`)) return undefined;
  const dir = fromTo(direction);
  for (const e of stringItems(rule, `${p}Entities`, doc)) {
    const broad = BROAD_ENTITIES.get(e);
    if (broad) return `${dir} ${broad}`;
  }
  const cidr = stringItems(rule, `${p}CIDR`, doc).find(isEveryAddress);
  if (cidr) return `${dir} every address (${cidr})`;
  for (const set of seqMaps(getSeq(rule, `${p}CIDRSet`, doc), doc)) {
    const c = getString(set, 'cidr', doc);
    if (c && isEveryAddress(c) && stringItems(set, 'except', doc).length === 0) return `${dir} every address (${c})`;
  }
  for (const ep of getSeq(rule, `${p}Endpoints`, doc)?.items ?? []) {
    const sel = parseLabelSelector(ep, doc);
    if (sel && everyPod(ciliumSelector(sel), global)) return `${dir} every pod in every namespace`;
  }
  return undefined;
}
