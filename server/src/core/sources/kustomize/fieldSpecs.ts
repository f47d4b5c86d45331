/**
 * Where kustomize's built-in transformers look (its default field specs, kustomize v5.6.0
 * api/konfig/builtinpluginconsts, Apache-2.0), written compactly: a path with `/` between
 * map keys (a list on the way is walked item by item; `\/` is a literal slash) and the kinds it
 * applies to. `configurations:` files add to these per kustomization.
 */
export interface FieldSpec {
  group?: string | undefined;
  version?: string | undefined;
  kind?: string | undefined;
  path: string;
  create?: boolean | undefined;
}

const WORKLOADS = ['Deployment', 'ReplicaSet', 'DaemonSet', 'StatefulSet', 'Job'];
const specs = (kinds: string[], paths: string[], extra: Partial<FieldSpec> = {}): FieldSpec[] =>
  kinds.flatMap((kind) => paths.map((path) => ({ kind, path, ...extra })));

/** The pod spec paths of every kind that has one, with the kind. */
function podSpecPaths(suffixes: string[]): FieldSpec[] {
  return [
    ...specs(
      ['Pod'],
      suffixes.map((s) => `spec/${s}`),
    ),
    ...specs(
      ['PodTemplate'],
      suffixes.map((s) => `template/spec/${s}`),
    ),
    ...specs(
      [...WORKLOADS, 'ReplicationController'],
      suffixes.map((s) => `spec/template/spec/${s}`),
    ),
    ...specs(
      ['CronJob'],
      suffixes.map((s) => `spec/jobTemplate/spec/template/spec/${s}`),
    ),
  ];
}

export const METADATA_LABELS: FieldSpec[] = [
  { path: 'metadata/labels', create: true },
  ...specs(['ReplicationController', 'Deployment', 'ReplicaSet', 'DaemonSet', 'StatefulSet', 'Job'], ['spec/template/metadata/labels'], {
    create: true,
  }),
  { kind: 'StatefulSet', path: 'spec/volumeClaimTemplates[]/metadata/labels', create: true },
  { kind: 'CronJob', path: 'spec/jobTemplate/metadata/labels', create: true },
  { kind: 'CronJob', path: 'spec/jobTemplate/spec/template/metadata/labels', create: true },
];

const AFFINITY = [
  'podAffinity/preferredDuringSchedulingIgnoredDuringExecution/podAffinityTerm',
  'podAffinity/requiredDuringSchedulingIgnoredDuringExecution',
  'podAntiAffinity/preferredDuringSchedulingIgnoredDuringExecution/podAffinityTerm',
  'podAntiAffinity/requiredDuringSchedulingIgnoredDuringExecution',
].map((p) => `spec/template/spec/affinity/${p}/labelSelector/matchLabels`);

/** Selector fields that `commonLabels` (and `labels` with includeSelectors) also set. */
export const SELECTOR_LABELS: FieldSpec[] = [
  { kind: 'Service', version: 'v1', path: 'spec/selector', create: true },
  { kind: 'ReplicationController', version: 'v1', path: 'spec/selector', create: true },
  ...specs(['Deployment', 'ReplicaSet', 'DaemonSet', 'StatefulSet'], ['spec/selector/matchLabels'], { create: true }),
  ...specs(['Deployment', 'StatefulSet'], [...AFFINITY, 'spec/template/spec/topologySpreadConstraints/labelSelector/matchLabels'], {
    group: 'apps',
  }),
  { kind: 'Job', group: 'batch', path: 'spec/selector/matchLabels' },
  { kind: 'CronJob', group: 'batch', path: 'spec/jobTemplate/spec/selector/matchLabels' },
  { kind: 'PodDisruptionBudget', group: 'policy', path: 'spec/selector/matchLabels' },
  ...specs(
    ['NetworkPolicy'],
    ['spec/podSelector/matchLabels', 'spec/ingress/from/podSelector/matchLabels', 'spec/egress/to/podSelector/matchLabels'],
    { group: 'networking.k8s.io' },
  ),
];

