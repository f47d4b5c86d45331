import type { Pair, YAMLMap } from 'yaml';
import { getMap, pairOf } from '../../../yaml/nodes';
import type { RuleContext } from '../../types';
import { pairValue } from './helpers';

/** A present `seccompProfile` map of a securityContext, with its type pair and value. */
export function seccompProfileOf(
  sc: YAMLMap | undefined,
  ctx: RuleContext,
): { profile: YAMLMap; profilePair: Pair; typePair?: Pair | undefined; type: unknown } | undefined {
  const profile = getMap(sc, 'seccompProfile', ctx.object.doc);
  if (!profile) return undefined;
  const typePair = pairOf(profile, 'type') as Pair | undefined;
  return { profile, profilePair: pairOf(sc, 'seccompProfile') as Pair, typePair, type: pairValue(typePair, ctx) };
}

/** The legacy (pre-v1.19) seccomp annotations. */
export const SECCOMP_POD_ANNOTATION = 'seccomp.security.alpha.kubernetes.io/pod';
export const SECCOMP_CONTAINER_ANNOTATION_PREFIX = 'container.seccomp.security.alpha.kubernetes.io/';

export function validSeccompAnnotation(value: string): boolean {
  return value === 'runtime/default' || value === 'docker/default' || value.startsWith('localhost/');
}
