import * as posix from 'node:path/posix';
import type { Origin } from '../types';
import { getString, isKMap, isKSeq, kscalar, type KMap } from './node';
import { selectorMatches } from './patches';
import { walkFieldSpec, type Resource } from './resource';

/**
 * `transformers:` entries that configure one of kustomize's built-in transformers
 * (`apiVersion: builtin`): plain data, so they are applied. Anything else there is a plugin,
 * which is never run. Only ValueAddTransformer is implemented; other built-ins are reported.
 */
export function applyBuiltinTransformer(
  config: KMap,
  resources: Resource[],
  kustomizationDir: string,
  entryOrigin: Origin | undefined,
): string | undefined {
  const kind = getString(config, ['kind']) ?? '';
  if (getString(config, ['apiVersion']) !== 'builtin')
    return `transformer plugin ${getString(config, ['apiVersion']) ?? ''} ${kind} (plugins are not run)`;
  if (kind !== 'ValueAddTransformer') return `built-in transformer ${kind} configured in a file (not supported yet)`;
  const valueNode = config.entries.get('value');
  // Without `value:` the kustomization's directory name is the value.
  const value = getString(config, ['value']) ?? posix.basename(kustomizationDir);
  const origin = valueNode?.origin ? { ...valueNode.origin, via: { kind: 'transformer' as const, field: 'transformers' } } : entryOrigin;
  const targets = config.entries.get('targets');
  for (const t of isKSeq(targets) ? targets.items : []) {
    if (!isKMap(t)) continue;
    const selector = t.entries.get('selector');
    const position = Number(getString(t, ['filePathPosition']) ?? 0);
    for (const r of resources) {
      if (isKMap(selector) && !selectorMatches(selector, r)) continue;
      walkFieldSpec(
        r.obj,
        { path: getString(t, ['fieldPath']) ?? '', create: true },
        (parent, key) => {
          const old = getString(parent, [key]);
          parent.entries.set(key, kscalar(position > 0 ? insertPathPart(old ?? '', position - 1, value) : value, origin));
        },
        origin,
      );
    }
  }
  return undefined;
}

/** Inserts `part` as element `pos` of a slash path (at the end when the path is shorter). */
function insertPathPart(path: string, pos: number, part: string): string {
  const parts = path.split('/').filter((p) => p !== '');
  parts.splice(Math.min(Math.max(pos, 0), parts.length), 0, part);
  return parts.join('/');
}
