import { resourceRule } from './_lib/resourceRule';

export default resourceRule({
  id: 'cpu-limit-missing',
  title: 'CPU limit not set',
  resource: 'cpu',
  bound: 'limits',
  defaultEnabled: false,
  description:
    'Without a CPU limit one container can use every idle core of the node; many operators prefer requests without limits to avoid throttling, so this rule is opt-in.',
  remediation: 'Set `resources.limits.cpu` if your policy requires CPU limits.',
  equivalents: {
    polaris: ['cpuLimitsMissing'],
    kubesec: ['LimitsCPU'],
    trivy: ['KSV-0011'],
    checkov: ['CKV_K8S_11'],
    kubescape: ['C-0050', 'C-0270'],
  },
});
