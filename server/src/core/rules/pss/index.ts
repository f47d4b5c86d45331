import type { Rule } from '../types';
import allowPrivilegeEscalation from './allow-privilege-escalation';
import appArmorProfile from './app-armor-profile';
import capabilitiesBaseline from './capabilities-baseline';
import capabilitiesRestricted from './capabilities-restricted';
import hostNamespaces from './host-namespaces';
import hostPathVolumes from './host-path-volumes';
import hostPorts from './host-ports';
import hostProbesAndHostLifecycle from './host-probes-and-host-lifecycle';
import privileged from './privileged';
import procMount from './proc-mount';
import procMountRestricted from './proc-mount-restricted';
import restrictedVolumes from './restricted-volumes';
import runAsNonRoot from './run-as-non-root';
import runAsUser from './run-as-user';
import seccompProfileBaseline from './seccomp-profile-baseline';
import seccompProfileRestricted from './seccomp-profile-restricted';
import seLinuxOptions from './se-linux-options';
import sysctls from './sysctls';
import windowsHostProcess from './windows-host-process';

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
