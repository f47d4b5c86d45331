import { getSeq, pairOf, seqMaps } from '../../yaml/nodes';
import { defineRule } from '../types';
import { containerSubject } from '../../model/pod';
import { pairValue, rangeOfPair } from './_lib/helpers';

/**
 * PSA `hostPorts` (baseline, all versions): `ports[].hostPort` must be undefined or 0 on
 * every container. One finding per port. No quick fix: dropping a host port changes how
 * clients reach the pod.
 */
export default defineRule({
  id: 'pss-host-ports',
  title: 'Host port',
  severity: 'error',
  category: 'pod-security',
  description:
    'A hostPort binds the container to a port of the node itself, bypassing Services and network policies and limiting scheduling to nodes where the port is free.',
  remediation: 'Remove `hostPort` from the container ports and expose the pod through a Service instead.',
  pss: { check: 'hostPorts', level: 'baseline' },
  equivalents: {
    polaris: ['hostPortSet'],
    trivy: ['KSV-0024'],
    checkov: ['CKV_K8S_26'],
    kubescape: ['C-0044'],
  },
  appliesTo: 'workloads',
  check(ctx) {
    const doc = ctx.object.doc;
    for (const c of ctx.pod?.containers ?? []) {
      for (const port of seqMaps(getSeq(c.node, 'ports', doc), doc)) {
        const pair = pairOf(port, 'hostPort');
        const value = pairValue(pair, ctx);
        if (!pair || typeof value !== 'number' || value === 0) continue;
        ctx.report({
          range: rangeOfPair(pair, ctx),
          message: `${containerSubject(c, ctx.object)} uses host port ${value}.`,
        });
      }
    }
  },
});
