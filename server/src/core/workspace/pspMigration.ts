import { stringify } from 'yaml';
import { applyEdits, renderFix } from '../fix';
import { opsHold } from '../fix/opsHold';
import { lookupKind } from '../model/apiGroups';
import { recogniseObject } from '../model/objects';
import type { FixProposal } from '../rules/types';
import type { TextEdit } from '../types';
import { parseFile } from '../yaml/parseFile';
import { safeName, type NewDocumentFix } from './fixes';
import { bindingGrants } from './permissions';
import type { IndexedObject, PolicyRuleFact } from './types';
import { namespaceOf, type WorkspaceIndex } from './workspaceIndex';

/**
 * The quick fix of a PodSecurityPolicy's `removed-api-version` finding: put its Pod Security
 * level on the namespaces it covered. A PSP is cluster-scoped; it applied to a pod when the
 * pod's ServiceAccount (or its creator) could `use` it in the pod's namespace, so the
 * namespaces are those of the bindings that grant `use` on it. A Namespace object of the
 * workspace gets the labels (an edit in its file); a namespace the workspace does not define
 * gets a new Namespace document. Namespaces that already carry an enforce label are left as
 * they are: someone chose their level.
 */

/** An edit of an existing file (offsets into the text it was computed on). */
export interface EditDocumentFix {
  title: string;
  file: string;
  edits: TextEdit[];
}

export type CrossFileFix = NewDocumentFix | EditDocumentFix;

export function isEditFix(fix: CrossFileFix): fix is EditDocumentFix {
  return 'edits' in fix;
}

const ENFORCE = 'pod-security.kubernetes.io/enforce';
const ENFORCE_VERSION = 'pod-security.kubernetes.io/enforce-version';

/** The PolicyRule lets its subject `use` the PodSecurityPolicy `name` (RBAC wildcards included). */
function grantsUse(r: PolicyRuleFact, name: string): boolean {
  return (
    r.apiGroups.some((g) => g === '*' || g === 'policy' || g === 'extensions') &&
    r.resources.some((x) => x === '*' || x.toLowerCase() === 'podsecuritypolicies') &&
    r.verbs.some((v) => v === '*' || v.toLowerCase() === 'use') &&
    (r.resourceNames.length === 0 || r.resourceNames.includes(name))
  );
}

/**
 * The namespaces whose pods the workspace's bindings let use the PSP: a RoleBinding's own
 * namespace; for a ClusterRoleBinding, its ServiceAccount subjects' namespaces and
 * `system:serviceaccounts:<ns>` groups, and every Namespace object of the workspace for a
 * subject that reaches all of them (a user, `system:authenticated`, `system:serviceaccounts`).
 */
export function pspNamespaces(index: WorkspaceIndex, pspName: string): string[] {
  const out = new Set<string>();
  for (const binding of index.byKind('RoleBinding', 'ClusterRoleBinding')) {
    const rules = bindingGrants(index, binding)?.role?.role?.rules ?? [];
    if (!rules.some((r) => grantsUse(r, pspName))) continue;
    if (binding.kind === 'RoleBinding') {
      const ns = namespaceOf(binding);
      if (ns) out.add(ns);
      continue;
    }
    for (const s of binding.binding?.subjects ?? []) {
      if (s.kind === 'ServiceAccount') {
        if (s.namespace) out.add(s.namespace);
      } else if (s.kind === 'Group' && s.name.startsWith('system:serviceaccounts:')) {
        out.add(s.name.slice('system:serviceaccounts:'.length));
      } else {
        for (const n of index.byKind('Namespace')) if (n.name) out.add(n.name);
      }
    }
  }
  return [...out].sort();
}

/** The labels as a fix: `set` ops on the Namespace's root map, rendered in its file's style and checked to have landed. */
function labelEdits(text: string, namespace: IndexedObject, level: string): TextEdit[] | undefined {
  const parsed = parseFile(text);
  const source = parsed.documents.find((d) => d.index === namespace.documentIndex);
  const object = source && recogniseObject(source);
  if (!object || lookupKind(object) !== 'Namespace' || object.name !== namespace.name) return undefined;
  const fix: FixProposal = {
    title: 'label',
    ops: [
      { op: 'set', map: object.root, path: ['metadata', 'labels', ENFORCE], value: level },
      { op: 'set', map: object.root, path: ['metadata', 'labels', ENFORCE_VERSION], value: 'latest' },
    ],
  };
  const edits = renderFix(parsed, fix);
  if (!edits) return undefined;
  const after = parseFile(applyEdits(text, edits));
  const doc = after.documents.find((d) => d.index === namespace.documentIndex);
  if (after.documents.length !== parsed.documents.length || !doc || doc.error) return undefined;
  return opsHold(fix, parsed, doc.doc.contents) ? edits : undefined;
}

function newNamespace(name: string, level: string, suggestedFile: string): NewDocumentFix {
  const yaml = stringify(
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels: { [ENFORCE]: level, [ENFORCE_VERSION]: 'latest' } } },
    { indent: 2, lineWidth: 0 },
  );
  return {
    title: `Create Namespace "${name}" labelled ${ENFORCE}: ${level}`,
    yaml,
    suggestedFile,
    newFileName: `namespace-${safeName(name)}.yaml`,
  };
}

/**
 * One fix per namespace the PSP covered that has no enforce label yet. `textOf` gives a
 * file's current text (the editor's buffer when open); a Namespace whose file cannot be read
 * or whose labels cannot be set exactly gets no fix.
 */
export function pspMigrationFixes(psp: IndexedObject, index: WorkspaceIndex, textOf: (file: string) => string | undefined): CrossFileFix[] {
  const level = psp.podSecurityPolicyLevel;
  if (!level || !psp.name) return [];
  const out: CrossFileFix[] = [];
  for (const ns of pspNamespaces(index, psp.name)) {
    const object = index.namespaceObject(ns);
    if (!object) {
      out.push(newNamespace(ns, level, psp.file));
      continue;
    }
    if (object.podSecurity?.enforce) continue;
    const text = textOf(object.file);
    const edits = text === undefined ? undefined : labelEdits(text, object, level);
    if (edits) out.push({ title: `Label Namespace "${ns}" with ${ENFORCE}: ${level}`, file: object.file, edits });
  }
  return out;
}
