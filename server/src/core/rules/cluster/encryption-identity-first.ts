import type { Pair } from 'yaml';
import { describeObject } from '../../model/objects';
import { asScalar, entries, getSeq, pairRange, seqMaps } from '../../yaml/nodes';
import { defineRule } from '../types';
import { isConfigFile, kindRange } from './_lib/configFiles';

/** Entries of `resources[].resources` that cover core Secrets. */
const COVERS_SECRETS: ReadonlySet<string> = new Set(['secrets', '*.', '*.*']);

/**
 * The API server encrypts with the FIRST provider of the first `resources` entry that
 * lists Secrets (the others only decrypt): `identity: {}` first means Secrets are written in
 * plaintext even though an encryption provider is configured after it, a common leftover
 * of a migration. No entry covering Secrets leaves them in plaintext too.
 */
export default defineRule({
  id: 'encryption-identity-first',
  title: 'Secrets stored in plaintext (identity provider first)',
  severity: 'error',
  category: 'cluster',
  description:
    'The API server writes with the first provider listed for a resource: with identity first (or no entry for secrets) every Secret lands in etcd unencrypted, whatever providers follow.',
  remediation:
    'List kms (v2), aescbc, aesgcm or secretbox first for secrets and keep identity last (only to read data written before encryption), then rewrite the Secrets.',
  appliesTo: ['EncryptionConfiguration'],
  check(ctx) {
    const doc = ctx.object.doc;
    if (!isConfigFile(ctx.object, 'apiserver.config.k8s.io', 'EncryptionConfiguration')) return;
    const what = describeObject(ctx.object);
    const entry = seqMaps(getSeq(ctx.object.root, 'resources', doc), doc).find((e) =>
      (getSeq(e, 'resources', doc)?.items ?? []).some((r) => {
        const s = asScalar(r, doc);
        return typeof s?.value === 'string' && COVERS_SECRETS.has(s.value);
      }),
    );
    if (!entry) {
      ctx.report({ range: kindRange(ctx), message: `${what} has no entry for secrets, so Secrets are stored in plaintext.` });
      return;
    }
    const first = seqMaps(getSeq(entry, 'providers', doc), doc)[0];
    const [name, , pair] = entries(first)[0] ?? [];
    if (name !== 'identity' || !pair) return;
    const range = pairRange(pair as Pair, ctx.text);
    if (range) ctx.report({ range, message: `${what} lists identity first for secrets, so new Secrets are written in plaintext.` });
  },
});
