import type { Document, YAMLMap } from 'yaml';
import { describeObject } from '../../model/objects';
import { asScalar, getMap, pairOf, pairRange } from '../../yaml/nodes';
import { defineRule } from '../types';
import { isIngressApi } from './_lib/groups';
import { LB_TLS_ANNOTATIONS, readIngressTls, tlsCovers } from './_lib/ingressHosts';

const KEY = 'kubernetes.io/ingress.allow-http';

/**
 * GKE's Ingress controller serves HTTP beside HTTPS unless `allow-http` is "false". Only an
 * explicit "true" is reported: without the annotation the controller may not be GKE's, and
 * then nothing reads it.
 */
export default defineRule({
  id: 'tls-ingress-allow-http',
  title: 'Ingress with TLS also serves plain HTTP (allow-http)',
  severity: 'warning',
  category: 'tls',
  description:
    'With `kubernetes.io/ingress.allow-http: "true"`, the GKE Ingress controller gives the load balancer a plain-HTTP front end beside the HTTPS one, although every host of the Ingress has a certificate: clients that start on http:// send cookies and credentials in clear text.',
  remediation:
    'Set `kubernetes.io/ingress.allow-http: "false"` and redirect HTTP with a FrontendConfig (`redirectToHttps`) if clients need it.',
  appliesTo: ['Ingress'],
  check(ctx) {
    const o = ctx.object;
    if (!isIngressApi(o.apiVersion)) return;
    const annotations = getMap(o.metadata, 'annotations', o.doc);
    const pair = pairOf(annotations, KEY);
    if (!annotations || !pair || String(asScalar(pair.value, o.doc)?.value).toLowerCase() !== 'true') return;
    if (!everyHostHasTls(ctx.object.root, annotations, o.doc)) return;
    ctx.report({
      range: pairRange(pair, ctx.text)!,
      message: `${describeObject(o)} has TLS for every host but sets ingress.allow-http to "true": the load balancer also serves them over plain HTTP.`,
      fix: { title: 'Set ingress.allow-http: "false"', ops: [{ op: 'set', map: annotations, path: [KEY], value: 'false' }] },
    });
  },
});

/** Every host has a certificate: a load-balancer certificate annotation, or spec.tls covering each rule's host. */
function everyHostHasTls(root: YAMLMap, annotations: YAMLMap, doc: Document): boolean {
  if (LB_TLS_ANNOTATIONS.some((key) => pairOf(annotations, key))) return true;
  const tls = readIngressTls(root, doc);
  if (!tls.hasTls) return false;
  if (tls.tlsWithoutHosts) return true;
  if (tls.hostlessRule) return false;
  return tls.ruleHosts.every((r) => tls.tlsHosts.some((t) => tlsCovers(t.host, r.host)));
}
