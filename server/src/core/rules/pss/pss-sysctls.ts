import { getSeq, getString, pairOf, asMap } from '../../yaml/nodes';
import { defineRule } from '../types';
import { objectLabel, podSecurityContext, quote, rangeOfPair } from './_lib/helpers';
import { formatPssVersion } from '../../engine/options';

/** PSA's safe sysctls, by the policy version that first allowed them. */
const SAFE_SYSCTLS: ReadonlyArray<{ since: number; names: readonly string[] }> = [
  {
    since: 0,
    names: [
      'kernel.shm_rmid_forced',
      'net.ipv4.ip_local_port_range',
      'net.ipv4.tcp_syncookies',
      'net.ipv4.ping_group_range',
      'net.ipv4.ip_unprivileged_port_start',
    ],
  },
  { since: 27, names: ['net.ipv4.ip_local_reserved_ports'] },
  {
    since: 29,
    names: ['net.ipv4.tcp_keepalive_time', 'net.ipv4.tcp_fin_timeout', 'net.ipv4.tcp_keepalive_intvl', 'net.ipv4.tcp_keepalive_probes'],
  },
  { since: 32, names: ['net.ipv4.tcp_rmem', 'net.ipv4.tcp_wmem'] },
  { since: 37, names: ['net.ipv4.tcp_slow_start_after_idle', 'net.ipv4.tcp_notsent_lowat'] },
];

/** The safe sysctl names at a policy version. */
function safeSysctls(version: number): ReadonlySet<string> {
  return new Set(SAFE_SYSCTLS.filter((s) => version >= s.since).flatMap((s) => s.names));
}

/**
 * PSA `sysctls` (baseline; the safe set grows at v1.27, v1.29, v1.32 and v1.37): every
 * `spec.securityContext.sysctls[].name` must be in the safe set. One finding per sysctl,
 * on its `name:`; the fix removes the entry.
 */
export default defineRule({
  id: 'pss-sysctls',
  title: 'Unsafe sysctl',
  severity: 'error',
  category: 'pod-security',
  description:
    'Sysctls outside the safe, namespaced set change kernel settings that are shared with other pods or the whole node, so one workload can weaken or disrupt its neighbours.',
  remediation: 'Remove the sysctl from `spec.securityContext.sysctls`, or configure it on the node instead.',
  pss: { check: 'sysctls', level: 'baseline' },
  equivalents: {
    'kube-linter': ['unsafe-sysctls'],
    trivy: ['KSV-0026'],
  },
  appliesTo: 'workloads',
  onControlPlanePods: true,
  check(ctx) {
    const doc = ctx.object.doc;
    const seq = getSeq(podSecurityContext(ctx), 'sysctls', doc);
    if (!seq) return;
    const safe = safeSysctls(ctx.pssVersion);
    seq.items.forEach((item, index) => {
      const entry = asMap(item, doc);
      const name = getString(entry, 'name', doc);
      const pair = pairOf(entry, 'name');
      if (!entry || name === undefined || !pair || safe.has(name)) return;
      ctx.report({
        range: rangeOfPair(pair, ctx),
        message: `${objectLabel(ctx)} sets sysctl ${quote(name)}, which is not in the safe set of Pod Security policy ${formatPssVersion(ctx.pssVersion)}.`,
        fix: { title: `Remove sysctl ${name}`, ops: [{ op: 'removeItem', seq, index }] },
      });
    });
  },
});
