import { defineRule } from '../types';
import { atLeast } from './_lib/helpers';
import { PROC_MOUNT_EQUIVALENTS, reportProcMounts } from './_lib/proc-mount-shared';

/**
 * PSA `procMount_restricted` (restricted, policy v1.35+): re-applies the v1.0 procMount
 * test without the user-namespace relaxation, so a restricted pod must keep the default
 * /proc mount even with `hostUsers: false`.
 */
export default defineRule({
  id: 'pss-proc-mount-restricted',
  title: 'Unmasked /proc mount (restricted)',
  severity: 'warning',
  category: 'pod-security',
  description:
    'The restricted level keeps the default /proc masks even for pods in a user namespace, so that a bug in the namespace mapping cannot expose the masked kernel interfaces.',
  remediation: 'Remove `procMount` from the container securityContext or set it to Default.',
  pss: { check: 'procMount_restricted', level: 'restricted' },
  equivalents: PROC_MOUNT_EQUIVALENTS,
  appliesTo: 'workloads',
  check(ctx) {
    if (!atLeast(ctx, 35)) return;
    reportProcMounts(ctx);
  },
});
