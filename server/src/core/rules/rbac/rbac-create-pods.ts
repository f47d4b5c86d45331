import { defineGrantRule } from './_lib/grantRule';

/**
 * Kinds whose `create` lets a subject run arbitrary pods (with any ServiceAccount in the
 * namespace), and whose `update`/`patch` does too: a controller rolls out the edited pod
 * template (new image, command, ServiceAccount), and a pod's own image can be replaced in place.
 */
const POD_CREATING_RESOURCES: ReadonlyArray<{ apiGroup: string; resource: string }> = [
  { apiGroup: '', resource: 'pods' },
  { apiGroup: '', resource: 'replicationcontrollers' },
  { apiGroup: '', resource: 'podtemplates' },
  { apiGroup: 'apps', resource: 'deployments' },
  { apiGroup: 'apps', resource: 'daemonsets' },
  { apiGroup: 'apps', resource: 'statefulsets' },
  { apiGroup: 'apps', resource: 'replicasets' },
  { apiGroup: 'batch', resource: 'jobs' },
  { apiGroup: 'batch', resource: 'cronjobs' },
  // Pre-1.16 groups some manifests still carry.
  { apiGroup: 'extensions', resource: 'deployments' },
  { apiGroup: 'extensions', resource: 'daemonsets' },
  { apiGroup: 'extensions', resource: 'replicasets' },
];

/**
 * CIS 5.1.4: whoever can create a pod (directly or through a controller), or rewrite the pod
 * template of an existing controller, can run it with any ServiceAccount, Secret or
 * ConfigMap of the namespace, and privileged where admission allows. Trivy KSV-0048 counts
 * update the same way.
 */
export default defineGrantRule({
  id: 'rbac-create-pods',
  label: 'create pods',
  matchers: [
    {
      template: 'any-resource',
      verbs: ['create', 'update', 'patch'],
      resources: POD_CREATING_RESOURCES,
      wildcardMeans: 'pods and workload controllers',
      why: 'privilege escalation by pod creation',
    },
  ],
  title: 'Create or change pods or workload controllers',
  severity: 'warning',
  description:
    'create, update or patch on pods or on a workload controller (Deployment, DaemonSet, StatefulSet, ReplicaSet, Job, CronJob, ReplicationController, PodTemplate) lets the subject run a pod (or rewrite a running one) with any image, ServiceAccount, Secret or ConfigMap of the namespace: privilege escalation by pod creation.',
  remediation:
    'Remove create, update and patch on pods and workload controllers from roles that do not deploy workloads (grant scaling through the scale subresource instead).',
  equivalents: {
    'kube-linter': ['access-to-create-pods'],
    trivy: ['KSV-0048'],
    kubescape: ['C-0188'],
  },
});
