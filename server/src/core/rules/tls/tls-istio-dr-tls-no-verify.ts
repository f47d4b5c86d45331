import { describeObject } from '../../model/objects';
import { asScalar, pairOf, pairRange } from '../../yaml/nodes';
import { defineRule } from '../types';
import { destinationRuleTls, hostOf } from './_lib/destinationRuleTls';

/** TLS that does not verify the server is open to any man in the middle. */
export default defineRule({
  id: 'tls-istio-dr-tls-no-verify',
  title: 'Istio DestinationRule TLS without server verification',
  severity: 'warning',
  category: 'tls',
  description:
    'A DestinationRule that originates TLS (SIMPLE or MUTUAL) with `insecureSkipVerify: true`, or in SIMPLE mode with neither `caCertificates` nor `credentialName`, may not verify the server certificate, so anyone on the path can impersonate the server; istioctl analyze reports the latter as IST0128/IST0129.',
  remediation: 'Set `caCertificates` (or a `credentialName` Secret with ca.crt) and remove `insecureSkipVerify: true`.',
  appliesTo: ['DestinationRule'],
  check(ctx) {
    const doc = ctx.object.doc;
    const what = describeObject(ctx.object);
    for (const t of destinationRuleTls(ctx.object)) {
      if (t.mode !== 'SIMPLE' && t.mode !== 'MUTUAL') continue;
      const skip = pairOf(t.map, 'insecureSkipVerify');
      if (skip && asScalar(skip.value, doc)?.value === true) {
        ctx.report({
          range: pairRange(skip, ctx.text)!,
          message: `${what} skips server certificate verification in ${t.where}${hostOf(ctx.object)}.`,
          fix: { title: 'Set insecureSkipVerify: false', ops: [{ op: 'set', map: t.map, path: ['insecureSkipVerify'], value: false }] },
        });
        continue;
      }
      if (t.mode !== 'SIMPLE' || !t.modePair) continue;
      const hasCa = pairOf(t.map, 'caCertificates') || pairOf(t.map, 'credentialName');
      if (hasCa) continue;
      ctx.report({
        range: pairRange(t.modePair, ctx.text)!,
        message: `${what} originates TLS in ${t.where}${hostOf(ctx.object)} without caCertificates or credentialName to verify the server.`,
      });
    }
  },
});
