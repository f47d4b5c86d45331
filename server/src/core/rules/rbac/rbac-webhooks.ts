import { defineGrantRule } from './_lib/grantRule';

/** Admission webhooks see and may rewrite every object they match. */
export default defineGrantRule({
  id: 'rbac-webhooks',
  label: 'manage admission webhooks',
  matchers: ['validatingwebhookconfigurations', 'mutatingwebhookconfigurations'].map((resource) => ({
    template: 'resource' as const,
    apiGroup: 'admissionregistration.k8s.io',
    resource,
    verbs: ['create', 'update', 'patch', 'delete', 'deletecollection'],
    why: 'intercept, rewrite or bypass admission of any object',
  })),
  title: 'Manage admission webhook configurations',
  severity: 'warning',
  description:
    'create, update, patch or delete on validatingwebhookconfigurations or mutatingwebhookconfigurations lets the subject route objects (including Secrets) to its own webhook, rewrite pods at admission, or remove policy webhooks.',
  remediation: 'Grant write access to webhook configurations only to the controller that owns them, limited with resourceNames.',
  equivalents: {
    trivy: ['KSV-0114'],
    checkov: ['CKV_K8S_155'],
    kubescape: ['C-0281'],
  },
});