export const COMMON_ANNOTATIONS: FieldSpec[] = [
  { path: 'metadata/annotations', create: true },
  ...specs(
    ['ReplicationController', 'Deployment', 'ReplicaSet', 'DaemonSet', 'StatefulSet', 'Job'],
    ['spec/template/metadata/annotations'],
    { create: true },
  ),
  { kind: 'CronJob', path: 'spec/jobTemplate/metadata/annotations', create: true },
  { kind: 'CronJob', path: 'spec/jobTemplate/spec/template/metadata/annotations', create: true },
];

/** Besides metadata/namespace of namespaced kinds and subjects named "default" (handled in code). */
export const NAMESPACE: FieldSpec[] = [
  { kind: 'APIService', group: 'apiregistration.k8s.io', path: 'spec/service/namespace', create: true },
  { kind: 'CustomResourceDefinition', group: 'apiextensions.k8s.io', path: 'spec/conversion/webhook/clientConfig/service/namespace' },
];

export const VAR_REFERENCE: FieldSpec[] = [
  ...podSpecPaths([
    'containers/args',
    'containers/command',
    'containers/env/value',
    'containers/volumeMounts/mountPath',
    'initContainers/args',
    'initContainers/command',
    'initContainers/env/value',
    'initContainers/volumeMounts/mountPath',
    'volumes/nfs/server',
  ]).filter((f) => f.kind !== 'PodTemplate' && f.kind !== 'ReplicationController'),
  ...specs(['Ingress'], ['spec/rules/host', 'spec/tls/hosts', 'spec/tls/secretName']),
  ...specs(['Service'], ['spec/ports/port', 'spec/ports/targetPort']),
  { kind: 'StatefulSet', path: 'spec/volumeClaimTemplates/spec/nfs/server' },
  { kind: 'PersistentVolume', path: 'spec/nfs/server' },
  { path: 'metadata/labels' },
  { path: 'metadata/annotations' },
];

/** A kind whose name other objects refer to, and the fields that refer to it. */
export interface NameReference {
  kind: string;
  group?: string | undefined;
  fieldSpecs: FieldSpec[];
}

const podRefs = (paths: string[], kinds?: string[]) => podSpecPaths(paths).filter((f) => !kinds || kinds.includes(f.kind!));
const CONTROLLERS = ['Pod', 'StatefulSet', 'Deployment', 'ReplicationController', 'CronJob', 'Job', 'DaemonSet'];

