import { describeObject } from '../../model/objects';
import { asScalar, getMap, pairOf, pairRange } from '../../yaml/nodes';
import { defineRule } from '../types';

const KEY = 'allow-snippet-annotations';

/**
 * The ingress-nginx controller ConfigMap switch that lets every Ingress author paste NGINX
 * configuration into the shared controller. Off by default since controller v1.9.0.
 */
export default defineRule({
  id: 'nginx-allow-snippet-annotations',
  title: 'ingress-nginx accepts snippet annotations',
  severity: 'warning',
  category: 'network',
  description:
    'With `allow-snippet-annotations: "true"` in its ConfigMap, the ingress-nginx controller copies the `*-snippet` annotations of every Ingress into its configuration, so anyone who may create an Ingress can read every Secret the controller can (CVE-2021-25742). It has been off by default since controller v1.9.0.',
  remediation: 'Set `allow-snippet-annotations: "false"` (the default) and replace the snippets with dedicated annotations.',
  appliesTo: ['ConfigMap'],
  check(ctx) {
    const o = ctx.object;
    if (o.apiVersion !== 'v1') return;
    const data = getMap(o.root, 'data', o.doc);
    const pair = pairOf(data, KEY);
    if (!data || !pair || String(asScalar(pair.value, o.doc)?.value).toLowerCase() !== 'true') return;
    ctx.report({
      range: pairRange(pair, ctx.text)!,
      message: `${describeObject(o)} sets ${KEY} to "true": every Ingress author can inject NGINX configuration into the controller.`,
      fix: { title: `Set ${KEY}: "false"`, ops: [{ op: 'set', map: data, path: [KEY], value: 'false' }] },
    });
  },
});
