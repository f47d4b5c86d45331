import { isScalar, type Document, type Pair, type YAMLMap } from 'yaml';
import { capitalize } from '../text';
import type { OffsetRange } from '../types';
import { asScalar, deref, entries, getMap, getString, nodeRange, pairOf, pairRange } from '../yaml/nodes';
import { describeObject, type K8sObject } from './objects';
import { describeContainer, type ContainerRef, type PodSpecRef } from './workloads';

/**
 * The one pod/container model every rule reads through (Pod Security, workload, host,
 * service-account and custom rules alike): which containers run, how a container is named
 * in a message, where findings about it are anchored, and its effective security settings.
 * Values are read as the API server receives them after JSON decoding: an explicit `null`
 * is the same as an absent field.
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

/** `Container "app" of Deployment "web"`, the subject of per-container messages. */
export function containerSubject(c: ContainerRef, object: K8sObject): string {
  return `${capitalize(describeContainer(c))} of ${describeObject(object)}`;
}

/**
 * The anchor for a finding about a container: its `preferKey` pair when given and present
 * (e.g. `securityContext:`), else its `name:` pair, else its first key, else the container
 * node itself.
 */
export function containerAnchor(c: ContainerRef, text: string, preferKey?: string): OffsetRange {
  const preferred = preferKey === undefined ? undefined : (pairOf(c.node, preferKey) as Pair | undefined);
  const pair = preferred ?? (c.namePair as Pair | undefined) ?? entries(c.node)[0]?.[2];
  if (pair) return pairRange(pair, text) ?? nodeRange(pair.key) ?? { start: 0, end: 0 };
  return nodeRange(c.node) ?? { start: 0, end: 0 };
}

/** The pod spec's `spec:` key, the anchor for findings about missing pod-level fields. */
export function podAnchor(pod: PodSpecRef, text: string): OffsetRange {
  return pairRange(pod.specPair ?? (pod.spec.items[0] as Pair | undefined), text) ?? { start: 0, end: 0 };
}

/**
 * `spec.os.name: windows`. The API server rejects Linux-only security settings
 * (`readOnlyRootFilesystem`, `runAsGroup`, ...) on such pods, and Pod Security exempts them
 * from Linux-only checks (policy v1.25+).
 */
export function isWindowsPod(pod: PodSpecRef | undefined, doc: Document): boolean {
  return getString(getMap(pod?.spec, 'os', doc), 'name', doc) === 'windows';
}

/** The value node of `key`, or undefined when the pair is missing or its value is null. */
export function presentValue(map: YAMLMap | undefined, key: string, doc: Document): unknown {
  const pair = pairOf(map, key);
  if (!pair) return undefined;
  const value = deref(pair.value, doc);
  if (value === null || value === undefined) return undefined;
  if (isScalar(value) && (value.value === null || value.value === undefined)) return undefined;
  return value;
}

/** A scalar security setting and the pair and map holding it. */
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
 * Where a security-context field comes from for a container, resolving the pod default
 * the way the kubelet does: a present (non-null) container value overrides the pod value.
 */
export function effectiveSecurityField(
  pod: PodSpecRef | undefined,
  c: ContainerRef,
  key: string,
  doc: Document,
): { source: 'container' | 'pod'; pair: Pair } | undefined {
  for (const [source, owner] of [
    ['container', c.node],
    ['pod', pod?.spec],
  ] as const) {
    const sc = getMap(owner, 'securityContext', doc);
    if (presentValue(sc, key, doc) !== undefined) return { source, pair: pairOf(sc, key) as Pair };
  }
  return undefined;
}
