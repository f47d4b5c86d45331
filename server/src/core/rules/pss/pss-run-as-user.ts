import type { Pair, YAMLMap } from 'yaml';
import { pairOf } from '../../yaml/nodes';
import { defineRule, type RuleContext } from '../types';
import { containerSubject } from '../../model/pod';
import {
  atLeast,
  containerSecurityContext,
  objectLabel,
  pairValue,
  podSecurityContext,
  rangeOfPair,
  usesUserNamespace,
} from './_lib/helpers';

function rootPair(sc: YAMLMap | undefined, ctx: RuleContext): Pair | undefined {
  const pair = pairOf(sc, 'runAsUser') as Pair | undefined;
  return pairValue(pair, ctx) === 0 ? pair : undefined;
}

/**
 * PSA `runAsUser` (restricted, policy v1.23+; skipped for `hostUsers: false` pods from
 * v1.35): `runAsUser` must not be 0 on the pod or any container (undefined is allowed).
 * One finding per `runAsUser: 0`. No quick fix: the right UID depends on the image.
 */
export default defineRule({
  id: 'pss-run-as-user',
  title: 'Runs as root user (UID 0)',
  severity: 'warning',
  category: 'pod-security',
  description:
    'runAsUser: 0 explicitly runs the container as root, which makes every process compromise a root compromise inside the container.',
  remediation: 'Set `runAsUser` to a non-zero UID, or remove it and run the image as a non-root user.',
  pss: { check: 'runAsUser', level: 'restricted' },
  equivalents: {
    trivy: ['KSV-0105'],
  },
  appliesTo: 'workloads',
  check(ctx) {
    if (!ctx.pod || !atLeast(ctx, 23)) return;
    if (atLeast(ctx, 35) && usesUserNamespace(ctx)) return;
    const podRoot = rootPair(podSecurityContext(ctx), ctx);
    if (podRoot) {
      ctx.report({ range: rangeOfPair(podRoot, ctx), message: `The pod of ${objectLabel(ctx)} sets runAsUser: 0 (root).` });
    }
    for (const c of ctx.pod.containers) {
      const pair = rootPair(containerSecurityContext(c, ctx), ctx);
      if (pair) ctx.report({ range: rangeOfPair(pair, ctx), message: `${containerSubject(c, ctx.object)} sets runAsUser: 0 (root).` });
    }
  },
});
