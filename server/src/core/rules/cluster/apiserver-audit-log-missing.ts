import { componentFlags, flagValue } from './_lib/components';
import { defineRule } from '../types';

/**
 * CIS 1.2.16: without `--audit-log-path` (or a webhook backend) the API server keeps no
 * record of who did what. A policy file alone logs nothing without a backend.
 */
export default defineRule({
  id: 'apiserver-audit-log-missing',
  title: 'API server audit log not enabled',
  severity: 'warning',
  category: 'cluster',
  description:
    'Without an audit backend (--audit-log-path or --audit-webhook-config-file) the API server records no request: a compromise, a leaked token or a deleted workload leaves no trace of who did it.',
  remediation: 'Set `--audit-log-path` (with `--audit-policy-file`) or `--audit-webhook-config-file` on the API server.',
  equivalents: { trivy: ['KCV-0019'], checkov: ['CKV_K8S_91'], kubescape: ['C-0067', 'C-0130'] },
  appliesTo: ['Pod', 'ClusterConfiguration'],
  check(ctx) {
    for (const c of componentFlags(ctx)) {
      if (c.component !== 'kube-apiserver' || flagValue(c, 'audit-log-path') || flagValue(c, 'audit-webhook-config-file')) continue;
      ctx.report({
        range: c.anchor,
        message: `${c.where}: kube-apiserver has no audit backend (audit-log-path or audit-webhook-config-file).`,
      });
    }
  },
});
