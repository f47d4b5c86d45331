import { probeRule } from './_lib/probeRule';

export default probeRule(
  'liveness-probe-missing',
  'livenessProbe',
  'Liveness probe not set',
  'Without a liveness probe a container that hangs (deadlock, exhausted pool) keeps running and receiving traffic until someone notices; the kubelet can only restart what it can test.',
  'Add a `livenessProbe` that fails when the process can no longer make progress.',
  { 'kube-linter': ['no-liveness-probe'], polaris: ['livenessProbeMissing'], checkov: ['CKV_K8S_8'], kubescape: ['C-0056'] },
);
