import { describeObject } from '../../model/objects';
import { WORKLOAD_KINDS } from '../../model/workloads';
import { asScalar, getMap, pairOf, pairRange } from '../../yaml/nodes';
import { defineRule } from '../types';

/** The Linkerd proxy-init annotations that route ports around the proxy, and what they skip. */
const SKIP_ANNOTATIONS: ReadonlyArray<{ key: string; direction: string }> = [
  { key: 'config.linkerd.io/skip-inbound-ports', direction: 'inbound' },
  { key: 'config.linkerd.io/skip-outbound-ports', direction: 'outbound' },
];

/**
 * Ports the Linkerd proxy never sees. `opaque-ports` is deliberately not reported: opaque
 * traffic still goes through both proxies and is mTLS'd when both sides are meshed; only
 * protocol detection (and per-request metrics) is skipped.
 */
export default defineRule({
  id: 'linkerd-skip-ports',
  title: 'Linkerd proxy skipped for some ports',
  severity: 'info',
  category: 'network',
  description:
    'Ports listed in `config.linkerd.io/skip-inbound-ports` or `skip-outbound-ports` bypass the Linkerd proxy entirely: that traffic is not encrypted with mTLS, carries no workload identity, and Linkerd authorization policies do not apply to it.',
  remediation:
    'Remove the ports from the annotation, or, for server-speaks-first protocols, list them in `config.linkerd.io/opaque-ports` instead, which keeps mTLS.',
  appliesTo: [...WORKLOAD_KINDS, 'Namespace'],
  check(ctx) {
    const o = ctx.object;
    const isNamespace = o.kind === 'Namespace' && o.apiVersion === 'v1';
    const metadata = isNamespace ? o.metadata : ctx.pod?.podMetadata;
    const annotations = getMap(metadata, 'annotations', o.doc);
    const [subject, verb] = isNamespace
      ? [`Pods injected in ${describeObject(o)}`, 'skip']
      : o.kind === 'Pod'
        ? [describeObject(o), 'skips']
        : [`Pods of ${describeObject(o)}`, 'skip'];
    for (const { key, direction } of SKIP_ANNOTATIONS) {
      const pair = pairOf(annotations, key);
      const value = asScalar(pair?.value, o.doc)?.value;
      const ports = value === null || value === undefined ? '' : String(value).trim();
      if (!pair || ports === '') continue;
      ctx.report({
        range: pairRange(pair, ctx.text)!,
        message: `${subject} ${verb} the Linkerd proxy for ${direction} ${/[,-]/.test(ports) ? 'ports' : 'port'} ${ports}: that traffic has no mTLS and no Linkerd authorization policy applies to it.`,
      });
    }
  },
});
