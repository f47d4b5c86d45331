import { annotationsOf, describeObject } from '../../model/objects';
import { pairRange } from '../../yaml/nodes';
import { defineRule } from '../types';
import { isIngressApi } from './_lib/groups';
import { LB_TLS_ANNOTATIONS, readIngressTls, tlsCovers } from './_lib/ingressHosts';

/**
 * Hosts an Ingress serves without a certificate are served over plain HTTP: credentials
 * and session cookies cross the network in clear text.
 */
export default defineRule({
  id: 'tls-ingress-host-uncovered',
  title: 'Ingress host served without TLS',
  severity: 'warning',
  category: 'tls',
  description:
    'An Ingress host that no `spec.tls[].hosts` entry covers is served over plain HTTP only, so passwords, tokens and session cookies sent to it cross the network in clear text.',
  remediation: 'Add the host to a `spec.tls` entry with a certificate Secret (for example issued by cert-manager).',
  equivalents: {
    polaris: ['tlsSettingsMissing'],
    kubescape: ['C-0263'],
  },
  appliesTo: ['Ingress'],
  check(ctx) {
    if (!isIngressApi(ctx.object.apiVersion)) return;
    const doc = ctx.object.doc;
    const annotations = annotationsOf(ctx.object.metadata, doc);
    if (LB_TLS_ANNOTATIONS.some((a) => annotations.has(a))) return;
    const ing = readIngressTls(ctx.object.root, doc);
    const what = describeObject(ctx.object);
    if (!ing.hasTls) {
      // One finding for the whole Ingress: on the first host, else on `rules:`.
      const first = ing.ruleHosts[0];
      const range = first ? pairRange(first.pair, ctx.text) : pairRange(ing.rulesPair, ctx.text);
      if (!range) return;
      ctx.report({
        range,
        message: `${what} has no spec.tls: ${first ? `host "${first.host}" and every other host` : 'every host'} is served over plain HTTP only.`,
      });
      return;
    }
    if (ing.tlsWithoutHosts) return;
    for (const r of ing.ruleHosts) {
      if (ing.tlsHosts.some((t) => tlsCovers(t.host, r.host))) continue;
      ctx.report({
        range: pairRange(r.pair, ctx.text)!,
        message: `${what} serves host "${r.host}" over plain HTTP only: no spec.tls entry lists it.`,
      });
    }
  },
});
