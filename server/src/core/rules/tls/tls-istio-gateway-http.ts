import { describeObject } from '../../model/objects';
import { asScalar, getMap, getScalar, getSeq, pairOf, pairRange, seqMaps } from '../../yaml/nodes';
import { defineRule } from '../types';
import { apiGroup, ISTIO_NETWORKING } from './_lib/groups';

/** An Istio Gateway HTTP server that serves content instead of redirecting to HTTPS. */
export default defineRule({
  id: 'tls-istio-gateway-http',
  title: 'Istio Gateway serves plain HTTP',
  severity: 'warning',
  category: 'tls',
  description:
    'An Istio Gateway server with protocol HTTP and no `tls.httpsRedirect: true` serves its hosts over plain HTTP, so credentials and cookies of clients that start on http:// cross the network in clear text.',
  remediation: 'Set `tls.httpsRedirect: true` on the HTTP server and serve the hosts from an HTTPS server.',
  appliesTo: ['Gateway'],
  check(ctx) {
    if (apiGroup(ctx.object.apiVersion) !== ISTIO_NETWORKING) return;
    const doc = ctx.object.doc;
    const spec = getMap(ctx.object.root, 'spec', doc);
    for (const server of seqMaps(getSeq(spec, 'servers', doc), doc)) {
      const port = getMap(server, 'port', doc);
      const protocolPair = pairOf(port, 'protocol');
      const protocol = asScalar(protocolPair?.value, doc)?.value;
      if (!protocolPair || typeof protocol !== 'string' || protocol.toUpperCase() !== 'HTTP') continue;
      if (getScalar(getMap(server, 'tls', doc), 'httpsRedirect', doc) === true) continue;
      const number = getScalar(port, 'number', doc);
      ctx.report({
        range: pairRange(protocolPair, ctx.text)!,
        message: `${describeObject(ctx.object)} serves plain HTTP${number !== undefined ? ` on port ${String(number)}` : ''} without redirecting to HTTPS.`,
        fix: { title: 'Set tls.httpsRedirect: true', ops: [{ op: 'set', map: server, path: ['tls', 'httpsRedirect'], value: true }] },
      });
    }
  },
});
