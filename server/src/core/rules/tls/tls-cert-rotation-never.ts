import { describeObject } from '../../model/objects';
import { asScalar, pairOf, pairRange } from '../../yaml/nodes';
import { defineRule } from '../types';
import { readCertificate } from './_lib/certificate';

/**
 * cert-manager keeps the same private key across renewals with `rotationPolicy: Never`
 * (the default before cert-manager 1.18, `Always` since). Only the explicit value is
 * reported: which default applies depends on the installed version, which a manifest
 * does not say.
 */
export default defineRule({
  id: 'tls-cert-rotation-never',
  title: 'cert-manager private key never rotated',
  severity: 'warning',
  category: 'tls',
  description:
    'With `privateKey.rotationPolicy: Never`, cert-manager reuses the same private key at every renewal, so a key that leaked once stays valid for as long as the certificate keeps being renewed, and renewal no longer limits the damage.',
  remediation: 'Set `privateKey.rotationPolicy: Always` (the default since cert-manager 1.18) unless a client pins the public key.',
  appliesTo: ['Certificate'],
  check(ctx) {
    const cert = readCertificate(ctx.object);
    const pair = pairOf(cert?.privateKey, 'rotationPolicy');
    if (!cert?.privateKey || !pair || asScalar(pair.value, ctx.object.doc)?.value !== 'Never') return;
    ctx.report({
      range: pairRange(pair, ctx.text)!,
      message: `${describeObject(ctx.object)} keeps its private key at every renewal (rotationPolicy: Never): a leaked key stays valid.`,
      fix: { title: 'Set rotationPolicy: Always', ops: [{ op: 'set', map: cert.privateKey, path: ['rotationPolicy'], value: 'Always' }] },
    });
  },
});
