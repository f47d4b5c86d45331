import { selectorMatchesPods } from './controllerLabels';
import { isEmptySelector } from './selectors';
import type { IndexedObject, NetworkPolicyPeerFact, NetworkPolicyRuleFact } from './types';
import { namespaceOf, type WorkspaceIndex } from './workspaceIndex';

/**
 * NetworkPolicy semantics over indexed objects (networking.k8s.io/v1):
 * - a policy selects the pods of ITS namespace that match `spec.podSelector`
 *   (`{}` = every pod; an absent podSelector is a validation error: nothing);
 * - `policyTypes` absent or empty defaults to `[Ingress]`, plus `Egress` when the policy
 *   has at least one egress rule (the API server's defaulting uses `len(egress) != 0`);
 * - a pod is isolated for a direction once any policy of that direction selects it.
 */
export type Direction = 'Ingress' | 'Egress';

export function policyTypesOf(np: IndexedObject): Direction[] {
  const f = np.networkPolicy;
  if (!f) return [];
  if (f.policyTypes && f.policyTypes.length > 0) {
    return (['Ingress', 'Egress'] as const).filter((d) => f.policyTypes!.includes(d));
  }
  return (f.egress?.length ?? 0) > 0 ? ['Ingress', 'Egress'] : ['Ingress'];
}

/** Workload kinds whose pods NetworkPolicies govern (a PodTemplate runs nothing by itself). */
export function isNetworkedWorkload(o: IndexedObject): boolean {
  return o.workload !== undefined && o.kind !== 'PodTemplate';
}

/** True when the policy selects the workload's pods. */
export function policySelects(np: IndexedObject, workload: IndexedObject): boolean {
  const sel = np.networkPolicy?.podSelector;
  if (!sel || !workload.workload) return false;
  return (
    namespaceOf(np) === namespaceOf(workload) && selectorMatchesPods(sel, workload.workload.podLabels, workload.workload.generatedLabels)
  );
}

/** The policies of a namespace in effect for `direction` (those that isolate what they select). */
export function policiesIn(index: WorkspaceIndex, namespace: string | undefined, direction: Direction): IndexedObject[] {
  return index.byKindInNamespace('NetworkPolicy', namespace).filter((np) => policyTypesOf(np).includes(direction));
}

/** The policies of `direction` that select the workload (only its namespace's policies can). */
export function isolatingPolicies(index: WorkspaceIndex, workload: IndexedObject, direction: Direction): IndexedObject[] {
  return policiesIn(index, namespaceOf(workload), direction).filter((np) => policySelects(np, workload));
}

/** Policies in a namespace that select every pod for `direction` (a namespace-wide isolation). */
export function namespaceWidePolicies(index: WorkspaceIndex, namespace: string, direction: Direction): IndexedObject[] {
  return policiesIn(index, namespace, direction).filter(
    (np) => np.networkPolicy?.podSelector && isEmptySelector(np.networkPolicy.podSelector),
  );
}

/** The workloads of a namespace whose pods NetworkPolicies govern (see `isNetworkedWorkload`). */
export function networkedWorkloadsIn(index: WorkspaceIndex, namespace: string | undefined): IndexedObject[] {
  return index.workloadsIn(namespace).filter(isNetworkedWorkload);
}

const ANY_V4 = /^0\.0\.0\.0\/0$/;
const ANY_V6 = /^::\/0$|^0:0:0:0:0:0:0:0\/0$/;

/** A valid CIDR of the same family as the block, with a prefix: an `except` that removes something. */
function isMeaningfulExcept(cidr: string, except: string): boolean {
  const v4 = /^(\d{1,3}\.){3}\d{1,3}\/(\d{1,2})$/.exec(except);
  if (ANY_V4.test(cidr)) return !!v4 && Number(v4[2]) <= 32;
  const v6 = /^[0-9a-fA-F:]+\/(\d{1,3})$/.exec(except);
  return !!v6 && except.includes(':') && Number(v6[1]) <= 128;
}

/**
 * What a peer opens up that a reviewer should see, or undefined for a narrow peer:
 * `ipBlock` of every address without a meaningful `except`, or `namespaceSelector: {}`
 * without a narrowing podSelector (every pod of every namespace).
 * An empty peer `{}` is rejected by API validation ("must specify a peer") and ignored here.
 */
function broadPeer(peer: NetworkPolicyPeerFact): string | undefined {
  if (peer.ipBlock) {
    const { cidr, except } = peer.ipBlock;
    if ((ANY_V4.test(cidr) || ANY_V6.test(cidr)) && !except.some((e) => isMeaningfulExcept(cidr, e))) return `every address (${cidr})`;
    return undefined;
  }
  if (peer.namespaceSelector && isEmptySelector(peer.namespaceSelector) && (!peer.podSelector || isEmptySelector(peer.podSelector))) {
    return 'every pod in every namespace';
  }
  return undefined;
}

/** Why a rule allows everything on every port, or undefined. */
export function allowAllReason(
  rule: NetworkPolicyRuleFact,
  direction: Direction,
): { reason: string; peer?: NetworkPolicyPeerFact } | undefined {
  if (rule.ports && rule.ports.length > 0) return undefined;
  if (!rule.peers) return { reason: direction === 'Ingress' ? 'from any source' : 'to any destination' };
  for (const p of rule.peers) {
    const broad = broadPeer(p);
    if (broad) return { reason: `${direction === 'Ingress' ? 'from' : 'to'} ${broad}`, peer: p };
  }
  return undefined;
}

/**
 * Custom resources whose operators create pods with labels we cannot predict from the
 * manifest (a Prometheus CR becomes a StatefulSet). In a namespace holding one, a Service
 * or NetworkPolicy selecting "nothing" probably selects those pods, so the dangling-* rules
 * stay quiet there. `group/Kind`.
 */
const OPERATOR_POD_PRODUCERS: ReadonlySet<string> = new Set([
  'monitoring.coreos.com/Prometheus',
  'monitoring.coreos.com/PrometheusAgent',
  'monitoring.coreos.com/Alertmanager',
  'monitoring.coreos.com/ThanosRuler',
  'argoproj.io/Rollout',
  'kafka.strimzi.io/Kafka',
  'elasticsearch.k8s.elastic.co/Elasticsearch',
  'kibana.k8s.elastic.co/Kibana',
  'postgresql.cnpg.io/Cluster',
]);

/** The kinds of `OPERATOR_POD_PRODUCERS`, to look them up by kind rather than scan every object. */
const OPERATOR_POD_PRODUCER_KINDS = [...new Set([...OPERATOR_POD_PRODUCERS].map((k) => k.slice(k.lastIndexOf('/') + 1)))];

/** Whether an operator custom resource of the workspace creates pods in the namespace. */
export function hasOperatorManagedPods(index: WorkspaceIndex, namespace: string | undefined): boolean {
  return OPERATOR_POD_PRODUCER_KINDS.some((kind) =>
    index.byKindInNamespace(kind, namespace).some((o) => OPERATOR_POD_PRODUCERS.has(`${o.apiVersion.split('/')[0]}/${o.kind}`)),
  );
}
