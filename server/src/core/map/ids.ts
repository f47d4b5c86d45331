import type { IndexedObject, Loc } from '../workspace/types';
import { namespaceOf, type WorkspaceIndex } from '../workspace/workspaceIndex';
import { isNetworkedWorkload } from '../workspace/netpol';
import type { MapLoc } from './model';

/** `workload:<namespace>/<Kind>/<name>` (model.ts's node-id scheme). */
export function workloadId(w: Pick<IndexedObject, 'kind' | 'namespace' | 'name'>): string {
  return `workload:${namespaceOf(w) ?? ''}/${w.kind}/${w.name ?? ''}`;
}

/** A place in a file as the map carries it (no offsets: a webview has no text). */
export function mapLoc(loc: Loc): MapLoc {
  return { file: loc.file, range: loc.range };
}

/**
 * The workload a query names: a full id (`workload:ns/Kind/name`), `Kind/namespace/name`,
 * `namespace/name` or a bare `name` (namespace `default`). `namespace/name` and `name` must
 * name exactly one workload; otherwise the error says which ones it could be.
 */
export function resolveWorkloadId(index: WorkspaceIndex, query: string): { id: string } | { error: string } {
  const workloads = index.workloads().filter(isNetworkedWorkload);
  const q = query.trim();
  let matches: IndexedObject[];
  if (q.startsWith('workload:')) {
    matches = workloads.filter((w) => workloadId(w) === q);
  } else {
    const parts = q.split('/');
    if (parts.length === 3) {
      const [kind, ns, name] = parts;
      matches = workloads.filter((w) => w.kind === kind && namespaceOf(w) === ns && w.name === name);
    } else if (parts.length === 2) {
      const [ns, name] = parts;
      matches = workloads.filter((w) => namespaceOf(w) === ns && w.name === name);
    } else if (parts.length === 1) {
      matches = workloads.filter((w) => namespaceOf(w) === 'default' && w.name === q);
    } else matches = [];
  }
  const ids = [...new Set(matches.map(workloadId))];
  if (ids.length === 1) return { id: ids[0]! };
  if (ids.length === 0) return { error: `no workload "${q}" in the files read` };
  return { error: `"${q}" names several workloads: ${ids.join(', ')}` };
}

/** The workload objects of an id (two files may define the same object). */
export function workloadsById(index: WorkspaceIndex): Map<string, IndexedObject> {
  const out = new Map<string, IndexedObject>();
  for (const w of index.workloads()) if (isNetworkedWorkload(w) && !out.has(workloadId(w))) out.set(workloadId(w), w);
  return out;
}
