import { selectorMatchesPods } from './controllerLabels';
import { splitDocuments, sniffKind } from '../yaml/chunks';
import { LineIndex } from '../yaml/lineIndex';
import { parseChunk } from '../yaml/parseChunk';
import { parseFile, type ParsedDocument, type ParsedFile } from '../yaml/parseFile';
import { extractObjects } from './extract';
import { matchesSelector, type LabelSelector } from './selectors';
import type { IndexedObject } from './types';

/**
 * Kinds that live outside namespaces. Everything else is namespaced; a namespaced object
 * written without `metadata.namespace` is taken to be in `default` (where `kubectl apply`
 * puts it without `-n`), see docs/workspace.md.
 */
const CLUSTER_SCOPED = new Set([
  'Namespace',
  'Node',
  'PersistentVolume',
  'StorageClass',
  'ClusterRole',
  'ClusterRoleBinding',
  'CustomResourceDefinition',
  'MutatingWebhookConfiguration',
  'ValidatingWebhookConfiguration',
  'ValidatingAdmissionPolicy',
  'ValidatingAdmissionPolicyBinding',
  'PriorityClass',
  'RuntimeClass',
  'IngressClass',
  'APIService',
  'CSIDriver',
  'CSINode',
  'VolumeSnapshotClass',
  'ClusterIssuer',
  'PodSecurityPolicy',
]);

export const DEFAULT_NAMESPACE = 'default';

export function isClusterScoped(kind: string): boolean {
  return CLUSTER_SCOPED.has(kind);
}

/** The namespace an object lands in; undefined for cluster-scoped kinds. */
export function namespaceOf(o: Pick<IndexedObject, 'kind' | 'namespace'>): string | undefined {
  if (isClusterScoped(o.kind)) return undefined;
  return o.namespace || DEFAULT_NAMESPACE;
}

/** `<namespace>/<name>` or `<name>`: lookup key. */
function nameKey(kind: string, namespace: string | undefined, name: string): string {
  return `${kind}\u0000${namespace ?? ''}\u0000${name}`;
}

/**
 * The objects of every indexed file, replaceable one file at a time so editor changes and
 * file events update it incrementally. Lookup tables are rebuilt lazily after a change.
 * Only `IndexedObject`s are kept (facts, labels, locations), never a file's AST.
 */
export class WorkspaceIndex {
  private readonly byFile = new Map<string, IndexedObject[]>();
  private tables?: { all: IndexedObject[]; byKind: Map<string, IndexedObject[]>; byName: Map<string, IndexedObject[]> };
  private _version = 0;

  /** Bumped on every change: caches keyed on it are invalidated. */
  get version(): number {
    return this._version;
  }

  /**
   * Parses `text` and replaces the file's objects. Returns the new objects. Documents whose
   * kind (sniffed from their top-level lines) no workspace rule looks at and that are big
   * by nature (CRDs, ConfigMaps) are not parsed at all: they dominate parse time in real
   * repositories (kube-prometheus, Argo CD) and carry nothing the cross-object rules use.
   */
  setFileText(file: string, text: string): IndexedObject[] {
    return this.setFileParsed(file, parseForIndex(text));
  }

  /** Replaces the file's objects from an existing parse (the editor already parsed it). */
  setFileParsed(file: string, parsed: ParsedFile): IndexedObject[] {
    return this.setFileObjects(file, extractObjects(file, parsed));
  }

  setFileObjects(file: string, objects: IndexedObject[]): IndexedObject[] {
    if (objects.length === 0) this.byFile.delete(file);
    else this.byFile.set(file, objects);
    this.changed();
    return objects;
  }

  removeFile(file: string): boolean {
    const had = this.byFile.delete(file);
    if (had) this.changed();
    return had;
  }

  hasFile(file: string): boolean {
    return this.byFile.has(file);
  }

  files(): string[] {
    return [...this.byFile.keys()].sort();
  }

  objectsInFile(file: string): readonly IndexedObject[] {
    return this.byFile.get(file) ?? [];
  }

  /** Every object, in file then document order. */
  all(): readonly IndexedObject[] {
    return this.build().all;
  }

