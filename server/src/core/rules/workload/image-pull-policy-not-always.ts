import { getString, pairOf, pairRange } from '../../yaml/nodes';
import { defineRule } from '../types';
import { containerSubject, runtimeContainers } from '../../model/pod';
import { isDigest, isMutableTag, isTemplated, parseImage } from './_lib/image';

/**
 * Fires only where the policy in force is not `Always` for a mutable reference: no tag,
 * `latest`, a channel (`stable`) or a partial version (`1.27`). Kubernetes defaults an
 * absent `imagePullPolicy` to `Always` for `:latest` or untagged images and to
 * `IfNotPresent` otherwise, so an absent policy on `nginx:1.27` fires and on `nginx`
 * does not. Full versions (`1.27.2`), date stamps, commit hashes and digests are
 * treated as immutable: `IfNotPresent` is the right policy for them.
 */
export default defineRule({
  id: 'image-pull-policy-not-always',
  title: 'Mutable image tag not pulled with Always',
  severity: 'info',
  category: 'workload',
  description:
    'With `IfNotPresent` a node keeps running whatever it cached under the tag, so a re-pushed tag gives different nodes different code, and a pod can use an image cached by another tenant without the registry checking its pull credentials.',
  remediation: 'Set `imagePullPolicy: Always`, or pin the image to a full version or a digest.',
  equivalents: {
    polaris: ['pullPolicyNotAlways'],
    checkov: ['CKV_K8S_15'],
    kubescape: ['C-0075'],
  },
  appliesTo: 'workloads',
  check(ctx) {
    const doc = ctx.object.doc;
    for (const c of runtimeContainers(ctx.pod)) {
      const image = getString(c.node, 'image', doc)?.trim();
      if (!image || isTemplated(image)) continue;
      const ref = parseImage(image);
      if (isDigest(ref.digest) || !isMutableTag(ref.tag)) continue;
      const policyPair = pairOf(c.node, 'imagePullPolicy');
      const policy = getString(c.node, 'imagePullPolicy', doc);
      if (policy === 'Always') continue;
      if (policy === undefined && (ref.tag === undefined || ref.tag === 'latest')) continue;
      if (policyPair && policy === undefined) continue; // templated or non-string: not ours to judge
      ctx.report({
        range: pairRange(policyPair ?? pairOf(c.node, 'image'), ctx.text)!,
        message: policy
          ? `${containerSubject(c, ctx.object)} pulls "${image}", whose tag can move, with imagePullPolicy ${policy}.`
          : `${containerSubject(c, ctx.object)} pulls "${image}", whose tag can move, with the default imagePullPolicy IfNotPresent.`,
        fix: { title: 'Set imagePullPolicy: Always', ops: [{ op: 'set', map: c.node, path: ['imagePullPolicy'], value: 'Always' }] },
      });
    }
  },
});
