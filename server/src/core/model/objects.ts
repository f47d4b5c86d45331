import { isMap, type Document, type YAMLMap } from 'yaml';
import type { ObjectRef } from '../types';
import { apiGroupOf, isOwnKind } from './apiGroups';
import { entries, getMap, getString, asScalar } from '../yaml/nodes';
import type { ParsedDocument } from '../yaml/parseFile';

/** A Kubernetes object recognised in one YAML document. */
export interface K8sObject {
  apiVersion: string;
  kind: string;
  name?: string | undefined;
  namespace?: string | undefined;
  /** The document's root map. */
  root: YAMLMap;
  metadata?: YAMLMap | undefined;
  doc: Document.Parsed;
  source: ParsedDocument;
}

/**
 * A document is a Kubernetes object when its root is a map whose `apiVersion` and `kind`
 * are non-empty strings. Anything else (GitHub workflows, compose files, lists of
 * scalars) is not ours to judge.
 */
export function recogniseObject(source: ParsedDocument): K8sObject | undefined {
  if (source.error || source.templated) return undefined;
  const root = source.doc.contents;
  if (!isMap(root)) return undefined;
  const apiVersion = getString(root, 'apiVersion');
  const kind = getString(root, 'kind');
  if (!apiVersion || !kind) return undefined;
  const metadata = getMap(root, 'metadata', source.doc);
  return {
    apiVersion,
    kind,
    name: getString(metadata, 'name', source.doc),
    namespace: getString(metadata, 'namespace', source.doc),
    root,
    metadata,
    doc: source.doc,
    source,
  };
}

export function objectRef(o: K8sObject): ObjectRef {
  const ref: ObjectRef = { apiVersion: o.apiVersion, kind: o.kind };
  if (o.namespace !== undefined) ref.namespace = o.namespace;
  if (o.name !== undefined) ref.name = o.name;
  return ref;
}

/**
 * `Kind "name"` (or `Kind` when unnamed), for messages; a Kubernetes kind name of another API
 * group names its group (`NetworkPolicy (projectcalico.org) "web"`), to tell the two apart.
 */
export function describeObject(o: { apiVersion?: string | undefined; kind: string; name?: string | undefined }): string {
  const type =
    o.apiVersion === undefined || isOwnKind({ apiVersion: o.apiVersion, kind: o.kind })
      ? o.kind
      : `${o.kind} (${apiGroupOf(o.apiVersion)})`;
  return o.name ? `${type} "${o.name}"` : type;
}

/** String-valued entries of a `metadata.annotations`/`labels`-like map. */
export function stringMap(map: YAMLMap | undefined, doc?: Document): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of entries(map)) {
    const s = asScalar(v, doc);
    if (s && s.value !== null && s.value !== undefined) out.set(k, String(s.value));
  }
  return out;
}

export function annotationsOf(metadata: YAMLMap | undefined, doc?: Document): Map<string, string> {
  return stringMap(getMap(metadata, 'annotations', doc), doc);
}
