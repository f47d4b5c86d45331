import { describeObject } from '../../model/objects';
import { pairRange } from '../../yaml/nodes';
import { defineRule } from '../types';
import { isUnder, mountedHostPaths } from './_lib/hostPaths';
import { isRuntimeSocketPath } from './host-path-runtime-socket';

/**
 * System directories, matched exactly (like kube-linter `sensitive-host-mounts` and Trivy
 * KSV-0121): their subdirectories are often mounted for legitimate, narrow reasons
 * (`/etc/localtime`, `/sys/fs/cgroup`, `/var/lib/kubelet/pods` for CSI drivers, `/proc`
 * subtrees for node exporters), so only the directory itself is reported.
 */
const SYSTEM_DIRS = new Set([
  '/',
  '/bin',
  '/boot',
  '/dev',
  '/etc',
  '/home',
  '/lib',
  '/lib64',
  '/proc',
  '/root',
  '/sbin',
  '/sys',
  '/usr',
  '/var',
  '/var/lib',
  '/var/lib/docker',
  '/var/lib/containerd',
  '/var/lib/kubelet',
  '/var/lib/etcd',
  '/etc/kubernetes',
]);

/**
 * Credential stores, matched with everything below them: any file there is a key,
 * a kubeconfig or a cloud credential.
 */
const CREDENTIAL_DIRS = [
  '/root/.aws',
  '/root/.azure',
  '/root/.config/gcloud',
  '/root/.docker',
  '/root/.kube',
  '/root/.ssh',
  '/var/lib/cloud',
  '/etc/kubernetes/pki',
  '/etc/kubernetes/admin.conf',
  '/etc/kubernetes/super-admin.conf',
  '/etc/kubernetes/kubelet.conf',
  '/etc/kubernetes/controller-manager.conf',
  '/etc/kubernetes/scheduler.conf',
  '/var/lib/kubelet/pki',
  '/var/lib/kubelet/kubeconfig',
  '/var/lib/etcd',
  '/etc/shadow',
  '/etc/gshadow',
  '/etc/sudoers',
  '/etc/ssh',
];

/** Per-user credential directories under `/home/<user>/`. */
const HOME_CREDENTIAL_SUFFIXES = ['.aws', '.azure', '.config/gcloud', '.docker', '.kube', '.ssh'];

/** Exported for tests: why a normalised host path is sensitive, or undefined. */
export function sensitiveReason(p: string): 'system directory' | 'credential store' | undefined {
  if (CREDENTIAL_DIRS.some((d) => isUnder(p, d))) return 'credential store';
  const home = /^\/home\/[^/]+\/(.+)$/.exec(p);
  const rest = home?.[1];
  if (rest !== undefined && HOME_CREDENTIAL_SUFFIXES.some((s) => isUnder(rest, s))) return 'credential store';
  if (SYSTEM_DIRS.has(p)) return 'system directory';
  return undefined;
}

export default defineRule({
  id: 'host-path-sensitive',
  title: 'Sensitive host path mounted',
  severity: 'error',
  category: 'host',
  description:
    "Mounting a host system directory or credential store gives the container the node's configuration, kubelet and cloud credentials or kernel interfaces; writable, it is a direct path to taking over the node.",
  remediation: 'Remove the hostPath volume, or mount only the specific, non-sensitive file the container needs, read-only.',
  equivalents: {
    'kube-linter': ['sensitive-host-mounts'],
    trivy: ['KSV-0121'],
    kubescape: ['C-0020'],
  },
  appliesTo: 'workloads',
  check(ctx) {
    for (const v of mountedHostPaths(ctx.pod)) {
      // Runtime sockets and their directories (/run, /var/run) belong to host-path-runtime-socket.
      if (isRuntimeSocketPath(v.normalized)) continue;
      const reason = sensitiveReason(v.normalized);
      if (!reason) continue;
      const shown = v.normalized === v.path ? `"${v.path}"` : `"${v.path}" (${v.normalized})`;
      ctx.report({
        range: pairRange(v.pathPair, ctx.text)!,
        message: `Volume "${v.name}" of ${describeObject(ctx.object)} mounts the host ${reason} ${shown}.`,
      });
    }
  },
});
