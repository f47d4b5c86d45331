import { defineGrantRule } from './_lib/grantRule';

/**
 * CIS 5.1.4: whoever can create a pod (directly or through a controller) can run it with
 * any ServiceAccount, Secret or ConfigMap of the namespace, and privileged where admission allows.
 */
export default defineGrantRule({
  id: 'rbac-create-pods',
  kind: 'rbac-create-pods',
  title: 'Create pods or workload controllers',
  severity: 'warning',
  description:
    'create on pods or on a workload controller (Deployment, DaemonSet, StatefulSet, ReplicaSet, Job, CronJob, ReplicationController, PodTemplate) lets the subject run a pod with any ServiceAccount, Secret or ConfigMap of the namespace: privilege escalation by pod creation.',
  remediation: 'Remove create on pods and workload controllers from roles that do not deploy workloads.',
  equivalents: {
    'kube-linter': ['access-to-create-pods'],
    trivy: ['KSV-0048'],
    kubescape: ['C-0188'],
  },
});
