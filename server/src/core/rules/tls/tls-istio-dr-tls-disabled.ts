import { describeObject } from '../../model/objects';
import { pairRange } from '../../yaml/nodes';
import { defineRule } from '../types';
import { destinationRuleTls, hostOf } from './_lib/destinationRuleTls';

/** `tls.mode: DISABLE` makes the sidecar send plaintext, even where auto mTLS would encrypt. */
export default defineRule({
  id: 'tls-istio-dr-tls-disabled',
  title: 'Istio DestinationRule disables TLS',
  severity: 'warning',
  category: 'tls',
  description:
    "A DestinationRule with `tls.mode: DISABLE` makes client sidecars send plaintext to the host, overriding Istio's automatic mutual TLS; against a server in STRICT mode the calls fail, against any other they cross the network unencrypted.",
  remediation:
    'Remove the tls block (auto mTLS applies) or set `tls.mode: ISTIO_MUTUAL` for mesh hosts, SIMPLE or MUTUAL for external ones.',
  appliesTo: ['DestinationRule'],
  check(ctx) {
    for (const t of destinationRuleTls(ctx.object)) {
      if (t.mode !== 'DISABLE' || !t.modePair) continue;
      ctx.report({
        range: pairRange(t.modePair, ctx.text)!,
        message: `${describeObject(ctx.object)} disables TLS in ${t.where}${hostOf(ctx.object)}: traffic is sent in plaintext.`,
      });
    }
  },
});
