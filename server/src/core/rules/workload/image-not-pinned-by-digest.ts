import { getString, pairOf, pairRange } from '../../yaml/nodes';
import { defineRule } from '../types';
import { containerSubject } from '../../model/pod';
import { isPinned, isTemplated, parseImage } from './_lib/image';

export default defineRule({
  id: 'image-not-pinned-by-digest',
  title: 'Image not pinned by digest',
  severity: 'info',
  category: 'workload',
  description:
    'A tag can be re-pushed to point at different content; only a digest (`@sha256:...`) guarantees the cluster runs exactly the image that was built, scanned and reviewed.',
  remediation: 'Reference the image by digest, e.g. `registry/app:1.2.3@sha256:<digest>`.',
  defaultEnabled: false,
  equivalents: {
    checkov: ['CKV_K8S_43'],
    kubescape: ['C-0306'],
  },
  appliesTo: 'workloads',
  check(ctx) {
    const doc = ctx.object.doc;
    for (const c of ctx.pod?.containers ?? []) {
      const image = getString(c.node, 'image', doc);
      if (image === undefined || image.trim() === '' || isTemplated(image) || isPinned(image.trim())) continue;
      // A digest no runtime verifies (`@blake3:…`, a short sha256) looks pinned but is not.
      const why =
        parseImage(image.trim()).digest === undefined ? '' : ' (its digest is not sha256 with 64 or sha512 with 128 lower-case hex digits)';
      ctx.report({
        range: pairRange(pairOf(c.node, 'image'), ctx.text)!,
        message: `${containerSubject(c, ctx.object)}: image "${image}" is not pinned by digest${why}.`,
      });
    }
  },
});
