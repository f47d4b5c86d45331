import { describeObject } from '../../model/objects';
import { getMap, getSeq, pairOf, pairRange } from '../../yaml/nodes';
import { defineRule } from '../types';

export default defineRule({
  id: 'service-external-ips',
  title: 'Service sets externalIPs (CVE-2020-8554)',
  severity: 'warning',
  category: 'exposure',
  description:
    'Anyone who can create a Service with `externalIPs` can make the cluster intercept traffic meant for those addresses (CVE-2020-8554); clusters should deny the field, and manifests should not need it.',
  remediation: 'Remove `spec.externalIPs` and expose the Service through a LoadBalancer, Ingress or Gateway.',
  equivalents: { trivy: ['KSV-0108'] },
  appliesTo: ['Service'],
  check(ctx) {
    const spec = getMap(ctx.object.root, 'spec', ctx.object.doc);
    const ips = getSeq(spec, 'externalIPs', ctx.object.doc);
    if (!ips || ips.items.length === 0) return;
    ctx.report({
      range: pairRange(pairOf(spec, 'externalIPs'), ctx.text)!,
      message: `${describeObject(ctx.object)} sets externalIPs (${ips.items.length} address${ips.items.length === 1 ? '' : 'es'}).`,
    });
  },
});
