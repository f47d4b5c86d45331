import { describeObject } from '../../model/objects';
import { asScalar, entries, getMap, pairRange } from '../../yaml/nodes';
import { isIngressApi } from '../tls/_lib/groups';
import { defineRule } from '../types';

const PREFIX = 'nginx.ingress.kubernetes.io/';

/**
 * ingress-nginx copies `*-snippet` annotations verbatim into the controller's nginx.conf.
 * The controller can read every Secret of the cluster, so whoever may edit an Ingress can
 * make it serve them (CVE-2021-25742) or, with IngressNightmare (CVE-2025-1974), worse.
 */
export default defineRule({
  id: 'nginx-snippet-annotation',
  title: 'ingress-nginx snippet annotation',
  severity: 'warning',
  category: 'network',
  description:
    "A `nginx.ingress.kubernetes.io/*-snippet` annotation (`configuration-snippet`, `server-snippet`, `auth-snippet`, …) is pasted unchecked into the configuration of the shared ingress-nginx controller, whose service account can read every Secret: a snippet can expose them or break other tenants' routes (CVE-2021-25742).",
  remediation:
    "Replace the snippet with the dedicated ingress-nginx annotation for what it does, or move the configuration into the controller's own ConfigMap, which only cluster administrators edit.",
  equivalents: { checkov: ['CKV_K8S_153'] },
  appliesTo: ['Ingress'],
  check(ctx) {
    const o = ctx.object;
    if (!isIngressApi(o.apiVersion)) return;
    for (const [key, value, pair] of entries(getMap(o.metadata, 'annotations', o.doc))) {
      if (!key.startsWith(PREFIX) || !key.endsWith('-snippet')) continue;
      // Annotation values are strings; anything else is rejected by the API server.
      if (typeof asScalar(value, o.doc)?.value !== 'string') continue;
      ctx.report({
        range: pairRange(pair, ctx.text)!,
        message: `${describeObject(o)} injects raw NGINX configuration through ${key.slice(PREFIX.length)}: it runs in the shared controller, which can read every Secret of the cluster.`,
      });
    }
  },
});
