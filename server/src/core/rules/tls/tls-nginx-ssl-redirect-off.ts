import { describeObject } from '../../model/objects';
import { asScalar, getMap, pairOf, pairRange } from '../../yaml/nodes';
import { defineRule } from '../types';
import { isIngressApi } from './_lib/groups';

const ANNOTATIONS = ['nginx.ingress.kubernetes.io/ssl-redirect', 'nginx.ingress.kubernetes.io/force-ssl-redirect'];

/** ingress-nginx redirects HTTP to HTTPS unless told not to. */
export default defineRule({
  id: 'tls-nginx-ssl-redirect-off',
  title: 'ingress-nginx HTTPS redirect switched off',
  severity: 'warning',
  category: 'tls',
  description:
    'With `ssl-redirect` or `force-ssl-redirect` set to "false", ingress-nginx answers plain HTTP requests instead of redirecting them to HTTPS, so clients that start on http:// keep sending credentials and cookies in clear text.',
  remediation: 'Remove the annotation or set it to "true".',
  appliesTo: ['Ingress'],
  check(ctx) {
    if (!isIngressApi(ctx.object.apiVersion)) return;
    const doc = ctx.object.doc;
    const annotations = getMap(ctx.object.metadata, 'annotations', doc);
    for (const key of ANNOTATIONS) {
      const pair = pairOf(annotations, key);
      const v = asScalar(pair?.value, doc)?.value;
      if (!annotations || !pair || String(v).toLowerCase() !== 'false') continue;
      const short = key.slice(key.indexOf('/') + 1);
      ctx.report({
        range: pairRange(pair, ctx.text)!,
        message: `${describeObject(ctx.object)} sets ${short} to "false": plain HTTP requests are served instead of redirected to HTTPS.`,
        fix: { title: `Set ${short}: "true"`, ops: [{ op: 'set', map: annotations, path: [key], value: 'true' }] },
      });
    }
  },
});
