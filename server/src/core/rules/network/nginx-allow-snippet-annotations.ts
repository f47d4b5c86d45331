import { describeObject } from '../../model/objects';
import { asScalar, getMap, pairOf, pairRange } from '../../yaml/nodes';
import { defineRule } from '../types';

/**
 * The ingress-nginx controller ConfigMap switches that let every Ingress author paste NGINX
 * configuration into the shared controller: `allow-snippet-annotations` (off by default since
 * controller v1.9.0) and, since v1.12.0, where snippets also need it, `annotations-risk-level:
 * Critical` (default High).
 */
const SWITCHES: ReadonlyArray<{ key: string; risky: string; safe: string; consequence: string }> = [
  {
    key: 'allow-snippet-annotations',
    risky: 'true',
    safe: 'false',
    consequence: 'every Ingress author can inject NGINX configuration into the controller',
  },
  {
    key: 'annotations-risk-level',
    risky: 'critical',
    safe: 'High',
    consequence: 'Ingress annotations of every risk level, snippets included, are accepted',
  },
];

export default defineRule({
  id: 'nginx-allow-snippet-annotations',
  title: 'ingress-nginx accepts snippet annotations',
  severity: 'warning',
  category: 'network',
  description:
    'With `allow-snippet-annotations: "true"` (and, since controller v1.12.0, `annotations-risk-level: Critical`) in its ConfigMap, the ingress-nginx controller copies the `*-snippet` annotations of every Ingress into its configuration, so anyone who may create an Ingress can read every Secret the controller can (CVE-2021-25742).',
  remediation:
    'Set `allow-snippet-annotations: "false"` and `annotations-risk-level: High` (the defaults) and replace the snippets with dedicated annotations.',
  appliesTo: ['ConfigMap'],
  check(ctx) {
    const o = ctx.object;
    if (o.apiVersion !== 'v1') return;
    const data = getMap(o.root, 'data', o.doc);
    for (const s of SWITCHES) {
      const pair = pairOf(data, s.key);
      if (!data || !pair || String(asScalar(pair.value, o.doc)?.value).toLowerCase() !== s.risky) continue;
      ctx.report({
        range: pairRange(pair, ctx.text)!,
        message: `${describeObject(o)} sets ${s.key} to "${String(asScalar(pair.value, o.doc)?.value)}": ${s.consequence}.`,
        fix: { title: `Set ${s.key}: "${s.safe}"`, ops: [{ op: 'set', map: data, path: [s.key], value: s.safe }] },
      });
    }
  },
});
