import { MarkupKind, type Hover, type Position, type Range } from 'vscode-languageserver/node';
import { lookupKind } from '../../core/model/apiGroups';
import { effectivePermissionsMarkdown } from '../../core/workspace/permissions';
import { namespaceOf } from '../../core/workspace/workspaceIndex';
import { rangeContains as contains } from '../ranges';
import type { WorkspaceSession } from './workspaceSession';

/**
 * Effective permissions of the ServiceAccount under the cursor (a ServiceAccount's name, or
 * a workload's `serviceAccountName`), or null. While the index is partial, the hover says so.
 */
export function permissionsHover(session: WorkspaceSession, file: string, position: Position): Hover | null {
  const { index, indexing } = session;
  for (const o of index.objectsInFile(file)) {
    let ns: string | undefined;
    let name: string | undefined;
    let range: Range | undefined;
    if (lookupKind(o) === 'ServiceAccount' && o.name && contains(o.anchor.range, position)) {
      ns = namespaceOf(o);
      name = o.name;
      range = o.anchor.range;
    } else if (o.workload?.serviceAccountLoc && contains(o.workload.serviceAccountLoc.range, position)) {
      ns = namespaceOf(o);
      name = o.workload.serviceAccountName;
      range = o.workload.serviceAccountLoc.range;
    }
    if (!ns || !name || !range) continue;
    let value = effectivePermissionsMarkdown(index, ns, name);
    if (indexing) {
      const count = indexing.total > 0 ? ` (${indexing.done} of ${indexing.total} files)` : '';
      value += `\n\n_The workspace is still being indexed${count}: bindings in files not read yet are missing._`;
    }
    return { contents: { kind: MarkupKind.Markdown, value }, range };
  }
  return null;
}

/** One hover from the per-document hover (rule docs) and the workspace hover (permissions). */
export function mergeHovers(a: Hover | null | undefined, b: Hover | null | undefined): Hover | null {
  if (!a) return b ?? null;
  if (!b) return a;
  const text = (h: Hover) =>
    typeof h.contents === 'object' && 'kind' in h.contents
      ? h.contents.value
      : String((h.contents as { value?: string }).value ?? h.contents);
  const merged: Hover = { contents: { kind: MarkupKind.Markdown, value: `${text(a)}\n\n---\n\n${text(b)}` } };
  if (a.range) merged.range = a.range;
  return merged;
}
