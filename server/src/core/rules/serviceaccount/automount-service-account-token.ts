import { describeObject } from '../../model/objects';
import { asScalar, pairOf, pairRange } from '../../yaml/nodes';
import { defineRule } from '../types';
import { podAnchor } from '../../model/pod';

/**
 * Judged on the pod spec alone, like Trivy KSV-0036 and Checkov CKV_K8S_38: the pod's
 * `automountServiceAccountToken` overrides the ServiceAccount's, and the ServiceAccount
 * may live in another file or be created by someone else, so only `false` on the pod
 * is a guarantee. (Polaris also accepts a ServiceAccount object with the setting false;
 * we do not, because analysis is per document and a pod spec that states it is both
 * self-documenting and robust to the ServiceAccount changing.)
 */
export default defineRule({
  id: 'automount-service-account-token',
  title: 'Service account token mounted automatically',
  severity: 'warning',
  category: 'service-account',
  description:
    'Unless the pod needs to call the Kubernetes API, an automatically mounted service account token only gives an attacker who compromises the container credentials to use against the API server.',
  remediation:
    'Set `automountServiceAccountToken: false` in the pod spec, or mount a projected token only into the container that needs it.',
  equivalents: {
    polaris: ['automountServiceAccountToken'],
    kubesec: ['AutomountServiceAccountToken'],
    trivy: ['KSV-0036'],
    checkov: ['CKV_K8S_38'],
    kubescape: ['C-0034'],
  },
  appliesTo: 'workloads',
  check(ctx) {
    const pod = ctx.pod;
    if (!pod) return;
    const pair = pairOf(pod.spec, 'automountServiceAccountToken');
    const value = pair ? asScalar(pair.value, ctx.object.doc)?.value : undefined;
    if (value === false) return;
    if (pair && typeof value !== 'boolean' && value !== null) return; // templated or invalid: not ours to judge
    const explicit = value === true;
    ctx.report({
      range: explicit ? pairRange(pair, ctx.text)! : podAnchor(pod, ctx.text),
      message: explicit
        ? `${describeObject(ctx.object)} mounts its service account token (automountServiceAccountToken: true).`
        : `${describeObject(ctx.object)} does not set automountServiceAccountToken: false, so the service account token is mounted.`,
      fix: {
        title: 'Set automountServiceAccountToken: false',
        ops: [{ op: 'set', map: pod.spec, path: ['automountServiceAccountToken'], value: false }],
      },
    });
  },
});
