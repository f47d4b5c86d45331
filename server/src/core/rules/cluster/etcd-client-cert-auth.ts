import { componentFlags, flagValue } from './_lib/components';
import { defineRule } from '../types';

const CHECKED: ReadonlyArray<{ flag: string; who: string }> = [
  { flag: 'client-cert-auth', who: 'clients' },
  { flag: 'peer-client-cert-auth', who: 'peers' },
];

/**
 * CIS 2.2 and 2.5: etcd holds every object of the cluster, Secrets included. Without
 * `--client-cert-auth=true` any client that reaches its port reads and writes it; without
 * `--peer-client-cert-auth=true` any host can join as a peer. kubeadm sets both itself, so a
 * ClusterConfiguration is reported only when its extraArgs turn them off.
 */
export default defineRule({
  id: 'etcd-client-cert-auth',
  title: 'etcd does not require client certificates',
  severity: 'error',
  category: 'cluster',
  description:
    'etcd stores every object of the cluster, Secrets included; without client (and peer) certificate authentication anyone who reaches its ports can read or rewrite the whole cluster state.',
  remediation:
    'Run etcd with `--client-cert-auth=true` and `--peer-client-cert-auth=true`, with `--trusted-ca-file` and `--peer-trusted-ca-file`.',
  equivalents: { trivy: ['KCV-0043', 'KCV-0046'], checkov: ['CKV_K8S_117', 'CKV_K8S_121'] },
  appliesTo: ['Pod', 'ClusterConfiguration'],
  check(ctx) {
    for (const c of componentFlags(ctx)) {
      if (c.component !== 'etcd') continue;
      for (const { flag, who } of CHECKED) {
        const f = flagValue(c, flag);
        if (f?.value.trim().toLowerCase() === 'true') continue;
        ctx.report({
          range: f?.flag?.range ?? c.anchor,
          message: f
            ? `${c.where}: etcd does not authenticate ${who} by certificate (${flag}=${f.value}).`
            : `${c.where}: etcd does not set ${flag}=true, so ${who} are not authenticated by certificate.`,
        });
      }
    }
  },
});
