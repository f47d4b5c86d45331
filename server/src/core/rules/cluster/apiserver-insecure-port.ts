import { componentFlags, flagValue } from './_lib/components';
import { defineRule } from '../types';

/**
 * CIS 1.2.19: the insecure port serves the whole API over plain HTTP with no
 * authentication or authorization. Kubernetes 1.20 stopped honouring non-zero values and
 * 1.24 removed the flag (the API server then refuses to start), so any non-zero value is
 * either a hole on an old cluster or a broken manifest.
 */
export default defineRule({
  id: 'apiserver-insecure-port',
  title: 'API server insecure port enabled',
  severity: 'error',
  category: 'cluster',
  description:
    'A non-zero --insecure-port serves the whole API over plain HTTP without authentication or authorization (before Kubernetes 1.20); from 1.24 the flag is removed and the API server does not start with it.',
  remediation: 'Remove `--insecure-port` (or set it to 0 on clusters older than 1.24).',
  equivalents: { checkov: ['CKV_K8S_88'] },
  appliesTo: ['Pod', 'ClusterConfiguration'],
  check(ctx) {
    for (const c of componentFlags(ctx)) {
      if (c.component !== 'kube-apiserver') continue;
      const f = flagValue(c, 'insecure-port');
      if (!f?.flag || f.value.trim() === '0') continue;
      ctx.report({
        range: f.flag.range,
        message: `${c.where}: kube-apiserver serves the API without authentication on insecure-port ${f.value}.`,
      });
    }
  },
});
