import { describeObject } from '../../model/objects';
import { pairRange } from '../../yaml/nodes';
import { defineRule } from '../types';
import { mountedHostPaths } from './_lib/hostPaths';

/** Socket files of the container runtimes and kubelet plugins a pod could drive. */
const SOCKET_NAMES = ['docker.sock', 'containerd.sock', 'crio.sock', 'cri-dockerd.sock', 'podman.sock', 'dockershim.sock'];

/** Directories that hold those sockets: mounting the directory mounts the socket. */
const SOCKET_DIRS = new Set([
  '/run',
  '/var/run',
  '/run/docker',
  '/var/run/docker',
  '/run/containerd',
  '/var/run/containerd',
  '/run/crio',
  '/var/run/crio',
  '/run/cri-dockerd',
  '/var/run/cri-dockerd',
  '/run/podman',
  '/var/run/podman',
]);

/** Exported for tests: whether a normalised host path is, or contains, a runtime socket. */
export function isRuntimeSocketPath(p: string): boolean {
  const base = p.slice(p.lastIndexOf('/') + 1);
  return SOCKET_NAMES.includes(base) || SOCKET_DIRS.has(p);
}

/**
 * kube-linter matches `docker.sock$|containerd.sock$|crio.sock$` on the path; we also
 * catch the directories that contain the sockets (`/var/run`, `/run/containerd`, ...),
 * which expose them just as well, and normalise `..` and trailing slashes first.
 */
export default defineRule({
  id: 'host-path-runtime-socket',
  title: 'Container runtime socket mounted',
  severity: 'error',
  category: 'host',
  description:
    'Whoever can talk to the container runtime socket (Docker, containerd, CRI-O) can start a privileged container on the node and so owns the node and every secret on it; a read-only mount does not prevent connecting to a socket.',
  remediation:
    'Remove the hostPath volume for the runtime socket and its volumeMounts; use the Kubernetes API or a dedicated, narrowly scoped agent instead.',
  equivalents: {
    'kube-linter': ['docker-sock'],
    kubesec: ['DockerSock'],
    trivy: ['KSV-0006'],
    checkov: ['CKV_K8S_27'],
    kubescape: ['C-0074'],
  },
  appliesTo: 'workloads',
  onControlPlanePods: true,
  check(ctx) {
    for (const v of mountedHostPaths(ctx.pod)) {
      if (!isRuntimeSocketPath(v.normalized)) continue;
      const what = v.normalized.endsWith('.sock') ? 'the container runtime socket' : 'a directory holding the container runtime socket';
      const shown = v.normalized === v.path ? `"${v.path}"` : `"${v.path}" (${v.normalized})`;
      ctx.report({
        range: pairRange(v.pathPair, ctx.text)!,
        message: `Volume "${v.name}" of ${describeObject(ctx.object)} mounts ${what} ${shown} from the host.`,
      });
    }
  },
});
