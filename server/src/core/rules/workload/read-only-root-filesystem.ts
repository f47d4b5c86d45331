import { getMap, pairRange } from '../../yaml/nodes';
import { defineRule } from '../types';
import { containerAnchor, containerSubject, isWindowsPod, runtimeContainers, securitySetting } from '../../model/pod';

/**
 * `readOnlyRootFilesystem` exists only at container level, so there is nothing to
 * inherit: each regular and init container must set it to the boolean true. Windows
 * pods (`os.name: windows`) cannot set it and are skipped.
 */
export default defineRule({
  id: 'read-only-root-filesystem',
  title: 'Root filesystem is writable',
  severity: 'warning',
  category: 'workload',
  description:
    'A writable root filesystem lets an attacker who gets code execution in the container drop tools, modify binaries or persist changes; a read-only one confines writes to declared volumes.',
  remediation:
    'Set `securityContext.readOnlyRootFilesystem: true` on the container and mount an emptyDir where the application needs to write.',
  equivalents: {
    'kube-linter': ['no-read-only-root-fs'],
    polaris: ['notReadOnlyRootFilesystem'],
    kubesec: ['ReadOnlyRootFilesystem'],
    trivy: ['KSV-0014'],
    checkov: ['CKV_K8S_22'],
    kubescape: ['C-0017'],
  },
  appliesTo: 'workloads',
  check(ctx) {
    const doc = ctx.object.doc;
    if (!ctx.pod || isWindowsPod(ctx.pod, doc)) return;
    for (const c of runtimeContainers(ctx.pod)) {
      const s = securitySetting(c.node, 'readOnlyRootFilesystem', doc);
      if (s?.value === true) continue;
      const sc = getMap(c.node, 'securityContext', doc);
      const range = s ? pairRange(s.pair, ctx.text)! : containerAnchor(c, ctx.text, 'securityContext');
      ctx.report({
        range,
        message: s
          ? `${containerSubject(c, ctx.object)} has a writable root filesystem (readOnlyRootFilesystem is not true).`
          : `${containerSubject(c, ctx.object)} does not set readOnlyRootFilesystem: true.`,
        fix: {
          title: 'Set readOnlyRootFilesystem: true',
          ops: [
            sc
              ? { op: 'set', map: sc, path: ['readOnlyRootFilesystem'], value: true }
              : { op: 'set', map: c.node, path: ['securityContext', 'readOnlyRootFilesystem'], value: true },
          ],
        },
      });
    }
  },
});
