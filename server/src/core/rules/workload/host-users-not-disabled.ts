import type { Pair } from 'yaml';
import { isWindowsPod, podAnchor } from '../../model/pod';
import { pairOf } from '../../yaml/nodes';
import { boolPair, boolValue, objectLabel, rangeOfPair } from '../pss/_lib/helpers';
import { defineRule } from '../types';

/** Host namespaces a pod with its own user namespace cannot join (the API server rejects the pod). */
const HOST_NAMESPACE_KEYS = ['hostNetwork', 'hostPID', 'hostIPC'];

/**
 * Opt-in (kubesec `HostUsers`): `spec.hostUsers: false` gives the pod its own user
 * namespace, so root in the container maps to an unprivileged user on the node and a
 * container escape lands without the node's privileges. It needs Kubernetes 1.33+ (on by
 * default) or the UserNamespacesSupport gate, and a runtime and file system that support
 * ID-mapped mounts, hence off by default. Windows pods are skipped (no user namespaces).
 */
export default defineRule({
  id: 'host-users-not-disabled',
  title: 'Pod uses the host user namespace',
  severity: 'info',
  category: 'workload',
  defaultEnabled: false,
  description:
    "Without hostUsers: false a pod runs in the node's user namespace: UID 0 in a container is UID 0 on the node, so a container escape starts with root privileges there.",
  remediation:
    'Set `hostUsers: false` in the pod spec (Kubernetes 1.33+, or the UserNamespacesSupport feature gate, with a supporting runtime).',
  equivalents: { kubesec: ['HostUsers'] },
  appliesTo: 'workloads',
  check(ctx) {
    const pod = ctx.pod;
    const doc = ctx.object.doc;
    if (!pod || isWindowsPod(pod, doc)) return;
    const pair = pairOf(pod.spec, 'hostUsers') as Pair | undefined;
    if (pair && boolValue(pair.value, ctx) === false) return;
    // A pod sharing a host namespace cannot have its own user namespace: no fix to offer.
    const sharesHost = HOST_NAMESPACE_KEYS.some((k) => boolPair(pod.spec, k, true, ctx));
    ctx.report({
      range: pair ? rangeOfPair(pair, ctx) : podAnchor(pod, ctx.text),
      message: pair
        ? `${objectLabel(ctx)} runs in the host user namespace (hostUsers is not false).`
        : `${objectLabel(ctx)} does not set hostUsers: false, so it runs in the host user namespace.`,
      ...(sharesHost
        ? {}
        : { fix: { title: 'Set hostUsers: false', ops: [{ op: 'set', map: pod.spec, path: ['hostUsers'], value: false }] } }),
    });
  },
});
