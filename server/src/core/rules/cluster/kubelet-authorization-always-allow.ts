import { describeObject } from '../../model/objects';
import { defineRule } from '../types';
import { isConfigFile, scalarAt } from './_lib/configFiles';

/** CIS 4.2.2: `authorization.mode: AlwaysAllow` lets every authenticated caller use the kubelet API. */
export default defineRule({
  id: 'kubelet-authorization-always-allow',
  title: 'Kubelet authorizes every request (AlwaysAllow)',
  severity: 'error',
  category: 'cluster',
  description:
    'With authorization.mode: AlwaysAllow the kubelet does not ask the API server: every caller it authenticates (anonymous ones too, if enabled) may exec into, read logs of and list every pod on the node.',
  remediation: 'Set `authorization.mode: Webhook` in the KubeletConfiguration.',
  equivalents: { trivy: ['KCV-0080'], checkov: ['CKV_K8S_139'] },
  appliesTo: ['KubeletConfiguration'],
  check(ctx) {
    if (!isConfigFile(ctx.object, 'kubelet.config.k8s.io', 'KubeletConfiguration')) return;
    const s = scalarAt(ctx, ['authorization', 'mode']);
    if (s?.value !== 'AlwaysAllow') return;
    ctx.report({
      range: s.range,
      message: `${describeObject(ctx.object)} authorizes every kubelet API request (authorization.mode: AlwaysAllow).`,
    });
  },
});
