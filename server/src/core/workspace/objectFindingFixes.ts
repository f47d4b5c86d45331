import type { IndexedObject } from './types';
import type { WorkspaceIndex } from './workspaceIndex';
import { pspMigrationFixes, type CrossFileFix } from './pspMigration';

/**
 * Quick fixes of per-object findings that edit or create OTHER documents, so the per-object
 * fix engine (one document's AST) cannot express them and the editor offers them from the
 * workspace index. Keyed by rule id so adapters never switch on ids.
 */
type ObjectFindingFixes = (object: IndexedObject, index: WorkspaceIndex, textOf: (file: string) => string | undefined) => CrossFileFix[];

const BY_RULE: ReadonlyMap<string, ObjectFindingFixes> = new Map([
  // A PodSecurityPolicy's replacement is Pod Security labels on the namespaces it covered.
  ['removed-api-version', (object, index, textOf) => (object.kind === 'PodSecurityPolicy' ? pspMigrationFixes(object, index, textOf) : [])],
]);

export function objectFindingFixes(
  ruleId: string,
  object: IndexedObject,
  index: WorkspaceIndex,
  textOf: (file: string) => string | undefined,
): CrossFileFix[] {
  return BY_RULE.get(ruleId)?.(object, index, textOf) ?? [];
}

/** Whether findings of `ruleId` can have such fixes (so an adapter locates the object only then). */
export function hasObjectFindingFixes(ruleId: string): boolean {
  return BY_RULE.has(ruleId);
}
