import { asScalar, getSeq, getString, pairOf, pairRange, seqMaps } from '../../yaml/nodes';
import { defineRule } from '../types';
import { containerSubject } from '../../model/pod';
import { classifyEnv } from './_lib/credentials';

/**
 * Polaris `sensitiveContainerEnvVar` and kube-linter `env-var-secret` judge the name
 * alone (kube-linter: any name containing "secret"); we combine both signals: the name
 * must mean a credential and the value must not be obviously something else (empty,
 * `$(VAR)`, a file path, a boolean, a port), and a value that is unmistakably a
 * credential (PEM key, AWS key id, JWT, URL with a password) fires under any name.
 * The finding sits on the env entry's `name:` pair and never quotes the value.
 */
export default defineRule({
  id: 'env-hardcoded-secret',
  title: 'Credential hard-coded in an environment variable',
  severity: 'warning',
  category: 'secrets',
  description:
    'A credential written into the manifest is readable by everyone with access to the repository, the CI logs and `kubectl get -o yaml`, and cannot be rotated without a commit.',
  remediation: 'Move the value into a Secret and reference it with `valueFrom.secretKeyRef`, or mount it as a file.',
  equivalents: {
    'kube-linter': ['env-var-secret'],
    polaris: ['sensitiveContainerEnvVar'],
    kubescape: ['C-0012'],
  },
  appliesTo: 'workloads',
  onControlPlanePods: true,
  check(ctx) {
    const doc = ctx.object.doc;
    for (const c of ctx.pod?.containers ?? []) {
      for (const env of seqMaps(getSeq(c.node, 'env', doc), doc)) {
        const name = getString(env, 'name', doc);
        const valueNode = asScalar(pairOf(env, 'value')?.value, doc);
        if (name === undefined || !valueNode || typeof valueNode.value !== 'string') continue;
        const kind = classifyEnv(name, valueNode.value);
        if (!kind) continue;
        ctx.report({
          range: pairRange(pairOf(env, 'name'), ctx.text)!,
          message: `${containerSubject(c, ctx.object)} sets environment variable "${name}" to a literal value that looks like ${kind}.`,
        });
      }
    }
  },
});
