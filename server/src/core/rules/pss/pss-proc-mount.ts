import { defineRule } from '../types';
import { atLeast, usesUserNamespace } from './_lib/helpers';
import { PROC_MOUNT_EQUIVALENTS, reportProcMounts } from './_lib/proc-mount-shared';

/**
 * PSA `procMount` (baseline): `securityContext.procMount` must be undefined or `Default`.
 * From policy v1.35 the baseline check is skipped for user-namespace pods
 * (`spec.hostUsers: false`), where an unmasked /proc cannot reach the host; the
 * restricted level keeps forbidding it through `procMount_restricted`.
 */
export default defineRule({
  id: 'pss-proc-mount',
  title: 'Unmasked /proc mount',
  severity: 'error',
  category: 'pod-security',
  description:
    'The default /proc mount masks kernel interfaces that leak host information or allow writes to the kernel; an Unmasked procMount removes that protection.',
  remediation: 'Remove `procMount` from the container securityContext or set it to Default.',
  pss: { check: 'procMount', level: 'baseline' },
  equivalents: PROC_MOUNT_EQUIVALENTS,
  appliesTo: 'workloads',
  onControlPlanePods: true,
  check(ctx) {
    if (atLeast(ctx, 35) && usesUserNamespace(ctx)) return;
    reportProcMounts(ctx);
  },
});
