import { describeObject } from '../../model/objects';
import { asScalar, getMap, getSeq, pairOf, pairRange, seqMaps } from '../../yaml/nodes';
import { defineRule } from '../types';
import { apiGroup, GATEWAY_API } from './_lib/groups';

const TLS_PROTOCOLS = new Set(['HTTPS', 'TLS']);

/** A Gateway API Gateway with HTTP listeners and no HTTPS/TLS listener. */
export default defineRule({
  id: 'tls-gateway-api-http-only',
  title: 'Gateway API Gateway without HTTPS listener',
  severity: 'info',
  category: 'tls',
  description:
    'A Gateway (gateway.networking.k8s.io) whose listeners are HTTP only serves every attached route over plain HTTP; there is no HTTPS listener to redirect to.',
  remediation: 'Add an HTTPS listener with a certificateRef, and redirect HTTP to it with an HTTPRoute RequestRedirect filter.',
  appliesTo: ['Gateway'],
  check(ctx) {
    if (apiGroup(ctx.object.apiVersion) !== GATEWAY_API) return;
    const doc = ctx.object.doc;
    const listeners = seqMaps(getSeq(getMap(ctx.object.root, 'spec', doc), 'listeners', doc), doc);
    const protocols = listeners.map((l) => {
      const pair = pairOf(l, 'protocol');
      const v = asScalar(pair?.value, doc)?.value;
      return { pair, protocol: typeof v === 'string' ? v.toUpperCase() : undefined };
    });
    if (protocols.some((p) => p.protocol && TLS_PROTOCOLS.has(p.protocol))) return;
    const firstHttp = protocols.find((p) => p.protocol === 'HTTP');
    if (!firstHttp?.pair) return;
    const n = protocols.filter((p) => p.protocol === 'HTTP').length;
    ctx.report({
      range: pairRange(firstHttp.pair, ctx.text)!,
      message: `${describeObject(ctx.object)} has ${n === 1 ? 'an HTTP listener' : `${n} HTTP listeners`} and no HTTPS or TLS listener: its routes are served over plain HTTP only.`,
    });
  },
});
