import type { Origin } from '../types';
import { COMMON_ANNOTATIONS, METADATA_LABELS, NAMESPACE, SELECTOR_LABELS, type FieldSpec } from './fieldSpecs';
import { clone, getPath, getString, isKMap, isKScalar, isKSeq, kscalar, scalarText, type KMap, type KNode } from './node';
import { forEachSpec, gvkOf, nameOf, rememberId, type Resource } from './resource';
import { isClusterScoped } from './schema';

/**
 * Kustomize's built-in transformers. Every value they write is a new node whose origin is the
 * kustomization entry that asked for it (`namespace: prod`, an `images:` item …), so a
 * finding on a transformed value points at that entry.
 */
const transformerOrigin = (n: KNode | undefined, field: string): Origin | undefined =>
  n?.origin ? { ...n.origin, via: { kind: 'transformer', field } } : undefined;

export function setNamespace(resources: Resource[], ns: KNode, extra: FieldSpec[]): void {
  const value = isKScalar(ns) ? scalarText(ns) : '';
  const origin = transformerOrigin(ns, 'namespace');
  const set = (parent: KMap, key: string) => parent.entries.set(key, kscalar(value, origin));
  for (const r of resources) {
    rememberId(r);
    const gvk = gvkOf(r.obj);
    if (!isClusterScoped(gvk.kind)) set(ensureMetadata(r, origin), 'namespace');
    if (gvk.kind === 'Namespace' && getString(r.obj, ['apiVersion']) === 'v1') set(ensureMetadata(r, origin), 'name');
    if (gvk.kind === 'RoleBinding' || gvk.kind === 'ClusterRoleBinding') {
      const subjects = r.obj.entries.get('subjects');
      if (isKSeq(subjects)) for (const s of subjects.items) if (isKMap(s) && getString(s, ['name']) === 'default') set(s, 'namespace');
    }
    forEachSpec(r, [...NAMESPACE, ...extra], (parent, key) => set(parent, key), origin);
  }
}

function ensureMetadata(r: Resource, origin?: Origin): KMap {
  let meta = r.obj.entries.get('metadata');
  if (!isKMap(meta)) {
    meta = { t: 'map', entries: new Map(), origin };
    r.obj.entries.set('metadata', meta);
  }
  return meta;
}

/** Kinds kustomize never prefixes or suffixes (their names are significant). */
const KEEP_NAME = new Set(['CustomResourceDefinition', 'APIService', 'Namespace']);

export function addPrefixSuffix(resources: Resource[], prefix: KNode | undefined, suffix: KNode | undefined): void {
  const p = isKScalar(prefix) ? scalarText(prefix) : '';
  const s = isKScalar(suffix) ? scalarText(suffix) : '';
  if (!p && !s) return;
  for (const r of resources) {
    if (KEEP_NAME.has(gvkOf(r.obj).kind)) continue;
    rememberId(r);
    const meta = ensureMetadata(r);
    const old = meta.entries.get('name');
    // The name keeps its own origin: the prefix is not where the name was written.
    meta.entries.set(
      'name',
      kscalar(p + nameOf(r) + s, old?.origin ?? transformerOrigin(prefix ?? suffix, p ? 'namePrefix' : 'nameSuffix')),
    );
  }
}

/** Adds the pairs of a map node at every field spec (labels or annotations). */
export function addPairs(resources: Resource[], pairs: KNode | undefined, specsList: FieldSpec[], field: string): void {
  if (!isKMap(pairs) || pairs.entries.size === 0) return;
  for (const r of resources) {
    forEachSpec(
      r,
      specsList,
      (parent, key) => {
        let target = parent.entries.get(key);
        if (!isKMap(target)) {
          if (target && !(isKScalar(target) && target.value === null)) return;
          target = { t: 'map', entries: new Map(), origin: transformerOrigin(pairs, field) };
          parent.entries.set(key, target);
        }
        for (const [k, v] of pairs.entries) {
          const value = isKScalar(v) ? scalarText(v) : '';
          target.entries.set(k, kscalar(value, transformerOrigin(v, field)));
        }
      },
      transformerOrigin(pairs, field),
    );
  }
}

