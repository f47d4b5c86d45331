import { describeObject } from '../../model/objects';
import { pairRange } from '../../yaml/nodes';
import { defineRule } from '../types';
import { readCertificate } from './_lib/certificate';

const MIN_RSA_BITS = 2048;

/** RSA keys under 2048 bits are below every current baseline (NIST SP 800-131A, CA/B Forum). */
export default defineRule({
  id: 'tls-cert-weak-key',
  title: 'cert-manager Certificate with a weak RSA key',
  severity: 'warning',
  category: 'tls',
  description:
    'A cert-manager Certificate with an RSA private key (the default algorithm) shorter than 2048 bits can be factored with affordable compute, and public CAs refuse to sign it.',
  remediation: 'Set `privateKey.size` to 2048 or more, or use `algorithm: ECDSA`.',
  appliesTo: ['Certificate'],
  check(ctx) {
    const cert = readCertificate(ctx.object);
    if (!cert || !cert.size || cert.algorithm.toUpperCase() !== 'RSA' || cert.size.value >= MIN_RSA_BITS || !cert.privateKey) return;
    ctx.report({
      range: pairRange(cert.size.pair, ctx.text)!,
      message: `${describeObject(ctx.object)} requests a ${cert.size.value}-bit RSA key: below the 2048-bit minimum.`,
      fix: { title: 'Set size: 2048', ops: [{ op: 'set', map: cert.privateKey, path: ['size'], value: MIN_RSA_BITS }] },
    });
  },
});
