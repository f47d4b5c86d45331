import { getString } from './node';
import { gvkOf, type Resource } from './resource';

/**
 * kustomize's default ("legacy") output order: kinds that others depend on first, webhooks
 * last, and otherwise by group/version/kind, then namespace and name.
 */
const FIRST = [
  'Namespace', 'ResourceQuota', 'StorageClass', 'CustomResourceDefinition', 'ServiceAccount', 'PodSecurityPolicy',
  'Role', 'ClusterRole', 'RoleBinding', 'ClusterRoleBinding', 'ConfigMap', 'Secret', 'Endpoints', 'Service',
  'LimitRange', 'PriorityClass', 'PersistentVolume', 'PersistentVolumeClaim', 'Deployment', 'StatefulSet',
  'CronJob', 'PodDisruptionBudget',
];
const LAST = ['MutatingWebhookConfiguration', 'ValidatingWebhookConfiguration'];

function rank(kind: string): number {
  const f = FIRST.indexOf(kind);
  if (f >= 0) return f - FIRST.length;
  const l = LAST.indexOf(kind);
  return l >= 0 ? l + 1 : 0;
}

const gvkString = (r: Resource) => {
  const g = gvkOf(r.obj);
  return `${g.group || '~G'}_${g.version || '~V'}_${g.kind || '~K'}`;
};
const idString = (r: Resource) =>
  `${getString(r.obj, ['metadata', 'namespace']) ?? '~X'}|${getString(r.obj, ['metadata', 'name']) ?? '~N'}`;

export function legacySort(resources: Resource[]): Resource[] {
  const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  return [...resources].sort((a, b) => {
    const ka = gvkOf(a.obj).kind;
    const kb = gvkOf(b.obj).kind;
    if (gvkString(a) !== gvkString(b)) return rank(ka) - rank(kb) || cmp(gvkString(a), gvkString(b));
    return cmp(idString(a), idString(b));
  });
}
