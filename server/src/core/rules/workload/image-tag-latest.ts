import { getString, pairOf, pairRange } from '../../yaml/nodes';
import { defineRule } from '../types';
import { containerSubject } from '../../model/pod';
import { isDigest, isTemplated, parseImage } from './_lib/image';

/**
 * kube-linter `latest-tag` / Polaris `tagNotSpecified` semantics (no tag, or `latest`),
 * except that a digest-pinned reference (`repo@sha256:...`, `repo:latest@sha256:...`)
 * is immutable and passes. Every container kind is checked: an ephemeral debug
 * container pulled as `:latest` is just as unreproducible.
 */
export default defineRule({
  id: 'image-tag-latest',
  title: 'Image without a tag or tagged latest',
  severity: 'warning',
  category: 'workload',
  description:
    'An image without a tag means `latest`, which moves: a restart or reschedule can silently run different code than what was reviewed, and a rollback cannot return to a known version.',
  remediation: 'Reference the image by a specific version tag or, better, by digest (`image@sha256:...`).',
  equivalents: {
    'kube-linter': ['latest-tag'],
    polaris: ['tagNotSpecified'],
    trivy: ['KSV-0013'],
    checkov: ['CKV_K8S_14'],
  },
  appliesTo: 'workloads',
  onControlPlanePods: true,
  check(ctx) {
    const doc = ctx.object.doc;
    for (const c of ctx.pod?.containers ?? []) {
      const image = getString(c.node, 'image', doc);
      if (image === undefined || image.trim() === '' || isTemplated(image)) continue;
      const ref = parseImage(image.trim());
      if (isDigest(ref.digest)) continue;
      const problem =
        ref.tag === undefined ? 'has no tag (implicitly latest)' : ref.tag === 'latest' ? 'uses the mutable latest tag' : undefined;
      if (!problem) continue;
      ctx.report({
        range: pairRange(pairOf(c.node, 'image'), ctx.text)!,
        message: `${containerSubject(c, ctx.object)}: image "${image}" ${problem}.`,
      });
    }
  },
});