export const NAME_REFERENCES: NameReference[] = [
  ...['Deployment', 'ReplicationController', 'ReplicaSet', 'StatefulSet'].map((kind) => ({
    kind,
    fieldSpecs: [{ kind: 'HorizontalPodAutoscaler', path: 'spec/scaleTargetRef/name' }],
  })),
  {
    kind: 'ConfigMap',
    fieldSpecs: [
      ...podRefs([
        'volumes/configMap/name',
        'containers/env/valueFrom/configMapKeyRef/name',
        'initContainers/env/valueFrom/configMapKeyRef/name',
        'containers/envFrom/configMapRef/name',
        'initContainers/envFrom/configMapRef/name',
        'volumes/projected/sources/configMap/name',
      ]).filter((f) => f.kind !== 'ReplicationController'),
      { kind: 'Node', path: 'spec/configSource/configMap' },
      { kind: 'Role', path: 'rules/resourceNames' },
      { kind: 'ClusterRole', path: 'rules/resourceNames' },
      { kind: 'Ingress', path: 'metadata/annotations/nginx.ingress.kubernetes.io\\/fastcgi-params-configmap' },
    ],
  },
  {
    kind: 'Secret',
    fieldSpecs: [
      ...podRefs([
        'volumes/secret/secretName',
        'containers/env/valueFrom/secretKeyRef/name',
        'initContainers/env/valueFrom/secretKeyRef/name',
        'containers/envFrom/secretRef/name',
        'initContainers/envFrom/secretRef/name',
        'imagePullSecrets/name',
        'volumes/projected/sources/secret/name',
      ]).filter((f) => f.kind !== 'ReplicationController'),
      { kind: 'Ingress', path: 'spec/tls/secretName' },
      ...[
        'ingress.kubernetes.io\\/auth-secret',
        'nginx.ingress.kubernetes.io\\/auth-secret',
        'nginx.ingress.kubernetes.io\\/auth-tls-secret',
      ].map((a) => ({ kind: 'Ingress', path: `metadata/annotations/${a}` })),
      { kind: 'ServiceAccount', path: 'imagePullSecrets/name' },
      ...['secretName', 'adminSecretName', 'userSecretName', 'secretRef'].map((p) => ({ kind: 'StorageClass', path: `parameters/${p}` })),
      { kind: 'Role', path: 'rules/resourceNames' },
      { kind: 'ClusterRole', path: 'rules/resourceNames' },
      {
        kind: 'Service',
        group: 'serving.knative.dev',
        version: 'v1',
        path: 'spec/template/spec/containers/env/valueFrom/secretKeyRef/name',
      },
      { kind: 'PersistentVolume', path: 'spec/azureFile/secretName' },
    ],
  },
  {
    kind: 'Service',
    fieldSpecs: [
      { kind: 'StatefulSet', group: 'apps', path: 'spec/serviceName' },
      ...[
        'spec/rules/http/paths/backend/serviceName',
        'spec/backend/serviceName',
        'spec/rules/http/paths/backend/service/name',
        'spec/defaultBackend/service/name',
      ].map((path) => ({ kind: 'Ingress', path })),
      { kind: 'APIService', group: 'apiregistration.k8s.io', path: 'spec/service/name' },
      { kind: 'ValidatingWebhookConfiguration', group: 'admissionregistration.k8s.io', path: 'webhooks/clientConfig/service' },
      { kind: 'MutatingWebhookConfiguration', group: 'admissionregistration.k8s.io', path: 'webhooks/clientConfig/service' },
      { kind: 'HTTPRoute', path: 'spec/rules/backendRefs/name' },
    ],
  },
  {
    kind: 'Role',
    group: 'rbac.authorization.k8s.io',
    fieldSpecs: [{ kind: 'RoleBinding', group: 'rbac.authorization.k8s.io', path: 'roleRef/name' }],
  },
  {
    kind: 'ClusterRole',
    group: 'rbac.authorization.k8s.io',
    fieldSpecs: ['RoleBinding', 'ClusterRoleBinding'].map((kind) => ({ kind, group: 'rbac.authorization.k8s.io', path: 'roleRef/name' })),
  },
  {
    kind: 'ServiceAccount',
    fieldSpecs: [
      ...['RoleBinding', 'ClusterRoleBinding'].map((kind) => ({ kind, group: 'rbac.authorization.k8s.io', path: 'subjects' })),
      ...podRefs(['serviceAccountName'], CONTROLLERS),
    ],
  },
  { kind: 'PersistentVolumeClaim', fieldSpecs: podRefs(['volumes/persistentVolumeClaim/claimName'], CONTROLLERS) },
  {
    kind: 'PersistentVolume',
    fieldSpecs: [
      { kind: 'PersistentVolumeClaim', path: 'spec/volumeName' },
      { kind: 'ClusterRole', path: 'rules/resourceNames' },
    ],
  },
  {
    kind: 'StorageClass',
    group: 'storage.k8s.io',
    fieldSpecs: [
      ...specs(['PersistentVolume', 'PersistentVolumeClaim'], ['spec/storageClassName']),
      { kind: 'StatefulSet', path: 'spec/volumeClaimTemplates/spec/storageClassName' },
    ],
  },
  { kind: 'PriorityClass', group: 'scheduling.k8s.io', fieldSpecs: podRefs(['priorityClassName'], CONTROLLERS) },
  { kind: 'IngressClass', group: 'networking.k8s.io', fieldSpecs: [{ kind: 'Ingress', path: 'spec/ingressClassName' }] },
];