export const commonLabelSpecs = (extra: FieldSpec[]) => [...METADATA_LABELS, ...SELECTOR_LABELS, ...extra];
export const commonAnnotationSpecs = (extra: FieldSpec[]) => [...COMMON_ANNOTATIONS, ...extra];

/** `labels:` entries: selectors only with includeSelectors, templates with includeTemplates or includeSelectors. */
export function addLabels(resources: Resource[], entries: KNode | undefined, extra: FieldSpec[]): void {
  if (!isKSeq(entries)) return;
  for (const e of entries.items) {
    if (!isKMap(e)) continue;
    const selectors = getString(e, ['includeSelectors']) === 'true';
    const templates = getString(e, ['includeTemplates']) === 'true';
    const own = fieldSpecsOf(e.entries.get('fields'));
    const list = selectors
      ? commonLabelSpecs(extra)
      : templates
        ? [...METADATA_LABELS, ...extra]
        : [{ path: 'metadata/labels', create: true }];
    addPairs(resources, e.entries.get('pairs'), [...list, ...own], 'labels');
  }
}

export function fieldSpecsOf(n: KNode | undefined): FieldSpec[] {
  if (!isKSeq(n)) return [];
  return n.items.filter(isKMap).map((m) => ({
    group: getString(m, ['group']),
    version: getString(m, ['version']),
    kind: getString(m, ['kind']),
    path: getString(m, ['path']) ?? '',
    create: getString(m, ['create']) === 'true',
  }));
}

const SCALABLE = new Set(['Deployment', 'ReplicationController', 'ReplicaSet', 'StatefulSet']);

export function setReplicas(resources: Resource[], entries: KNode | undefined): void {
  if (!isKSeq(entries)) return;
  for (const e of entries.items) {
    if (!isKMap(e)) continue;
    const name = getString(e, ['name']);
    const count = e.entries.get('count');
    for (const r of resources) {
      if (!SCALABLE.has(gvkOf(r.obj).kind)) continue;
      if (nameOf(r) !== name && !r.prevIds.some((id) => id.name === name)) continue;
      const spec = r.obj.entries.get('spec');
      if (isKMap(spec) && count) spec.entries.set('replicas', { ...clone(count), origin: transformerOrigin(count, 'replicas') });
    }
  }
}

/** `images:` rewrites every container image whose name matches, wherever containers are listed. */
export function setImages(resources: Resource[], entries: KNode | undefined): void {
  if (!isKSeq(entries)) return;
  const rules = entries.items.filter(isKMap);
  const visit = (n: KNode | undefined, depth: number): void => {
    if (depth > 100) return;
    if (isKSeq(n)) n.items.forEach((i) => visit(i, depth + 1));
    if (!isKMap(n)) return;
    for (const [k, v] of n.entries) {
      if ((k === 'containers' || k === 'initContainers') && isKSeq(v)) {
        for (const c of v.items) if (isKMap(c)) rewriteImage(c, rules);
      }
      visit(v, depth + 1);
    }
  };
  for (const r of resources) visit(r.obj, 0);
}

function rewriteImage(container: KMap, rules: KMap[]): void {
  const image = getString(container, ['image']);
  if (image === undefined) return;
  const at = image.indexOf('@');
  const beforeDigest = at < 0 ? image : image.slice(0, at);
  const colon = beforeDigest.lastIndexOf(':');
  const hasTag = colon > beforeDigest.lastIndexOf('/');
  const name = hasTag ? beforeDigest.slice(0, colon) : beforeDigest;
  const tagPart = image.slice(name.length);
  for (const rule of rules) {
    if (getString(rule, ['name']) !== name) continue;
    const newName = getString(rule, ['newName']) ?? name;
    const newTag = getString(rule, ['newTag']);
    const digest = getString(rule, ['digest']);
    const suffix = digest ? '@' + digest : newTag !== undefined ? ':' + newTag : tagPart;
    const field = getPath(rule, ['digest']) ?? getPath(rule, ['newTag']) ?? getPath(rule, ['newName']) ?? rule;
    container.entries.set('image', kscalar(newName + suffix, transformerOrigin(field, 'images')));
    return;
  }
}
