import type { Pair, YAMLMap } from 'yaml';
import { containerSubject } from '../../model/pod';
import { getMap, getSeq, getString, pairOf, pairRange, seqMaps } from '../../yaml/nodes';
import { boolValue } from '../pss/_lib/helpers';
import { defineRule } from '../types';

/**
 * A hostPath volume mounted without `readOnly: true`: the container writes to the node's
 * file system, where a planted binary, a changed configuration or a filled disk outlives
 * the pod and reaches the node and its other pods. Reported per mount (one container may
 * mount it read-only, another writable), on the mount's `name:` pair; the fix sets
 * `readOnly: true` on that mount.
 */
export default defineRule({
  id: 'host-path-writable',
  title: 'Host path mounted writable',
  severity: 'warning',
  category: 'host',
  description:
    "A hostPath volume mounted without readOnly: true lets the container change the node's files: what it writes outlives the pod and reaches the node and every other pod on it.",
  remediation: 'Set `readOnly: true` on the volumeMount, or replace the hostPath volume with an emptyDir or a persistent volume.',
  equivalents: {
    'kube-linter': ['writable-host-mount'],
    kubescape: ['C-0045'],
  },
  appliesTo: 'workloads',
  check(ctx) {
    const pod = ctx.pod;
    const doc = ctx.object.doc;
    if (!pod) return;
    const hostPaths = new Map<string, string>();
    for (const volume of seqMaps(getSeq(pod.spec, 'volumes', doc), doc)) {
      const name = getString(volume, 'name', doc);
      const path = getString(getMap(volume, 'hostPath', doc), 'path', doc);
      if (name !== undefined && path !== undefined) hostPaths.set(name, path);
    }
    if (hostPaths.size === 0) return;
    for (const c of pod.containers) {
      for (const mount of seqMaps(getSeq(c.node, 'volumeMounts', doc), doc)) {
        const name = getString(mount, 'name', doc);
        const path = name === undefined ? undefined : hostPaths.get(name);
        if (path === undefined || boolValue(pairOf(mount, 'readOnly')?.value, ctx) === true) continue;
        const at = getString(mount, 'mountPath', doc);
        ctx.report({
          range: pairRange(pairOf(mount, 'name') as Pair, ctx.text)!,
          message: `${containerSubject(c, ctx.object)} mounts the host path "${path}" (volume "${name}")${at === undefined ? '' : ` at "${at}"`} writable.`,
          fix: { title: 'Set readOnly: true on the mount', ops: [{ op: 'set', map: mount as YAMLMap, path: ['readOnly'], value: true }] },
        });
      }
    }
  },
});
