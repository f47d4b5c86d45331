import type { Document, Pair, YAMLMap, YAMLSeq } from 'yaml';
import { asMap, getMap, getSeq, getString, pairOf } from '../../../yaml/nodes';

/** What a RoleBinding/ClusterRoleBinding says, with the nodes rules point at. */
export interface BindingView {
  roleRef?: { kind?: string | undefined; name?: string | undefined; map: YAMLMap; namePair?: Pair | undefined };
  subjects: Array<{
    kind?: string | undefined;
    name?: string | undefined;
    namespace?: string | undefined;
    map: YAMLMap;
    index: number;
    namePair?: Pair | undefined;
  }>;
  subjectsSeq?: YAMLSeq;
}

export function readBinding(root: YAMLMap, doc?: Document): BindingView {
  const ref = getMap(root, 'roleRef', doc);
  const subjectsSeq = getSeq(root, 'subjects', doc);
  const view: BindingView = { subjects: [] };
  if (subjectsSeq) view.subjectsSeq = subjectsSeq;
  if (ref) view.roleRef = { kind: getString(ref, 'kind', doc), name: getString(ref, 'name', doc), map: ref, namePair: pairOf(ref, 'name') };
  // Index in the sequence, not among maps: a removeItem fix needs the real position.
  (subjectsSeq?.items ?? []).forEach((item, index) => {
    const m = asMap(item, doc);
    if (!m) return;
    view.subjects.push({
      kind: getString(m, 'kind', doc),
      name: getString(m, 'name', doc),
      namespace: getString(m, 'namespace', doc),
      map: m,
      index,
      namePair: pairOf(m, 'name'),
    });
  });
  return view;
}

/** `ServiceAccount "ns/name"`, `User "alice"`, `Group "devs"`. */
function describeSubject(s: { kind?: string | undefined; name?: string | undefined; namespace?: string | undefined }): string {
  const name = s.kind === 'ServiceAccount' && s.namespace ? `${s.namespace}/${s.name ?? ''}` : (s.name ?? '');
  return `${s.kind ?? 'subject'} "${name}"`;
}

export function describeSubjects(v: BindingView): string {
  if (v.subjects.length === 0) return 'no subjects';
  const shown = v.subjects.slice(0, 3).map(describeSubject).join(', ');
  return v.subjects.length > 3 ? `${shown} and ${v.subjects.length - 3} more` : shown;
}
