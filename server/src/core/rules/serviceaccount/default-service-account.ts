import { describeObject } from '../../model/objects';
import { getString, pairOf, pairRange } from '../../yaml/nodes';
import { defineRule } from '../types';
import { podAnchor } from '../../model/pod';

/**
 * kube-linter `default-service-account` semantics (`serviceAccountName` absent, empty or
 * `default`), also honouring the deprecated `serviceAccount` field, which the API server
 * still copies into `serviceAccountName` when that is absent.
 */
export default defineRule({
  id: 'default-service-account',
  title: 'Pod uses the default service account',
  severity: 'info',
  category: 'service-account',
  description:
    "Every pod of a namespace that names no service account shares the namespace's `default` one, so any permission granted to it for one workload is silently granted to all.",
  remediation: 'Create a dedicated ServiceAccount for the workload and set `serviceAccountName` to it.',
  equivalents: {
    'kube-linter': ['default-service-account'],
    kubesec: ['ServiceAccountName'],
  },
  appliesTo: 'workloads',
  check(ctx) {
    const pod = ctx.pod;
    if (!pod) return;
    const doc = ctx.object.doc;
    const namePair = pairOf(pod.spec, 'serviceAccountName');
    const legacyPair = pairOf(pod.spec, 'serviceAccount');
    const name = getString(pod.spec, 'serviceAccountName', doc) ?? getString(pod.spec, 'serviceAccount', doc);
    if (name !== undefined && name !== '' && name !== 'default') return;
    if (name === undefined && (namePair || legacyPair) && !isNullPair(namePair, legacyPair)) return; // templated or non-string
    const pair = namePair ?? legacyPair;
    const obj = describeObject(ctx.object);
    ctx.report({
      range: name !== undefined && pair ? pairRange(pair, ctx.text)! : podAnchor(pod, ctx.text),
      message:
        name === 'default'
          ? `${obj} explicitly uses the default service account.`
          : `${obj} names no service account, so it runs as the namespace's default service account.`,
    });
  },
});

function isNullPair(...pairs: Array<{ value?: unknown } | undefined>): boolean {
  return pairs.every((p) => !p || p.value === null || (p.value as { value?: unknown })?.value === null);
}
