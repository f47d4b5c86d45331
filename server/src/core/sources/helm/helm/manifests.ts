/**
 * Helm's post-processing of rendered files (releaseutil.SortManifests): "<no value>" removed,
 * each file split at `---` lines, empty documents dropped, hooks set apart, and documents
 * ordered by kind install order (a stable sort: files in path order, documents in file order).
 */
import { removeMapped, sliceSegments, type Segment } from '../template/output';
import { isMap } from '../template/values';
import { readYamlKeys } from './yaml';

export interface RenderedFile {
  name: string;
  text: string;
  segments: Segment[];
}
export interface Manifest {
  name: string;
  kind: string;
  content: string;
  segments: Segment[];
  hook: boolean;
}

const INSTALL_ORDER = [
  'PriorityClass',
  'Namespace',
  'NetworkPolicy',
  'ResourceQuota',
  'LimitRange',
  'PodSecurityPolicy',
  'PodDisruptionBudget',
  'ServiceAccount',
  'Secret',
  'SecretList',
  'ConfigMap',
  'StorageClass',
  'PersistentVolume',
  'PersistentVolumeClaim',
  'CustomResourceDefinition',
  'ClusterRole',
  'ClusterRoleList',
  'ClusterRoleBinding',
  'ClusterRoleBindingList',
  'Role',
  'RoleList',
  'RoleBinding',
  'RoleBindingList',
  'Service',
  'DaemonSet',
  'Pod',
  'ReplicationController',
  'ReplicaSet',
  'Deployment',
  'HorizontalPodAutoscaler',
  'StatefulSet',
  'Job',
  'CronJob',
  'IngressClass',
  'Ingress',
  'APIService',
  'MutatingWebhookConfiguration',
  'ValidatingWebhookConfiguration',
];
const ORDER = new Map(INSTALL_ORDER.map((k, i) => [k, i]));

/** Removes "<no value>" (Helm does so after rendering), keeping the source map aligned. */
function dropNoValue(file: RenderedFile): RenderedFile {
  if (!file.text.includes('<no value>')) return file;
  return { name: file.name, ...removeMapped(file.text, file.segments, '<no value>') };
}

/** Go's `\s` plus `\v` (what Go's strings.TrimSpace trims of ASCII). */
const isSpace = (c: string | undefined) => c === ' ' || c === '\n' || c === '\t' || c === '\r' || c === '\f' || c === '\v';
/** Go's `\s` in regexp: `[\t\n\f\r ]`. */
const isRegexpSpace = (c: string | undefined) => c === ' ' || c === '\n' || c === '\t' || c === '\r' || c === '\f';

/**
 * The matches of Go's `(?:^|\s*\n)---\s*` (releaseutil's separator) in `body`, leftmost
 * first, as [start, end) pairs. Scanned by hand: the regular expression backtracks over every
 * run of indentation, which costs a large chart's render more than the rest of its splitting.
 */
function separators(body: string): [number, number][] {
  const out: [number, number][] = [];
  let from = 0;
  for (let j = body.indexOf('---'); j >= 0; j = body.indexOf('---', j + 1)) {
    let start: number;
    if (j === 0 && from === 0) start = 0;
    else if (j - 1 >= from && body[j - 1] === '\n') {
      start = j - 1;
      while (start > from && isRegexpSpace(body[start - 1])) start--;
    } else continue;
    let end = j + 3;
    while (isRegexpSpace(body[end])) end++;
    out.push([start, end]);
    from = end;
    j = end - 1;
  }
  return out;
}

/** releaseutil.SplitManifests, with each document's offset in the file. */
function splitManifests(text: string): { start: number; end: number }[] {
  let lead = 0;
  while (isSpace(text[lead])) lead++;
  let bodyEnd = text.length;
  while (bodyEnd > lead && isSpace(text[bodyEnd - 1])) bodyEnd--;
  const body = text.slice(lead, bodyEnd);
  const docs: { start: number; end: number }[] = [];
  let last = 0;
  const push = (a: number, b: number) => {
    let s = a;
    let e = b;
    while (s < e && isSpace(body[s])) s++;
    while (e > s && isSpace(body[e - 1])) e--;
    if (b > a) docs.push({ start: lead + s, end: lead + e });
  };
  for (const [start, end] of separators(body)) {
    push(last, start);
    last = end;
  }
  push(last, body.length);
  return docs;
}

/** The keys of Helm's SimpleHead that the ordering reads. */
const HEAD_KEYS = { kind: true, metadata: { annotations: true } } as const;

/** What the ordering reads of a manifest (Helm's SimpleHead); throws on YAML errors as Helm does. */
export function manifestHead(content: string): { kind: string; hook: boolean } {
  // The whole document is still read (an invalid one fails as in Helm), but only its head is built.
  const head = readYamlKeys(content, HEAD_KEYS);
  const h = isMap(head) ? head : {};
  const kind = typeof (h as Record<string, unknown>).kind === 'string' ? String((h as Record<string, unknown>).kind) : '';
  const md = (h as Record<string, unknown>).metadata;
  const ann = isMap(md) && isMap(md.annotations) ? md.annotations : undefined;
  return { kind, hook: !!ann && ann['helm.sh/hook'] !== undefined && ann['helm.sh/hook'] !== null };
}

export function orderManifests(files: RenderedFile[], head: typeof manifestHead = manifestHead): Manifest[] {
  const generic: Manifest[] = [];
  const hooks: Manifest[] = [];
  for (const raw of [...files].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    const file = dropNoValue(raw);
    if (file.text.trim() === '') continue;
    for (const d of splitManifests(file.text)) {
      const content = file.text.slice(d.start, d.end);
      let h: { kind: string; hook: boolean };
      try {
        h = head(content);
      } catch (e) {
        throw new Error(`YAML parse error on ${file.name}: error converting YAML to JSON: ${(e as Error).message}`, { cause: e });
      }
      const { kind, hook } = h;
      (hook ? hooks : generic).push({ name: file.name, kind, content, segments: sliceSegments(file.segments, d.start, d.end), hook });
    }
  }
  return [...sortByKind(generic), ...sortByKind(hooks)];
}

function sortByKind(ms: Manifest[]): Manifest[] {
  const idx = new Map(ms.map((m, i) => [m, i]));
  return [...ms].sort((a, b) => {
    const ka = ORDER.get(a.kind);
    const kb = ORDER.get(b.kind);
    if (ka === undefined && kb === undefined) return a.kind !== b.kind ? (a.kind < b.kind ? -1 : 1) : idx.get(a)! - idx.get(b)!;
    if (ka === undefined) return 1;
    if (kb === undefined) return -1;
    return ka - kb || idx.get(a)! - idx.get(b)!;
  });
}
