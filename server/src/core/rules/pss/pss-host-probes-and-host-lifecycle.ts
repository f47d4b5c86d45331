import type { Pair } from 'yaml';
import { getMap, pairOf } from '../../yaml/nodes';
import { defineRule } from '../types';
import { containerSubject } from '../../model/pod';
import { atLeast, pairValue, quote, rangeOfPair } from './_lib/helpers';

/** The probe and lifecycle handlers PSA inspects, with the path used in messages. */
const HANDLERS: ReadonlyArray<readonly [string, string?]> = [
  ['livenessProbe'],
  ['readinessProbe'],
  ['startupProbe'],
  ['lifecycle', 'postStart'],
  ['lifecycle', 'preStop'],
];

/**
 * PSA `hostProbesAndHostLifecycle` (baseline, policy v1.34+): `httpGet.host` and
 * `tcpSocket.host` of probes and lifecycle hooks must be empty. One finding per `host`.
 * The fix removes `host`, so the kubelet targets the pod IP, the default.
 */
export default defineRule({
  id: 'pss-host-probes-and-host-lifecycle',
  title: 'Probe or lifecycle hook targets another host',
  severity: 'error',
  category: 'pod-security',
  description:
    'A probe or lifecycle hook with a `host` makes the kubelet send requests from the node to an arbitrary address, which a workload author can abuse to reach node-local or internal services (a server-side request forgery).',
  remediation: 'Remove `host` from the probe or lifecycle handler so the kubelet targets the pod IP.',
  pss: { check: 'hostProbesAndHostLifecycle', level: 'baseline' },
  equivalents: {},
  appliesTo: 'workloads',
  check(ctx) {
    if (!atLeast(ctx, 34)) return;
    const doc = ctx.object.doc;
    for (const c of ctx.pod?.containers ?? []) {
      for (const path of HANDLERS) {
        const [first, second] = path;
        let handler = getMap(c.node, first, doc);
        if (second !== undefined) handler = getMap(handler, second, doc);
        for (const kind of ['httpGet', 'tcpSocket']) {
          const action = getMap(handler, kind, doc);
          const pair = pairOf(action, 'host') as Pair | undefined;
          const value = pairValue(pair, ctx);
          if (!action || !pair || typeof value !== 'string' || value === '') continue;
          const where = `${path.join('.')}.${kind}`;
          ctx.report({
            range: rangeOfPair(pair, ctx),
            message: `${containerSubject(c, ctx.object)} points ${where} at host ${quote(value)}.`,
            fix: { title: `Remove host from ${where}`, ops: [{ op: 'remove', map: action, key: 'host' }] },
          });
        }
      }
    }
  },
});
