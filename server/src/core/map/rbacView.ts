import type { DangerousGrant } from '../rules/rbac/_lib/permissions';
import { bindingGrants, effectivePermissions, grantLabel, subjectNamesAccountIn } from '../workspace/permissions';
import { namespaceOf, type WorkspaceIndex } from '../workspace/workspaceIndex';
import { mapLoc } from './ids';
import type { MapGrant, RbacBinding, RbacRole, RbacSubject, SecurityMap } from './model';

function isClusterAdmin(g: Pick<DangerousGrant, 'fullWildcard' | 'apiGroups'>): boolean {
  return g.fullWildcard && g.apiGroups.includes('*');
}

/**
 * The grants of one role as badges: a role with every verb on every resource of every group
 * is one `cluster-admin` grant (its other grants are implied); otherwise one per grant
 * rule's label, the first rule that gives it.
 */
function badges<T extends { grant: DangerousGrant }>(dangerous: readonly T[]): T[] {
  const admin = dangerous.find((d) => isClusterAdmin(d.grant));
  if (admin) return [admin];
  const seen = new Set<string>();
  return dangerous.filter((d) => !seen.has(d.grant.kind) && seen.add(d.grant.kind));
}

function labelOf(g: DangerousGrant): string {
  return isClusterAdmin(g) ? 'cluster-admin' : grantLabel(g.kind);
}

/** `cluster-wide` or the namespace, from permissions.ts's `namespace "x"`. */
function scopeOf(scope: string): string {
  const m = /^namespace "(.*)"$/.exec(scope);
  return m ? m[1]! : scope;
}

/** The dangerous grants of a ServiceAccount, each with the binding that gives it. */
export function serviceAccountGrants(index: WorkspaceIndex, namespace: string, name: string): MapGrant[] {
  return effectivePermissions(index, namespace, name).grants.flatMap((g) =>
    badges(g.dangerous).map((d) => ({
      label: labelOf(d.grant),
      ruleId: d.grant.kind,
      binding: mapLoc(g.binding.anchor),
      scope: scopeOf(g.scope),
    })),
  );
}

/**
 * The RBAC tab: every binding with its subjects and role, every role with its dangerous
 * grants. Ids: `subject:ServiceAccount/<ns>/<name>`, `subject:User/<name>`,
 * `subject:Group/<name>`, `binding:RoleBinding/<ns>/<name>`, `binding:ClusterRoleBinding/<name>`,
 * `role:Role/<ns>/<name>`, `role:ClusterRole/<name>`.
 */
export function rbacOf(index: WorkspaceIndex): SecurityMap['rbac'] {
  const subjects = new Map<string, RbacSubject>();
  const roles = new Map<string, RbacRole>();
  const bindings: RbacBinding[] = [];
  const bindingIds = new Map<string, number>();
  for (const b of index.byKind('RoleBinding', 'ClusterRoleBinding')) {
    const resolved = bindingGrants(index, b);
    if (!resolved || !b.binding) continue;
    const bindingNs = b.kind === 'RoleBinding' ? namespaceOf(b) : undefined;
    const roleNs = resolved.roleKind === 'Role' ? bindingNs : undefined;
    const roleId = `role:${resolved.roleKind}/${roleNs ? `${roleNs}/` : ''}${resolved.roleName}`;
    if (!roles.has(roleId)) {
      const role: RbacRole = {
        id: roleId,
        kind: resolved.roleKind === 'Role' ? 'Role' : 'ClusterRole',
        name: resolved.roleName,
        grants: badges(resolved.dangerous).map((d) => ({
          label: labelOf(d.grant),
          ruleId: d.grant.kind,
          ...(d.ruleLoc ? { loc: mapLoc(d.ruleLoc) } : {}),
        })),
      };
      if (roleNs) role.namespace = roleNs;
      if (resolved.role) role.loc = mapLoc(resolved.role.anchor);
      roles.set(roleId, role);
    }
    const subjectIds: string[] = [];
    for (const s of b.binding.subjects) {
      if (s.kind !== 'ServiceAccount' && s.kind !== 'User' && s.kind !== 'Group') continue;
      const ns = s.kind === 'ServiceAccount' ? (s.namespace ?? bindingNs) : undefined;
      const id = `subject:${s.kind}/${ns !== undefined ? `${ns}/` : ''}${s.name}`;
      if (!subjects.has(id)) subjects.set(id, { id, kind: s.kind, name: s.name, ...(ns !== undefined ? { namespace: ns } : {}) });
      if (!subjectIds.includes(id)) subjectIds.push(id);
    }
    // Two bindings of one name (a dev and a prod folder) stay two nodes: merged, the drawing
    // would connect one's subjects to the other's role.
    const baseId = `binding:${b.kind}/${bindingNs ? `${bindingNs}/` : ''}${b.name ?? ''}`;
    const copies = (bindingIds.get(baseId) ?? 0) + 1;
    bindingIds.set(baseId, copies);
    const binding: RbacBinding = {
      id: copies === 1 ? baseId : `${baseId}#${copies}`,
      kind: b.kind === 'RoleBinding' ? 'RoleBinding' : 'ClusterRoleBinding',
      name: b.name ?? '',
      subjects: subjectIds,
      role: roleId,
      loc: mapLoc(b.anchor),
    };
    if (bindingNs) binding.namespace = bindingNs;
    bindings.push(binding);
  }
  return { subjects: [...subjects.values()], bindings, roles: [...roles.values()] };
}

/**
 * The RBAC graph of what concerns one namespace: the bindings in it, and every other binding
 * (a ClusterRoleBinding, a RoleBinding elsewhere) whose subject names a ServiceAccount of it
 * (`subjectNamesAccountIn`: by name, or a group or user standing for it); with those
 * bindings' subjects and roles (with their grants) and nothing else. The namespace view draws
 * this and `report --namespace` writes it.
 */
export function rbacInNamespace(rbac: SecurityMap['rbac'], namespace: string): SecurityMap['rbac'] {
  const subjectById = new Map(rbac.subjects.map((s) => [s.id, s]));
  const concerns = (id: string) => {
    const s = subjectById.get(id);
    return s !== undefined && subjectNamesAccountIn(s, namespace);
  };
  const bindings = rbac.bindings.filter((b) => b.namespace === namespace || b.subjects.some(concerns));
  const subjectIds = new Set(bindings.flatMap((b) => b.subjects));
  const roleIds = new Set(bindings.map((b) => b.role));
  return {
    subjects: rbac.subjects.filter((s) => subjectIds.has(s.id)),
    bindings,
    roles: rbac.roles.filter((r) => roleIds.has(r.id)),
  };
}
