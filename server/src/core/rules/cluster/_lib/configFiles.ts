import type { Pair, YAMLMap } from 'yaml';
import type { K8sObject } from '../../../model/objects';
import type { OffsetRange } from '../../../types';
import { asScalar, getMap, pairOf, pairRange } from '../../../yaml/nodes';
import type { RuleContext } from '../../types';

/**
 * Component configuration files kept beside the manifests (KubeletConfiguration,
 * EncryptionConfiguration, audit Policy): recognised by API group and kind, since other
 * projects define kinds of the same names (a Kyverno `Policy` is not an audit policy).
 */
export function isConfigFile(object: K8sObject, group: string, kind: string): boolean {
  return object.kind === kind && object.apiVersion.split('/')[0] === group;
}

/** The scalar at `path` under the root, with the range of its pair, when present. */
export function scalarAt(ctx: RuleContext, path: readonly string[]): { value: unknown; range: OffsetRange } | undefined {
  let map: YAMLMap | undefined = ctx.object.root;
  for (const key of path.slice(0, -1)) map = getMap(map, key, ctx.object.doc);
  const pair = pairOf(map, path[path.length - 1]!) as Pair | undefined;
  const s = asScalar(pair?.value, ctx.object.doc);
  const range = pairRange(pair, ctx.text);
  if (!s || !range || s.value === null) return undefined;
  return { value: s.value, range };
}

/** The `kind:` pair, where findings about a whole configuration file are anchored. */
export function kindRange(ctx: RuleContext): OffsetRange {
  return pairRange(pairOf(ctx.object.root, 'kind') as Pair | undefined, ctx.text) ?? { start: 0, end: 0 };
}
