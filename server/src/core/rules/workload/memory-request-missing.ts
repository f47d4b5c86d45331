import { resourceRule } from './_lib/resourceRule';

export default resourceRule({
  id: 'memory-request-missing',
  title: 'Memory request not set',
  resource: 'memory',
  bound: 'requests',
  description:
    'Without a memory request the scheduler places the pod as if it needed no memory, overcommitting nodes; under pressure the pod is among the first evicted.',
  remediation: 'Set `resources.requests.memory` to what the container needs in normal operation.',
  equivalents: {
    'kube-linter': ['unset-memory-requirements'],
    polaris: ['memoryRequestsMissing'],
    kubesec: ['RequestsMemory'],
    trivy: ['KSV-0016'],
    checkov: ['CKV_K8S_12'],
    kubescape: ['C-0004', 'C-0269'],
  },
});
