import { describeObject } from '../../model/objects';
import { getMap } from '../../yaml/nodes';
import { defineRule } from '../types';
import { nonEmptyKeys } from './_lib/secretData';

/**
 * `tls.key` is the private key of a `kubernetes.io/tls` Secret. Reported on the key
 * name only (the range never covers the key material), in `data` or `stringData`, in
 * a Secret of any type (an Opaque Secret with `tls.key` holds the same material).
 */
export default defineRule({
  id: 'tls-secret-private-key',
  title: 'TLS private key committed in a Secret',
  severity: 'error',
  category: 'secrets',
  description:
    'A private key in a manifest is in the repository history for good: anyone who can read it can impersonate the service or decrypt captured traffic, and the certificate must be revoked.',
  remediation:
    'Remove `tls.key` from the manifest, revoke the certificate, and issue keys in-cluster (cert-manager) or deliver them encrypted (Sealed Secrets, SOPS, External Secrets).',
  equivalents: {},
  appliesTo: ['Secret'],
  check(ctx) {
    const doc = ctx.object.doc;
    for (const field of ['data', 'stringData'] as const) {
      for (const k of nonEmptyKeys(getMap(ctx.object.root, field, doc), doc)) {
        if (k.key !== 'tls.key') continue;
        ctx.report({ range: k.range, message: `${describeObject(ctx.object)} contains a private key in ${field}."tls.key".` });
      }
    }
  },
});
