import { describeObject } from '../../model/objects';
import { defineRule } from '../types';
import { isConfigFile, scalarAt } from './_lib/configFiles';

/**
 * CIS 4.2.4: the read-only port (10255 when enabled) serves pod specs, environment values
 * included, and metrics over plain HTTP with no authentication. A KubeletConfiguration
 * file defaults it to 0 (off), so only a non-zero value is reported.
 */
export default defineRule({
  id: 'kubelet-read-only-port',
  title: 'Kubelet read-only port enabled',
  severity: 'warning',
  category: 'cluster',
  description:
    'The kubelet read-only port serves the specs of every pod on the node (their environment variables included) and its metrics over plain HTTP, without authentication or authorization.',
  remediation: 'Set `readOnlyPort: 0` (or remove it) in the KubeletConfiguration.',
  equivalents: { trivy: ['KCV-0082'], checkov: ['CKV_K8S_141'] },
  appliesTo: ['KubeletConfiguration'],
  check(ctx) {
    if (!isConfigFile(ctx.object, 'kubelet.config.k8s.io', 'KubeletConfiguration')) return;
    const s = scalarAt(ctx, ['readOnlyPort']);
    if (!s || s.value === 0 || s.value === '0') return;
    ctx.report({
      range: s.range,
      message: `${describeObject(ctx.object)} serves the kubelet read-only API without authentication (readOnlyPort: ${String(s.value)}).`,
    });
  },
});
