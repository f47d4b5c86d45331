import { componentFlags, flagValue } from './_lib/components';
import { defineRule } from '../types';

/**
 * CIS 1.2.27: without `--encryption-provider-config` Secrets are stored in etcd as plain
 * base64, readable from any etcd backup or snapshot. What the file configures is
 * `encryption-identity-first`'s concern, when the repository holds it.
 */
export default defineRule({
  id: 'apiserver-encryption-config-missing',
  title: 'Secrets not encrypted at rest',
  severity: 'warning',
  category: 'cluster',
  description:
    'Without --encryption-provider-config the API server writes Secrets to etcd unencrypted: anyone with an etcd backup, snapshot or disk reads every credential of the cluster.',
  remediation:
    'Pass `--encryption-provider-config` with an EncryptionConfiguration whose first provider for secrets is kms (v2), aescbc, aesgcm or secretbox.',
  equivalents: { trivy: ['KCV-0030'], checkov: ['CKV_K8S_104'], kubescape: ['C-0066'] },
  appliesTo: ['Pod', 'ClusterConfiguration'],
  check(ctx) {
    for (const c of componentFlags(ctx)) {
      if (c.component !== 'kube-apiserver' || flagValue(c, 'encryption-provider-config')) continue;
      ctx.report({
        range: c.anchor,
        message: `${c.where}: kube-apiserver has no encryption-provider-config, so Secrets are stored unencrypted in etcd.`,
      });
    }
  },
});
