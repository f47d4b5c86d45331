/**
 * Objects are recognised by API group AND kind. Custom resources reuse Kubernetes kind
 * names (Calico's `projectcalico.org/v3` NetworkPolicy, Knative's `serving.knative.dev`
 * Service, OpenShift's `authorization.openshift.io` Role) with other schemas: read as the
 * Kubernetes kind they give false findings. So a Kubernetes kind name is that kind only in
 * its own group(s); in any other group it is a different type (`lookupKind`).
 */

/** The API group of an apiVersion (`apps/v1` → `apps`, `v1` → ``: the core group). */
export function apiGroupOf(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}

const CORE = [''];
const APPS = ['apps'];
/** Kinds that moved out of `extensions` (v1beta1) and still parse the same in every field we read. */
const APPS_OR_EXTENSIONS = ['apps', 'extensions'];
const NETWORKING_OR_EXTENSIONS = ['networking.k8s.io', 'extensions'];
const RBAC = ['rbac.authorization.k8s.io'];

/**
 * The groups of the Kubernetes kinds that rules, the workspace index or fixes read, and of
 * the Kubernetes kinds custom resources are known to reuse. Versions do not matter here:
 * `apps/v1beta2` is group `apps`.
 */
const KUBERNETES_KIND_GROUPS: ReadonlyMap<string, readonly string[]> = new Map([
  ['Pod', CORE],
  ['PodTemplate', CORE],
  ['ReplicationController', CORE],
  ['Service', CORE],
  ['Secret', CORE],
  ['ConfigMap', CORE],
  ['ServiceAccount', CORE],
  ['Namespace', CORE],
  ['Endpoints', CORE],
  ['Deployment', APPS_OR_EXTENSIONS],
  ['ReplicaSet', APPS_OR_EXTENSIONS],
  // OpenKruise's Advanced DaemonSet and StatefulSet extend the built-in specs (same pod template).
  ['DaemonSet', [...APPS_OR_EXTENSIONS, 'apps.kruise.io']],
  ['StatefulSet', [...APPS, 'apps.kruise.io']],
  ['Job', ['batch']],
  ['CronJob', ['batch']],
  ['NetworkPolicy', NETWORKING_OR_EXTENSIONS],
  ['Ingress', NETWORKING_OR_EXTENSIONS],
  ['IngressClass', ['networking.k8s.io']],
  ['Role', RBAC],
  ['ClusterRole', RBAC],
  ['RoleBinding', RBAC],
  ['ClusterRoleBinding', RBAC],
  ['PodSecurityPolicy', ['policy', 'extensions']],
  ['PodDisruptionBudget', ['policy']],
  // OpenShift's Deployment predecessor: `apps.openshift.io/v1`, or `v1` on OpenShift 3.
  ['DeploymentConfig', ['apps.openshift.io', '']],
]);

/**
 * False only for a Kubernetes kind name in a group that is not its own (a Calico
 * NetworkPolicy). Kinds Kubernetes does not define are judged by the rules written for them,
 * which check their own groups.
 */
export function isOwnKind(o: { apiVersion: string; kind: string }): boolean {
  const groups = KUBERNETES_KIND_GROUPS.get(o.kind);
  return groups === undefined || groups.includes(apiGroupOf(o.apiVersion));
}

/**
 * The type objects are looked up by: the kind itself, except a Kubernetes kind name in a
 * foreign group, which is `group/kind` (`projectcalico.org/NetworkPolicy`), so that a lookup
 * of `NetworkPolicy` means the Kubernetes one.
 */
export function lookupKind(o: { apiVersion: string; kind: string }): string {
  return isOwnKind(o) ? o.kind : `${apiGroupOf(o.apiVersion)}/${o.kind}`;
}
