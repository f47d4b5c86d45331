import { describeObject } from '../../model/objects';
import { defineRule } from '../types';
import { isConfigFile, scalarAt } from './_lib/configFiles';

const SWITCHES: ReadonlyArray<{ key: string; what: string }> = [
  { key: 'rotateCertificates', what: 'its client certificate is not renewed before it expires' },
  { key: 'serverTLSBootstrap', what: 'it serves with a self-signed certificate that is never rotated nor verifiable' },
];

/**
 * CIS 4.2.11 and 4.2.12: `rotateCertificates: false` stops the kubelet renewing its client
 * certificate; `serverTLSBootstrap: false` keeps a self-signed serving certificate. Only
 * an explicit false is reported: serverTLSBootstrap also needs an approver for the
 * kubelet-serving CSRs, which the manifest cannot show.
 */
export default defineRule({
  id: 'kubelet-certificate-rotation',
  title: 'Kubelet certificate rotation switched off',
  severity: 'warning',
  category: 'cluster',
  description:
    'A kubelet whose client certificate is not rotated drops off the cluster when it expires (or keeps a long-lived credential), and a self-signed serving certificate lets neither the API server nor anyone else verify they talk to the real kubelet.',
  remediation:
    'Set `rotateCertificates: true` and `serverTLSBootstrap: true` (with an approver for kubelet-serving CSRs) in the KubeletConfiguration.',
  equivalents: { trivy: ['KCV-0090', 'KCV-0091'], checkov: ['CKV_K8S_149', 'CKV_K8S_112'] },
  appliesTo: ['KubeletConfiguration'],
  check(ctx) {
    if (!isConfigFile(ctx.object, 'kubelet.config.k8s.io', 'KubeletConfiguration')) return;
    for (const { key, what } of SWITCHES) {
      const s = scalarAt(ctx, [key]);
      if (s?.value !== false) continue;
      ctx.report({ range: s.range, message: `${describeObject(ctx.object)} sets ${key}: false: ${what}.` });
    }
  },
});
