import { containerAnchor, containerSubject, effectiveSecurityField, isWindowsPod, runtimeContainers } from '../../model/pod';
import { defineRule } from '../types';

/**
 * Opt-in (Kyverno's pod-security policies ask for it, kubesec `RunAsGroup` rewards it): every
 * regular and init container runs with an explicit primary group, from its own
 * `securityContext.runAsGroup` or the pod's. Without one the process takes the image's
 * group, which is root (GID 0) for most images. A GID 0 that is set is `run-as-root-group`'s
 * finding, not this one's. Windows pods are skipped (the API server rejects runAsGroup there).
 */
export default defineRule({
  id: 'run-as-group-missing',
  title: 'Container primary group not set',
  severity: 'info',
  category: 'workload',
  defaultEnabled: false,
  description:
    "A container without runAsGroup (its own or the pod's) runs with the primary group the image declares, which for most images is root (GID 0): it can then use every file the root group may.",
  remediation: 'Set `runAsGroup` to a non-zero GID in the pod `securityContext` (or on each container).',
  equivalents: { kubesec: ['RunAsGroup'] },
  appliesTo: 'workloads',
  check(ctx) {
    const pod = ctx.pod;
    const doc = ctx.object.doc;
    if (!pod || isWindowsPod(pod, doc)) return;
    for (const c of runtimeContainers(pod)) {
      if (effectiveSecurityField(pod, c, 'runAsGroup', doc)) continue;
      ctx.report({
        range: containerAnchor(c, ctx.text),
        message: `${containerSubject(c, ctx.object)} sets no runAsGroup (nor does its pod): it runs with the image's group, often root.`,
      });
    }
  },
});
