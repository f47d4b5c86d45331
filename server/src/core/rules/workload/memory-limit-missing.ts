import { resourceRule } from './_lib/resourceRule';

export default resourceRule({
  id: 'memory-limit-missing',
  title: 'Memory limit not set',
  resource: 'memory',
  bound: 'limits',
  description:
    'Without a memory limit a leaking or compromised container can consume all memory on the node, making the kernel kill other workloads (a denial of service across tenants).',
  remediation: 'Set `resources.limits.memory` to the most the container should ever use.',
  equivalents: {
    'kube-linter': ['unset-memory-requirements'],
    polaris: ['memoryLimitsMissing'],
    kubesec: ['LimitsMemory'],
    trivy: ['KSV-0018'],
    checkov: ['CKV_K8S_13'],
    kubescape: ['C-0004', 'C-0271'],
  },
});
