import type { Rule } from '../types';
import allowPrivilegeEscalation from './pss-allow-privilege-escalation';
import appArmorProfile from './pss-app-armor-profile';
import capabilitiesBaseline from './pss-capabilities-baseline';
import capabilitiesRestricted from './pss-capabilities-restricted';
import hostNamespaces from './pss-host-namespaces';
import hostPathVolumes from './pss-host-path-volumes';
import hostPorts from './pss-host-ports';
import hostProbesAndHostLifecycle from './pss-host-probes-and-host-lifecycle';
import privileged from './pss-privileged';
import procMount from './pss-proc-mount';
import procMountRestricted from './pss-proc-mount-restricted';
import restrictedVolumes from './pss-restricted-volumes';
import runAsNonRoot from './pss-run-as-non-root';
import runAsUser from './pss-run-as-user';
import seccompProfileBaseline from './pss-seccomp-profile-baseline';
import seccompProfileRestricted from './pss-seccomp-profile-restricted';
import seLinuxOptions from './pss-se-linux-options';
import sysctls from './pss-sysctls';
import windowsHostProcess from './pss-windows-host-process';

/**
 * Every Pod Security Standards control, baseline and restricted: one rule per check of
 * the Kubernetes pod-security-admission implementation (19 checks).
 */
export const PSS_RULES: readonly Rule[] = [
  // baseline
  privileged,
  capabilitiesBaseline,
  hostNamespaces,
  hostPathVolumes,
  hostPorts,
  hostProbesAndHostLifecycle,
  appArmorProfile,
  seLinuxOptions,
  procMount,
  seccompProfileBaseline,
  sysctls,
  windowsHostProcess,
  // restricted
  restrictedVolumes,
  allowPrivilegeEscalation,
  runAsNonRoot,
  runAsUser,
  seccompProfileRestricted,
  capabilitiesRestricted,
  procMountRestricted,
];
