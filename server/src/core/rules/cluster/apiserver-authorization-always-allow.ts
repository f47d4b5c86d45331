import { componentFlags, flagValue } from './_lib/components';
import { defineRule } from '../types';

/** CIS 1.2.7: `AlwaysAllow` in `--authorization-mode` authorizes every authenticated request. */
export default defineRule({
  id: 'apiserver-authorization-always-allow',
  title: 'API server authorizes every request (AlwaysAllow)',
  severity: 'error',
  category: 'cluster',
  description:
    'The authorizers in --authorization-mode are asked in order and the first decision wins: AlwaysAllow grants every request no earlier authorizer decided, so RBAC stops protecting anything.',
  remediation: 'Set `--authorization-mode=Node,RBAC` (without AlwaysAllow).',
  equivalents: { trivy: ['KCV-0007'], checkov: ['CKV_K8S_74'], kubescape: ['C-0118'] },
  appliesTo: ['Pod', 'ClusterConfiguration'],
  check(ctx) {
    for (const c of componentFlags(ctx)) {
      if (c.component !== 'kube-apiserver') continue;
      const f = flagValue(c, 'authorization-mode');
      if (!f?.flag || !f.value.split(',').some((m) => m.trim() === 'AlwaysAllow')) continue;
      ctx.report({
        range: f.flag.range,
        message: `${c.where}: kube-apiserver authorizes every request (authorization-mode includes AlwaysAllow).`,
      });
    }
  },
});
