import { lookupKind } from '../model/apiGroups';
import { selectorMatchesPods } from './controllerLabels';
import type { ParsedFile } from '../yaml/parseFile';
import { extractObjects } from './extract';
import { indexText, type IndexedChunk, type IndexedFile } from './indexText';
import { matchesSelector, type LabelSelector } from './selectors';
import type { IndexedObject, IndexFailure } from './types';

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
  // Cluster-wide network policies of CNIs and of the Kubernetes network-policy API.
  'GlobalNetworkPolicy',
  'CiliumClusterwideNetworkPolicy',
  'AdminNetworkPolicy',
  'BaselineAdminNetworkPolicy',
]);

const DEFAULT_NAMESPACE = 'default';

function isClusterScoped(kind: string): boolean {
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

/** `<kind>/<name>` whatever the namespace: lookup key. */
function kindNameKey(kind: string, name: string): string {
  return `${kind}\u0000${name}`;
}

/** A binding subject to look up (see `WorkspaceIndex.bindingsWithSubject`). */
export interface SubjectRef {
  kind: string;
  name: string;
  /** ServiceAccount subjects only: the account's namespace. */
  namespace?: string;
}

/** Key of a subject in the bindings-by-subject table; undefined when it can match no query. */
function subjectKey(kind: string, name: string, namespace: string | undefined): string | undefined {
  if (kind !== 'ServiceAccount') return `${kind}\u0000${name}`;
  return namespace === undefined ? undefined : `${kind}\u0000${name}\u0000${namespace}`;
}

/** Kinds whose bindings `bindingsWithSubject` returns, in the order it returns them. */
const BINDING_KINDS = ['RoleBinding', 'ClusterRoleBinding'];

/**
 * Lookup tables over the objects, built in one pass after a change. Every list is in file
 * then document order (the order of `all()`), so a lookup returns exactly what filtering
 * `all()` would, without the scan: the cross-object rules ask per object and a scan per
 * question made analysis quadratic on large workspaces.
 */
interface Tables {
  all: IndexedObject[];
  byKind: Map<string, IndexedObject[]>;
  /** `byKind` over several kinds, concatenated on first request. */
  byKinds: Map<string, IndexedObject[]>;
  /** Kind, then effective namespace (undefined for cluster-scoped kinds). */
  byKindNamespace: Map<string, Map<string | undefined, IndexedObject[]>>;
  /** Kind, namespace and name (see `nameKey`); unnamed objects are left out. */
  byName: Map<string, IndexedObject[]>;
  /** Kind and name, whatever the namespace (see `kindNameKey`). */
  byKindName: Map<string, IndexedObject[]>;
  workloads: IndexedObject[];
  workloadsByNamespace: Map<string | undefined, IndexedObject[]>;
  /** Bindings by subject key, each with its position in `byKind(...BINDING_KINDS)`, at most once per key. */
  bindingsBySubject: Map<string, Array<{ position: number; binding: IndexedObject }>>;
}

/**
 * The objects of every indexed file, replaceable one file at a time so editor changes and
 * file events update it incrementally. Lookup tables are rebuilt lazily after a change.
 * Only `IndexedObject`s are kept (facts, labels, locations), never a file's AST.
 */
export class WorkspaceIndex {
  private readonly byFile = new Map<string, IndexedObject[]>();
  /** Sections of files indexed with `keepChunks` (open documents), for reuse on their next change. */
  private readonly chunks = new Map<string, IndexedChunk[]>();
  /** Per file, the documents that could not be indexed; files without any are absent. */
  private readonly failuresByFile = new Map<string, IndexFailure[]>();
  private tables?: Tables | undefined;
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
   * With `keepChunks`, the file's sections are kept so the next call re-parses only the
   * sections whose text changed (see indexText.ts).
   */
  setFileText(file: string, text: string, opts: { keepChunks?: boolean } = {}): IndexedObject[] {
    // Kept only on request (open documents, edited over and over): a closed file's text is not held.
    const keep = opts.keepChunks === true;
    const { objects, failures, chunks } = indexText(file, text, keep, keep ? this.chunks.get(file) : undefined);
    if (chunks) this.chunks.set(file, chunks);
    else this.chunks.delete(file);
    this.setFailures(file, failures);
    return this.setFileObjects(file, objects);
  }

  /** Replaces the file's objects with ones indexed elsewhere (`indexAnalysis`, or a CLI worker thread). */
  setFileIndexed(file: string, indexed: IndexedFile): IndexedObject[] {
    this.chunks.delete(file);
    this.setFailures(file, indexed.failures);
    return this.setFileObjects(file, indexed.objects);
  }

  /** Replaces the file's objects from an existing parse (the editor already parsed it). */
  setFileParsed(file: string, parsed: ParsedFile): IndexedObject[] {
    this.chunks.delete(file);
    const failures: IndexFailure[] = [];
    const objects = extractObjects(file, parsed, failures);
    this.setFailures(file, failures);
    return this.setFileObjects(file, objects);
  }

  /**
   * Documents that could not be indexed (extraction threw, or too deeply nested), of one
   * file or of all files (in file order). Their objects are missing from every cross-object
   * rule, so a report must not present the workspace as fully checked.
   */
  failures(file?: string): readonly IndexFailure[] {
    if (file !== undefined) return this.failuresByFile.get(file) ?? [];
    return [...this.failuresByFile.keys()].sort().flatMap((f) => this.failuresByFile.get(f) ?? []);
  }

  private setFailures(file: string, failures: IndexFailure[]): void {
    if (failures.length > 0) this.failuresByFile.set(file, failures);
    else this.failuresByFile.delete(file);
  }

  setFileObjects(file: string, objects: IndexedObject[]): IndexedObject[] {
    if (objects.length === 0) this.byFile.delete(file);
    else this.byFile.set(file, objects);
    this.changed();
    return objects;
  }

  removeFile(file: string): boolean {
    this.chunks.delete(file);
    this.failuresByFile.delete(file);
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

  /**
   * Objects of the given kinds (`lookupKind`: a Kubernetes kind name means that kind in its own API
   * group): all of the first kind, then of the next, each in file order.
   */
  byKind(...kinds: string[]): readonly IndexedObject[] {
    const t = this.build();
    if (kinds.length === 1) return t.byKind.get(kinds[0] ?? '') ?? [];
    const key = kinds.join('\u0000');
    let list = t.byKinds.get(key);
    if (!list) t.byKinds.set(key, (list = kinds.flatMap((k) => t.byKind.get(k) ?? [])));
    return list;
  }

  /** Objects of `kind` whose effective namespace (`namespaceOf`) is `namespace`; undefined: the cluster-scoped ones. */
  byKindInNamespace(kind: string, namespace: string | undefined): readonly IndexedObject[] {
    return this.build().byKindNamespace.get(kind)?.get(namespace) ?? [];
  }

  /** Objects of `kind` named `name` in `namespace` (undefined for cluster-scoped kinds). */
  find(kind: string, namespace: string | undefined, name: string): readonly IndexedObject[] {
    const ns = isClusterScoped(kind) ? undefined : (namespace ?? DEFAULT_NAMESPACE);
    return this.build().byName.get(nameKey(kind, ns, name)) ?? [];
  }

  /** Objects of `kind` named `name` in any namespace. */
  findInAnyNamespace(kind: string, name: string): readonly IndexedObject[] {
    return this.build().byKindName.get(kindNameKey(kind, name)) ?? [];
  }

  /** Objects of the given kinds in `namespace` whose `metadata.labels` match the selector. */
  selectByLabels(kinds: readonly string[], namespace: string | undefined, selector: LabelSelector): IndexedObject[] {
    return kinds.flatMap((k) => this.byKindInNamespace(k, namespace).filter((o) => matchesSelector(selector, o.labels)));
  }

  /** Workloads in `namespace` whose POD TEMPLATE labels match the selector. */
  selectPods(namespace: string, selector: LabelSelector): IndexedObject[] {
    return this.workloadsIn(namespace).filter((o) => selectorMatchesPods(selector, o.workload!.podLabels, o.workload!.generatedLabels));
  }

  /** Objects with a pod template (Deployments, Pods, CronJobs, ...). */
  workloads(): readonly IndexedObject[] {
    return this.build().workloads;
  }

  /** The workloads whose effective namespace is `namespace`. */
  workloadsIn(namespace: string | undefined): readonly IndexedObject[] {
    return this.build().workloadsByNamespace.get(namespace) ?? [];
  }

  /**
   * The RoleBindings, then the ClusterRoleBindings (each in file order, as
   * `byKind('RoleBinding', 'ClusterRoleBinding')`), with at least one subject equal to one
   * of `subjects`: same kind and name and, for a ServiceAccount, same namespace (a
   * RoleBinding's ServiceAccount subject written without namespace is in the binding's
   * namespace; a ClusterRoleBinding's is in none). Each binding once.
   */
  bindingsWithSubject(subjects: readonly SubjectRef[]): IndexedObject[] {
    const table = this.build().bindingsBySubject;
    const found = new Map<number, IndexedObject>();
    for (const s of subjects) {
      const key = subjectKey(s.kind, s.name, s.namespace);
      const entries = key === undefined ? undefined : table.get(key);
      for (const { position, binding } of entries ?? []) found.set(position, binding);
    }
    return [...found].sort((a, b) => a[0] - b[0]).map(([, binding]) => binding);
  }

  /**
   * Every namespace the workspace talks about: defined by a Namespace object or used by a
   * namespaced object. Sorted.
   */
  namespaces(): string[] {
    const set = new Set<string>();
    for (const o of this.all()) {
      if (lookupKind(o) === 'Namespace' && o.name) set.add(o.name);
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

  private build(): Tables {
    if (this.tables) return this.tables;
    const t: Tables = {
      all: [],
      byKind: new Map(),
      byKinds: new Map(),
      byKindNamespace: new Map(),
      byName: new Map(),
      byKindName: new Map(),
      workloads: [],
      workloadsByNamespace: new Map(),
      bindingsBySubject: new Map(),
    };
    for (const file of this.files()) {
      for (const o of this.byFile.get(file)!) {
        const ns = namespaceOf(o);
        // By API group and kind: `byKind('NetworkPolicy')` must not return Calico's (apiGroups.ts).
        const kind = lookupKind(o);
        t.all.push(o);
        push(t.byKind, kind, o);
        let kindByNs = t.byKindNamespace.get(kind);
        if (!kindByNs) t.byKindNamespace.set(kind, (kindByNs = new Map()));
        push(kindByNs, ns, o);
        if (o.name) push(t.byName, nameKey(kind, ns, o.name), o);
        // `name === ''` included: a scan comparing names would match it.
        if (o.name !== undefined) push(t.byKindName, kindNameKey(kind, o.name), o);
        if (o.workload) {
          t.workloads.push(o);
          push(t.workloadsByNamespace, ns, o);
        }
      }
    }
    indexBindingSubjects(
      BINDING_KINDS.flatMap((k) => t.byKind.get(k) ?? []),
      t.bindingsBySubject,
    );
    this.tables = t;
    return t;
  }
}

function push<K>(map: Map<K, IndexedObject[]>, key: K, o: IndexedObject): void {
  let list = map.get(key);
  if (!list) map.set(key, (list = []));
  list.push(o);
}

function indexBindingSubjects(bindings: readonly IndexedObject[], table: Tables['bindingsBySubject']): void {
  bindings.forEach((binding, position) => {
    const bindingNs = binding.kind === 'RoleBinding' ? namespaceOf(binding) : undefined;
    for (const s of binding.binding?.subjects ?? []) {
      const key = subjectKey(s.kind, s.name, s.namespace ?? bindingNs);
      if (key === undefined) continue;
      let list = table.get(key);
      if (!list) table.set(key, (list = []));
      // Two subjects of one binding can share a key: list the binding once.
      if (list[list.length - 1]?.binding !== binding) list.push({ position, binding });
    }
  });
}
