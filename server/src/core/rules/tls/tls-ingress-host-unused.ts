import { describeObject } from '../../model/objects';
import { nodeRange } from '../../yaml/nodes';
import { defineRule } from '../types';
import { isIngressApi } from './_lib/groups';
import { readIngressTls, tlsCovers } from './_lib/ingressHosts';

/** A TLS host no rule serves is usually a typo, and the host meant to be covered is not. */
export default defineRule({
  id: 'tls-ingress-host-unused',
  title: 'Ingress TLS host matches no rule',
  severity: 'info',
  category: 'tls',
  description:
    'A `spec.tls[].hosts` entry that matches no rule host is usually a typo or a leftover: the certificate is requested for a name nothing serves, and the host that was meant may be served without TLS.',
  remediation: 'Make the TLS host match a rule host, or remove it.',
  appliesTo: ['Ingress'],
  check(ctx) {
    if (!isIngressApi(ctx.object.apiVersion)) return;
    const ing = readIngressTls(ctx.object.root, ctx.object.doc);
    // A rule without host (or a default backend only) serves every name: nothing is unused.
    if (ing.hostlessRule || ing.ruleHosts.length === 0) return;
    for (const t of ing.tlsHosts) {
      if (ing.ruleHosts.some((r) => tlsCovers(t.host, r.host))) continue;
      const range = nodeRange(t.node);
      if (!range) continue;
      ctx.report({ range, message: `${describeObject(ctx.object)} lists TLS host "${t.host}", which no rule serves.` });
    }
  },
});
