import type { Document, Pair, YAMLMap } from 'yaml';
import { describeObject, type K8sObject } from '../../../model/objects';
import { describeContainer, type ContainerRef, type PodSpecRef } from '../../../model/workloads';
import { capitalize } from '../../../text';
import type { OffsetRange } from '../../../types';
import { asScalar, getMap, getString, pairOf, pairRange } from '../../../yaml/nodes';

/**
 * Helpers shared by the workload, host and service-account rules: which containers a
 * rule inspects, how a container is named in a message, and where a finding about a
 * missing field is anchored.
 */

/**
 * Containers that run as part of the pod's lifetime: regular and init containers.
 * Ephemeral containers are added by `kubectl debug` at run time, cannot declare
 * resources, probes or ports, and are out of scope for hardening rules (PSS rules
 * still cover them).
 */
export function runtimeContainers(pod: PodSpecRef | undefined): ContainerRef[] {
  return (pod?.containers ?? []).filter((c) => c.list !== 'ephemeralContainers');
}

/** `Container "app" of Deployment "web"`. */
export function subject(c: ContainerRef, object: K8sObject): string {
  return `${capitalize(describeContainer(c))} of ${describeObject(object)}`;
}

/** The container's `securityContext:` key, else its `name:` pair, else its first key. */
export function containerAnchor(c: ContainerRef, text: string, preferKey = 'securityContext'): OffsetRange {
  const preferred = pairOf(c.node, preferKey);
  return pairRange(preferred ?? c.namePair ?? firstPair(c.node), text) ?? { start: 0, end: 0 };
}

/** The pod spec's `spec:` key, the anchor for findings about missing pod-level fields. */
export function podAnchor(pod: PodSpecRef, text: string): OffsetRange {
  return pairRange(pod.specPair ?? firstPair(pod.spec), text) ?? { start: 0, end: 0 };
}

function firstPair(map: YAMLMap): Pair | undefined {
  return map.items[0] as Pair | undefined;
}

/** A scalar value and the pair holding it. */
export interface Setting {
  value: unknown;
  pair: Pair;
  map: YAMLMap;
}

/** `securityContext.<key>` of a map (container or pod spec), when set to a scalar. */
export function securitySetting(owner: YAMLMap, key: string, doc: Document): Setting | undefined {
  const sc = getMap(owner, 'securityContext', doc);
  const pair = pairOf(sc, key);
  if (!sc || !pair) return undefined;
  const s = asScalar(pair.value, doc);
  if (!s) return undefined;
  return { value: s.value, pair, map: sc };
}

/**
 * The effective value of a setting that exists at both pod and container level
 * (`runAsUser`, `runAsGroup`, ...): the container's own value overrides the pod's.
 */
export function effectiveSetting(pod: PodSpecRef, c: ContainerRef, key: string, doc: Document): { setting?: Setting; from: 'container' | 'pod' | 'none' } {
  const own = securitySetting(c.node, key, doc);
  if (own && own.value !== null) return { setting: own, from: 'container' };
  const inherited = securitySetting(pod.spec, key, doc);
  if (inherited && inherited.value !== null) return { setting: inherited, from: 'pod' };
  return { from: 'none' };
}

/**
 * `spec.os.name: windows`: the API server rejects Linux-only security settings
 * (`readOnlyRootFilesystem`, `runAsGroup`, ...) on such pods, so rules about them skip it.
 */
export function isWindowsPod(pod: PodSpecRef, doc: Document): boolean {
  return getString(getMap(pod.spec, 'os', doc), 'name', doc) === 'windows';
}
