import { annotationsOf, describeObject } from '../../model/objects';
import { asScalar, getMap, getSeq, getString, pairOf, pairRange, singleLineRange } from '../../yaml/nodes';
import { defineRule } from '../types';

/** Annotations that make a cloud load balancer internal-only (not reachable from the internet). */
const INTERNAL_ANNOTATIONS: Record<string, (v: string) => boolean> = {
  'service.beta.kubernetes.io/aws-load-balancer-internal': (v) => v !== 'false' && v !== '',
  'service.beta.kubernetes.io/aws-load-balancer-scheme': (v) => v === 'internal',
  'service.beta.kubernetes.io/azure-load-balancer-internal': (v) => v === 'true',
  'networking.gke.io/load-balancer-type': (v) => v === 'Internal',
  'cloud.google.com/load-balancer-type': (v) => v.toLowerCase() === 'internal',
  'service.beta.kubernetes.io/openstack-internal-load-balancer': (v) => v === 'true',
  'service.beta.kubernetes.io/oci-load-balancer-internal': (v) => v === 'true',
  'service.kubernetes.io/ibm-load-balancer-cloud-provider-ip-type': (v) => v === 'private',
};
const SOURCE_RANGES_ANNOTATION = 'service.beta.kubernetes.io/load-balancer-source-ranges';
const OPEN_RANGES = new Set(['0.0.0.0/0', '::/0']);

/**
 * No peer scanner has this check (kyverno and KICS come closest). Fires on an
 * internet-facing LoadBalancer Service with neither `spec.loadBalancerSourceRanges`
 * nor the `load-balancer-source-ranges` annotation, and on a range that opens it to
 * the whole internet. Internal load balancers (cloud annotations) are exempt.
 */
export default defineRule({
  id: 'service-load-balancer-source-ranges',
  title: 'LoadBalancer Service open to any source',
  severity: 'warning',
  category: 'exposure',
  description:
    'A LoadBalancer Service without source ranges is reachable by the whole internet on most clouds; restricting the client CIDRs is the cheapest way to keep an internal endpoint internal.',
  remediation: 'Set `spec.loadBalancerSourceRanges` to the client CIDRs that need access, or make the load balancer internal.',
  appliesTo: ['Service'],
  check(ctx) {
    const doc = ctx.object.doc;
    const spec = getMap(ctx.object.root, 'spec', doc);
    if (getString(spec, 'type', doc) !== 'LoadBalancer') return;
    const annotations = annotationsOf(ctx.object.metadata, doc);
    for (const [key, internal] of Object.entries(INTERNAL_ANNOTATIONS)) {
      const v = annotations.get(key);
      if (v !== undefined && internal(v.trim())) return;
    }
    const obj = describeObject(ctx.object);
    const ranges = getSeq(spec, 'loadBalancerSourceRanges', doc);
    const rangesPair = pairOf(spec, 'loadBalancerSourceRanges');
    if (ranges && ranges.items.length > 0) {
      for (const item of ranges.items) {
        const s = asScalar(item, doc);
        if (s && typeof s.value === 'string' && OPEN_RANGES.has(s.value.trim())) {
          ctx.report({
            range: (ranges as { flow?: boolean }).flow ? pairRange(rangesPair, ctx.text)! : singleLineRange(s, ctx.text)!,
            message: `${obj} allows every source address (${s.value.trim()}) in loadBalancerSourceRanges.`,
          });
        }
      }
      return;
    }
    const annotated = annotations.get(SOURCE_RANGES_ANNOTATION);
    if (annotated !== undefined && annotated.trim() !== '') return;
    if (rangesPair && !ranges && asScalar(rangesPair.value, doc)?.value !== null) return; // templated: not ours to judge
    ctx.report({
      range: pairRange(pairOf(spec, 'type'), ctx.text)!,
      message: `${obj} is a LoadBalancer without loadBalancerSourceRanges, open to any source address.`,
    });
  },
});
