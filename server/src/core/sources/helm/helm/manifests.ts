/**
 * Helm's post-processing of rendered files (releaseutil.SortManifests): "<no value>" removed,
 * each file split at `---` lines, empty documents dropped, hooks set apart, and documents
 * ordered by kind install order (a stable sort: files in path order, documents in file order).
 */
import { removeMapped, sliceSegments, type Segment } from '../template/output';
import { isMap } from '../template/values';
import { readYaml } from './yaml';

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

const SEP = /(?:^|[\t\n\f\r ]*\n)---[\t\n\f\r ]*/g;

/** releaseutil.SplitManifests, with each document's offset in the file. */
function splitManifests(text: string): { start: number; end: number }[] {
  const lead = /^[\t\n\f\r\v ]*/.exec(text)![0].length;
  const trail = /[\t\n\f\r\v ]*$/.exec(text)![0].length;
  const body = text.slice(lead, text.length - trail);
  const docs: { start: number; end: number }[] = [];
  let last = 0;
  const push = (a: number, b: number) => {
    let s = a;
    let e = b;
    while (s < e && /[\t\n\f\r\v ]/.test(body.charAt(s))) s++;
    while (e > s && /[\t\n\f\r\v ]/.test(body.charAt(e - 1))) e--;
    if (b > a) docs.push({ start: lead + s, end: lead + e });
  };
  SEP.lastIndex = 0;
  for (let m = SEP.exec(body); m; m = SEP.exec(body)) {
    if (m[0].length === 0) {
      SEP.lastIndex++;
      continue;
    }
    push(last, m.index);
    last = m.index + m[0].length;
  }
  push(last, body.length);
  return docs;
}

/** What the ordering reads of a manifest (Helm's SimpleHead); throws on YAML errors as Helm does. */
export function manifestHead(content: string): { kind: string; hook: boolean } {
  const head = readYaml(content);
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