  byKind(...kinds: string[]): IndexedObject[] {
    const t = this.build();
    if (kinds.length === 1) return t.byKind.get(kinds[0]) ?? [];
    return kinds.flatMap((k) => t.byKind.get(k) ?? []);
  }

  /** Objects of `kind` named `name` in `namespace` (undefined for cluster-scoped kinds). */
  find(kind: string, namespace: string | undefined, name: string): IndexedObject[] {
    const ns = isClusterScoped(kind) ? undefined : (namespace ?? DEFAULT_NAMESPACE);
    return this.build().byName.get(nameKey(kind, ns, name)) ?? [];
  }

  /** Objects of the given kinds in `namespace` whose `metadata.labels` match the selector. */
  selectByLabels(kinds: readonly string[], namespace: string | undefined, selector: LabelSelector): IndexedObject[] {
    return this.byKind(...kinds).filter((o) => namespaceOf(o) === namespace && matchesSelector(selector, o.labels));
  }

  /** Workloads in `namespace` whose POD TEMPLATE labels match the selector. */
  selectPods(namespace: string, selector: LabelSelector): IndexedObject[] {
    return this.workloads().filter((o) => namespaceOf(o) === namespace && selectorMatchesPods(selector, o.workload!.podLabels, o.workload!.generatedLabels));
  }

  /** Objects with a pod template (Deployments, Pods, CronJobs, ...). */
  workloads(): IndexedObject[] {
    return this.all().filter((o) => o.workload !== undefined);
  }

  /**
   * Every namespace the workspace talks about: defined by a Namespace object or used by a
   * namespaced object. Sorted.
   */
  namespaces(): string[] {
    const set = new Set<string>();
    for (const o of this.all()) {
      if (o.kind === 'Namespace' && o.name) set.add(o.name);
      const ns = namespaceOf(o);
      if (ns) set.add(ns);
    }
    return [...set].sort();
  }

  /** The Namespace object named `name`, if the workspace defines it. */
  namespaceObject(name: string): IndexedObject | undefined {
    return this.find('Namespace', undefined, name)[0];
  }

  /**
   * The labels a namespace carries for `namespaceSelector`: its object's labels plus the
   * automatic `kubernetes.io/metadata.name` label (set by the API server since v1.21).
   */
  namespaceLabels(name: string): Map<string, string> {
    const labels = new Map(this.namespaceObject(name)?.labels ?? []);
    labels.set('kubernetes.io/metadata.name', name);
    return labels;
  }

  private changed(): void {
    this._version++;
    this.tables = undefined;
  }

  private build(): NonNullable<WorkspaceIndex['tables']> {
    if (this.tables) return this.tables;
    const all: IndexedObject[] = [];
    const byKind = new Map<string, IndexedObject[]>();
    const byName = new Map<string, IndexedObject[]>();
    for (const file of this.files()) {
      for (const o of this.byFile.get(file)!) {
        all.push(o);
        let k = byKind.get(o.kind);
        if (!k) byKind.set(o.kind, (k = []));
        k.push(o);
        if (o.name) {
          const key = nameKey(o.kind, namespaceOf(o), o.name);
          let n = byName.get(key);
          if (!n) byName.set(key, (n = []));
          n.push(o);
        }
      }
    }
    this.tables = { all, byKind, byName };
    return this.tables;
  }
}

/** Kinds the index never needs (see `setFileText`). */
const UNINDEXED_KINDS = new Set(['CustomResourceDefinition', 'ConfigMap']);

function parseForIndex(text: string): ParsedFile {
  const chunks = splitDocuments(text);
  if (!chunks) return parseFile(text);
  const documents: ParsedDocument[] = [];
  let index = 0;
  for (const { start, end } of chunks) {
    const sniffed = sniffKind(text.slice(start, end));
    if (sniffed && UNINDEXED_KINDS.has(sniffed.kind)) {
      index++;
      continue;
    }
    const docs = parseChunk(text, start, end, index);
    documents.push(...docs);
    index += docs.length;
  }
  return { text, lines: new LineIndex(text), documents };
}
