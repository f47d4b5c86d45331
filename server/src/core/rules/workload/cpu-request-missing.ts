import { resourceRule } from './_lib/resourceRule';

export default resourceRule({
  id: 'cpu-request-missing',
  title: 'CPU request not set',
  resource: 'cpu',
  bound: 'requests',
  description:
    'Without a CPU request the container gets no guaranteed CPU share and the scheduler can pack the node until busy neighbours starve it.',
  remediation: 'Set `resources.requests.cpu` to what the container needs in normal operation.',
  equivalents: {
    'kube-linter': ['unset-cpu-requirements'],
    polaris: ['cpuRequestsMissing'],
    kubesec: ['RequestsCPU'],
    trivy: ['KSV-0015'],
    checkov: ['CKV_K8S_10'],
    kubescape: ['C-0050', 'C-0268'],
  },
});
