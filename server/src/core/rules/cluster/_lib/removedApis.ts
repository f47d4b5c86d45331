/**
 * API versions Kubernetes has removed, per kind: what replaces each and since when, from
 * the Kubernetes deprecated API migration guide. `sameSchema` marks moves where the object
 * needs no other change than its apiVersion (a quick fix may rewrite it); elsewhere fields
 * moved or became required (apps/v1 requires spec.selector, networking.k8s.io/v1 Ingress
 * renamed its backends), so the change is left to the author.
 */
export interface RemovedApi {
  apiVersion: string;
  kind: string;
  /** The Kubernetes minor release that no longer serves it. */
  removedIn: string;
  /** The apiVersion to use instead, and the release it is served from; none for PodSecurityPolicy. */
  replacement?: { apiVersion: string; since: string; sameSchema?: boolean };
}

const entry = (apiVersion: string, kinds: string[], removedIn: string, replacement?: RemovedApi['replacement']): RemovedApi[] =>
  kinds.map((kind) => ({ apiVersion, kind, removedIn, ...(replacement ? { replacement } : {}) }));

const REMOVED_APIS: readonly RemovedApi[] = [
  ...entry('extensions/v1beta1', ['Deployment', 'DaemonSet', 'ReplicaSet'], '1.16', { apiVersion: 'apps/v1', since: '1.9' }),
  ...entry('extensions/v1beta1', ['NetworkPolicy'], '1.16', { apiVersion: 'networking.k8s.io/v1', since: '1.8' }),
  ...entry('extensions/v1beta1', ['Ingress'], '1.22', { apiVersion: 'networking.k8s.io/v1', since: '1.19' }),
  ...entry('extensions/v1beta1', ['PodSecurityPolicy'], '1.16'),
  ...entry('apps/v1beta1', ['Deployment', 'StatefulSet'], '1.16', { apiVersion: 'apps/v1', since: '1.9' }),
  ...entry('apps/v1beta2', ['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet'], '1.16', { apiVersion: 'apps/v1', since: '1.9' }),
  ...entry('networking.k8s.io/v1beta1', ['Ingress', 'IngressClass'], '1.22', { apiVersion: 'networking.k8s.io/v1', since: '1.19' }),
  ...entry('rbac.authorization.k8s.io/v1beta1', ['Role', 'ClusterRole', 'RoleBinding', 'ClusterRoleBinding'], '1.22', {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    since: '1.8',
    sameSchema: true,
  }),
  ...entry('rbac.authorization.k8s.io/v1alpha1', ['Role', 'ClusterRole', 'RoleBinding', 'ClusterRoleBinding'], '1.22', {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    since: '1.8',
  }),
  ...entry('admissionregistration.k8s.io/v1beta1', ['MutatingWebhookConfiguration', 'ValidatingWebhookConfiguration'], '1.22', {
    apiVersion: 'admissionregistration.k8s.io/v1',
    since: '1.16',
  }),
  ...entry('scheduling.k8s.io/v1beta1', ['PriorityClass'], '1.22', { apiVersion: 'scheduling.k8s.io/v1', since: '1.14', sameSchema: true }),
  ...entry('coordination.k8s.io/v1beta1', ['Lease'], '1.22', { apiVersion: 'coordination.k8s.io/v1', since: '1.14', sameSchema: true }),
  ...entry('certificates.k8s.io/v1beta1', ['CertificateSigningRequest'], '1.22', { apiVersion: 'certificates.k8s.io/v1', since: '1.19' }),
  ...entry('storage.k8s.io/v1beta1', ['CSIDriver', 'CSINode', 'StorageClass', 'VolumeAttachment'], '1.22', {
    apiVersion: 'storage.k8s.io/v1',
    since: '1.19',
  }),
  ...entry('batch/v1beta1', ['CronJob'], '1.25', { apiVersion: 'batch/v1', since: '1.21', sameSchema: true }),
  ...entry('policy/v1beta1', ['PodDisruptionBudget'], '1.25', { apiVersion: 'policy/v1', since: '1.21' }),
  ...entry('policy/v1beta1', ['PodSecurityPolicy'], '1.25'),
  ...entry('discovery.k8s.io/v1beta1', ['EndpointSlice'], '1.25', { apiVersion: 'discovery.k8s.io/v1', since: '1.21' }),
  ...entry('events.k8s.io/v1beta1', ['Event'], '1.25', { apiVersion: 'events.k8s.io/v1', since: '1.19' }),
  ...entry('node.k8s.io/v1beta1', ['RuntimeClass'], '1.25', { apiVersion: 'node.k8s.io/v1', since: '1.20' }),
  ...entry('autoscaling/v2beta1', ['HorizontalPodAutoscaler'], '1.25', { apiVersion: 'autoscaling/v2', since: '1.23' }),
  ...entry('autoscaling/v2beta2', ['HorizontalPodAutoscaler'], '1.26', { apiVersion: 'autoscaling/v2', since: '1.23', sameSchema: true }),
  ...entry('flowcontrol.apiserver.k8s.io/v1beta1', ['FlowSchema', 'PriorityLevelConfiguration'], '1.26', {
    apiVersion: 'flowcontrol.apiserver.k8s.io/v1',
    since: '1.29',
  }),
  ...entry('flowcontrol.apiserver.k8s.io/v1beta2', ['FlowSchema', 'PriorityLevelConfiguration'], '1.29', {
    apiVersion: 'flowcontrol.apiserver.k8s.io/v1',
    since: '1.29',
  }),
  ...entry('flowcontrol.apiserver.k8s.io/v1beta3', ['FlowSchema', 'PriorityLevelConfiguration'], '1.32', {
    apiVersion: 'flowcontrol.apiserver.k8s.io/v1',
    since: '1.29',
  }),
];

/** The kinds the table names: the rule inspects only those (a CRD is never parsed for it). */
export const REMOVED_API_KINDS: readonly string[] = [...new Set(REMOVED_APIS.map((r) => r.kind))];

export function removedApi(apiVersion: string, kind: string): RemovedApi | undefined {
  return REMOVED_APIS.find((r) => r.apiVersion === apiVersion && r.kind === kind);
}
