import { describeObject } from '../../model/objects';
import { defineRule } from '../types';
import { isConfigFile, kindRange, scalarAt } from './_lib/configFiles';

const PATH = ['authentication', 'anonymous', 'enabled'];

/**
 * CIS 4.2.1: the kubelet API (exec, logs, pod list) answers unauthenticated requests as
 * `system:anonymous` unless anonymous authentication is off. In a KubeletConfiguration
 * file the default is on, so an absent field is reported too (kubeadm writes false).
 */
export default defineRule({
  id: 'kubelet-anonymous-auth',
  title: 'Kubelet accepts anonymous requests',
  severity: 'error',
  category: 'cluster',
  description:
    'With anonymous authentication on (the KubeletConfiguration default), requests without credentials reach the kubelet API on port 10250 as system:anonymous; with an AlwaysAllow authorizer that is exec into every pod on the node.',
  remediation: 'Set `authentication.anonymous.enabled: false` (and `authentication.webhook.enabled: true`) in the KubeletConfiguration.',
  equivalents: { trivy: ['KCV-0079'], checkov: ['CKV_K8S_138'] },
  appliesTo: ['KubeletConfiguration'],
  check(ctx) {
    if (!isConfigFile(ctx.object, 'kubelet.config.k8s.io', 'KubeletConfiguration')) return;
    const s = scalarAt(ctx, PATH);
    if (s?.value === false) return;
    ctx.report({
      range: s?.range ?? kindRange(ctx),
      message: s
        ? `${describeObject(ctx.object)} lets anonymous requests reach the kubelet API (authentication.anonymous.enabled: ${String(s.value)}).`
        : `${describeObject(ctx.object)} does not set authentication.anonymous.enabled: false (the default lets anonymous requests in).`,
    });
  },
});
