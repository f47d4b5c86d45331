import { probeRule } from './_lib/probeRule';

export default probeRule(
  'readiness-probe-missing',
  'readinessProbe',
  'Readiness probe not set',
  'Without a readiness probe a container receives traffic as soon as it starts, before it can serve, and keeps receiving it while it is overloaded or draining.',
  'Add a `readinessProbe` that succeeds only when the container can serve requests.',
  { 'kube-linter': ['no-readiness-probe'], polaris: ['readinessProbeMissing'], checkov: ['CKV_K8S_9'], kubescape: ['C-0018'] },
);
