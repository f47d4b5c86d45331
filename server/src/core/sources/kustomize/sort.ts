import { getString } from './node';
import { gvkOf, type Resource } from './resource';

/**
 * kustomize's default ("legacy") output order: kinds that others depend on first, webhooks
 * last, and otherwise by group/version/kind, then namespace and name. `sortOptions` may give
 * other first/last kinds, or `fifo` (the order resources were accumulated).
 */
const FIRST = [
  'Namespace',
  'ResourceQuota',
  'StorageClass',
  'CustomResourceDefinition',
  'ServiceAccount',
  'PodSecurityPolicy',
  'Role',
  'ClusterRole',
  'RoleBinding',
  'ClusterRoleBinding',
  'ConfigMap',
  'Secret',
  'Endpoints',
  'Service',
  'LimitRange',
  'PriorityClass',
  'PersistentVolume',
  'PersistentVolumeClaim',
  'Deployment',
  'StatefulSet',
  'CronJob',
  'PodDisruptionBudget',
];
const LAST = ['MutatingWebhookConfiguration', 'ValidatingWebhookConfiguration'];

function rank(kind: string, first: string[], last: string[]): number {
  const f = first.indexOf(kind);
  if (f >= 0) return f - first.length;
  const l = last.indexOf(kind);
  return l >= 0 ? l + 1 : 0;
}

const gvkString = (r: Resource) => {
  const g = gvkOf(r.obj);
  return `${g.group || '~G'}_${g.version || '~V'}_${g.kind || '~K'}`;
};
const idString = (r: Resource) =>
  `${getString(r.obj, ['metadata', 'namespace']) ?? '~X'}|${getString(r.obj, ['metadata', 'name']) ?? '~N'}`;

/** The root kustomization's `sortOptions` (kustomize reads only the root's). */
export interface SortOptions {
  order?: string | undefined;
  orderFirst?: string[] | undefined;
  orderLast?: string[] | undefined;
}

export function sortResources(resources: Resource[], options: SortOptions = {}): Resource[] {
  if (options.order === 'fifo') return resources;
  const first = options.orderFirst ?? FIRST;
  const last = options.orderLast ?? LAST;
  const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  return [...resources].sort((a, b) => {
    const ka = gvkOf(a.obj).kind;
    const kb = gvkOf(b.obj).kind;
    if (gvkString(a) !== gvkString(b)) return rank(ka, first, last) - rank(kb, first, last) || cmp(gvkString(a), gvkString(b));
    return cmp(idString(a), idString(b));
  });
}
