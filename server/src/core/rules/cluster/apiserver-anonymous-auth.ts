import { componentFlags, flagValue } from './_lib/components';
import { defineRule } from '../types';

/**
 * CIS 1.2.1: `--anonymous-auth=true` lets unauthenticated requests reach the API server as
 * `system:anonymous`. Only an explicit true is reported: the binary's default is true too,
 * but kubeadm and most installers leave it for the health checks, and RBAC then grants
 * anonymous users discovery only (`rbac-anonymous` reports bindings that give them more).
 */
export default defineRule({
  id: 'apiserver-anonymous-auth',
  title: 'API server accepts anonymous requests',
  severity: 'warning',
  category: 'cluster',
  description:
    'With --anonymous-auth=true every request without credentials is served as system:anonymous; one RBAC binding to that user or group then opens the API to anyone who can reach it.',
  remediation: 'Set `--anonymous-auth=false` (or use an AuthenticationConfiguration that limits anonymous access to the health endpoints).',
  equivalents: { trivy: ['KCV-0001'], checkov: ['CKV_K8S_68'], kubescape: ['C-0113'] },
  appliesTo: ['Pod', 'ClusterConfiguration'],
  check(ctx) {
    for (const c of componentFlags(ctx)) {
      if (c.component !== 'kube-apiserver') continue;
      const f = flagValue(c, 'anonymous-auth');
      if (!f?.flag || f.value.toLowerCase() !== 'true') continue;
      ctx.report({ range: f.flag.range, message: `${c.where}: kube-apiserver serves anonymous requests (anonymous-auth=true).` });
    }
  },
});
