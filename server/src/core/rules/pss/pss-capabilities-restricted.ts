import type { Pair } from 'yaml';
import { asScalar, getMap, getSeq, pairOf } from '../../yaml/nodes';
import { defineRule } from '../types';
import { containerSubject, isWindowsPod } from '../../model/pod';
import { atLeast, containerSecurityContext, missingUnderContainer, quote, rangeOfPair } from './_lib/helpers';

/**
 * PSA `capabilities_restricted` (restricted, policy v1.22+; Windows pods exempt from
 * v1.25; overrides `capabilities_baseline` in PSA, both are reported here): every
 * container must list `ALL` in `capabilities.drop` and may add only `NET_BIND_SERVICE`.
 *
 * Findings: a missing `ALL` on the nearest existing key of `securityContext.capabilities.drop`
 * (the `drop:` key itself when it exists, else `capabilities:`, `securityContext:` or the
 * container's `name:`), with a fix that appends ALL; each forbidden added capability on its
 * list item, with a fix that removes it.
 */
export default defineRule({
  id: 'pss-capabilities-restricted',
  title: 'Capabilities not dropped',
  severity: 'warning',
  category: 'pod-security',
  description:
    'Containers start with a default set of Linux capabilities (such as NET_RAW and CHOWN) that most applications never need; dropping ALL removes that attack surface.',
  remediation: 'Add ALL to `securityContext.capabilities.drop` and add back only NET_BIND_SERVICE if the container binds a low port.',
  pss: { check: 'capabilities_restricted', level: 'restricted' },
  equivalents: {
    'kube-linter': ['drop-net-raw-capability'],
    polaris: ['insecureCapabilities'],
    kubesec: ['CapDropAll'],
    trivy: ['KSV-0003', 'KSV-0106'],
    checkov: ['CKV_K8S_37', 'CKV_K8S_28'],
  },
  appliesTo: 'workloads',
  check(ctx) {
    if (!atLeast(ctx, 22)) return;
    if (atLeast(ctx, 25) && isWindowsPod(ctx.pod, ctx.object.doc)) return;
    const doc = ctx.object.doc;
    for (const c of ctx.pod?.containers ?? []) {
      const caps = getMap(containerSecurityContext(c, ctx), 'capabilities', doc);
      const drop = getSeq(caps, 'drop', doc);
      const dropsAll = (drop?.items ?? []).some((item) => asScalar(item, doc)?.value === 'ALL');
      if (!dropsAll) {
        const where = missingUnderContainer(c, ['securityContext', 'capabilities', 'drop'], ctx);
        // An existing `drop:` key (a list without ALL, or null) is the nearest anchor.
        const dropPair = pairOf(caps, 'drop') as Pair | undefined;
        const anchor = dropPair ? rangeOfPair(dropPair, ctx) : where.anchor;
        ctx.report({
          range: anchor,
          message: `${containerSubject(c, ctx.object)} does not drop ALL capabilities.`,
          fix: { title: 'Drop ALL capabilities', ops: [{ op: 'append', map: where.map, path: [...where.rest], values: ['ALL'] }] },
        });
      }
      const add = getSeq(caps, 'add', doc);
      add?.items.forEach((item, index) => {
        const s = asScalar(item, doc);
        if (!s || s.value === 'NET_BIND_SERVICE' || !s.range) return;
        ctx.report({
          range: { start: s.range[0], end: s.range[1] },
          message: `${containerSubject(c, ctx.object)} adds capability ${quote(s.value)}; the restricted policy allows only NET_BIND_SERVICE.`,
          fix: { title: `Remove capability ${String(s.value)}`, ops: [{ op: 'removeItem', seq: add, index }] },
        });
      });
    }
  },
});
