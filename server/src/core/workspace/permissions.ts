import { classifyAllGrants } from '../rules/rbac/_lib/grantRules';
import type { DangerousGrant } from '../rules/rbac/_lib/permissions';
import { policyRuleFromStrings } from '../rules/rbac/_lib/policyRule';
import { describeObject } from '../model/objects';
import type { IndexedObject, Loc } from './types';
import { namespaceOf, type SubjectRef, type WorkspaceIndex } from './workspaceIndex';
import { markdownText as md } from '../markdown';

/**
 * Effective RBAC permissions of a ServiceAccount across the workspace: the union of the
 * rules of every (Cluster)RoleBinding whose subjects include it, with the dangerous grants
 * classified by the RBAC grant rules' own matchers (`classifyAllGrants`) and attributed to the binding that
 * grants them. Matching follows the RBAC authorizer:
 * - a `ServiceAccount` subject with that name and namespace (a RoleBinding's subject
 *   without namespace means the binding's namespace);
 * - `Group` `system:serviceaccounts`, `system:serviceaccounts:<ns>`, `system:authenticated`;
 * - `User` `system:serviceaccount:<ns>:<name>`.
 * A RoleBinding grants within its namespace (even when it names a ClusterRole), a
 * ClusterRoleBinding everywhere.
 */

/** Built-in ClusterRoles the API server creates: bindings to them are not dangling. */
export function isBuiltinClusterRole(name: string): boolean {
  return name === 'cluster-admin' || name === 'admin' || name === 'edit' || name === 'view' || name.startsWith('system:');
}

/**
 * Built-in namespaced Roles of the bootstrap policy (all in kube-system): the
 * `system:controller:*` / `system::leader-locking-*` roles and
 * `extension-apiserver-authentication-reader`, which aggregated API servers bind to.
 */
export function isBuiltinRole(namespace: string, name: string): boolean {
  return namespace === 'kube-system' && (name.startsWith('system:') || name === 'extension-apiserver-authentication-reader');
}

/**
 * The dangerous part of the default user-facing ClusterRoles, so bindings to them are
 * classified without their definition in the workspace (abridged from the bootstrap
 * policy: only what the grant rules' matchers look at).
 */
const BUILTIN_RULES: Record<string, Array<Parameters<typeof policyRuleFromStrings>[0]>> = {
  'cluster-admin': [{ apiGroups: ['*'], resources: ['*'], verbs: ['*'] }],
  admin: [
    {
      apiGroups: [''],
      resources: ['secrets', 'pods', 'pods/exec', 'pods/attach', 'pods/portforward'],
      verbs: ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete'],
    },
    {
      apiGroups: ['apps'],
      resources: ['deployments', 'daemonsets', 'statefulsets', 'replicasets'],
      verbs: ['create', 'update', 'patch', 'delete'],
    },
    { apiGroups: [''], resources: ['serviceaccounts'], verbs: ['impersonate'] },
    { apiGroups: ['rbac.authorization.k8s.io'], resources: ['roles', 'rolebindings'], verbs: ['create', 'update', 'patch', 'delete'] },
  ],
  edit: [
    {
      apiGroups: [''],
      resources: ['secrets', 'pods', 'pods/exec', 'pods/attach', 'pods/portforward'],
      verbs: ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete'],
    },
    {
      apiGroups: ['apps'],
      resources: ['deployments', 'daemonsets', 'statefulsets', 'replicasets'],
      verbs: ['create', 'update', 'patch', 'delete'],
    },
    { apiGroups: [''], resources: ['serviceaccounts'], verbs: ['impersonate'] },
  ],
  view: [],
};

/** Short names of the dangerous grant kinds, for messages and CodeLens: each grant rule declares its own. */
export { grantLabel } from '../rules/rbac/_lib/grantRules';

export interface EffectiveGrant {
  binding: IndexedObject;
  /** How the binding reaches the ServiceAccount (`ServiceAccount subject`, `Group system:serviceaccounts`). */
  via: string;
  subjectLoc: Loc;
  roleKind: string;
  roleName: string;
  /** The Role/ClusterRole object, when the workspace defines it. */
  role?: IndexedObject;
  /** A built-in ClusterRole (its rules are known, not read). */
  builtin: boolean;
  /** `namespace "x"` or `cluster-wide`. */
  scope: string;
  dangerous: Array<{ grant: DangerousGrant; ruleLoc?: Loc }>;
}

export interface EffectivePermissions {
  namespace: string;
  name: string;
  serviceAccount?: IndexedObject;
  grants: EffectiveGrant[];
}

/**
 * Whether a binding subject names the ServiceAccount `ns`/`name`, and how. Must agree with
 * `subjectsNaming`, which finds the candidate bindings.
 */
function subjectVia(
  s: { kind: string; name: string; namespace?: string },
  bindingNs: string | undefined,
  ns: string,
  name: string,
): string | undefined {
  switch (s.kind) {
    case 'ServiceAccount':
      return s.name === name && (s.namespace ?? bindingNs) === ns ? 'ServiceAccount subject' : undefined;
    case 'Group':
      return s.name === 'system:serviceaccounts' || s.name === `system:serviceaccounts:${ns}` || s.name === 'system:authenticated'
        ? `Group ${s.name}`
        : undefined;
    case 'User':
      return s.name === `system:serviceaccount:${ns}:${name}` ? `User ${s.name}` : undefined;
    default:
      return undefined;
  }
}

/**
 * Whether a subject (a ServiceAccount's namespace already resolved against its binding's)
 * names some ServiceAccount of namespace `ns` by `subjectVia`'s rules: the RBAC view of one
 * namespace shows every binding that gives its accounts power, as their badges count them.
 */
export function subjectNamesAccountIn(s: { kind: string; name: string; namespace?: string | undefined }, ns: string): boolean {
  switch (s.kind) {
    case 'ServiceAccount':
      return s.namespace === ns;
    case 'Group':
      return subjectVia({ kind: s.kind, name: s.name }, undefined, ns, '') !== undefined;
    case 'User': {
      const prefix = `system:serviceaccount:${ns}:`;
      return s.name.startsWith(prefix) && s.name.length > prefix.length;
    }
    default:
      return false;
  }
}

/** Every subject `subjectVia` accepts for the ServiceAccount `ns`/`name`. */
function subjectsNaming(ns: string, name: string): SubjectRef[] {
  return [
    { kind: 'ServiceAccount', name, namespace: ns },
    { kind: 'Group', name: 'system:serviceaccounts' },
    { kind: 'Group', name: `system:serviceaccounts:${ns}` },
    { kind: 'Group', name: 'system:authenticated' },
    { kind: 'User', name: `system:serviceaccount:${ns}:${name}` },
  ];
}

/** What a binding grants, whoever its subject: its role, scope and dangerous grants. */
type ResolvedBinding = Pick<EffectiveGrant, 'roleKind' | 'roleName' | 'role' | 'builtin' | 'scope' | 'dangerous'>;

/**
 * Resolved bindings per index, valid for one index version: a binding to a group such as
 * `system:authenticated` reaches every ServiceAccount, and classifying its role once per
 * account made the workload-sa-permissions rule quadratic.
 */
const resolvedBindings = new WeakMap<WorkspaceIndex, { version: number; byBinding: Map<IndexedObject, ResolvedBinding> }>();

function resolveBinding(
  index: WorkspaceIndex,
  binding: IndexedObject,
  roleRef: { kind: string; name: string },
  bindingNs: string | undefined,
): ResolvedBinding {
  let cache = resolvedBindings.get(index);
  if (!cache || cache.version !== index.version) resolvedBindings.set(index, (cache = { version: index.version, byBinding: new Map() }));
  const cached = cache.byBinding.get(binding);
  if (cached) return cached;
  const { kind: roleKind, name: roleName } = roleRef;
  const role =
    roleKind === 'Role'
      ? bindingNs
        ? index.find('Role', bindingNs, roleName)[0]
        : undefined
      : roleKind === 'ClusterRole'
        ? index.find('ClusterRole', undefined, roleName)[0]
        : undefined;
  const builtinRules = !role && roleKind === 'ClusterRole' ? BUILTIN_RULES[roleName] : undefined;
  const builtin = builtinRules !== undefined;
  const dangerous: EffectiveGrant['dangerous'] = [];
  if (role?.role) {
    for (const r of role.role.rules) {
      for (const grant of classifyAllGrants([policyRuleFromStrings(r)])) dangerous.push({ grant, ruleLoc: r.loc });
    }
  } else if (builtinRules) {
    for (const grant of classifyAllGrants(builtinRules.map(policyRuleFromStrings))) dangerous.push({ grant });
  }
  const resolved: ResolvedBinding = {
    roleKind,
    roleName,
    builtin,
    scope: bindingNs ? `namespace "${bindingNs}"` : 'cluster-wide',
    dangerous: dedupe(dangerous),
  };
  if (role) resolved.role = role;
  cache.byBinding.set(binding, resolved);
  return resolved;
}

/**
 * What a RoleBinding or ClusterRoleBinding grants to each of its subjects: its role
 * resolved in the workspace (or a built-in ClusterRole), its scope and dangerous grants.
 */
export function bindingGrants(
  index: WorkspaceIndex,
  binding: IndexedObject,
): (ResolvedBinding & { roleRef: { kind: string; name: string; loc: Loc } }) | undefined {
  const roleRef = binding.binding?.roleRef;
  if (!roleRef) return undefined;
  const bindingNs = binding.kind === 'RoleBinding' ? namespaceOf(binding) : undefined;
  return { ...resolveBinding(index, binding, roleRef, bindingNs), roleRef };
}

export function effectivePermissions(index: WorkspaceIndex, namespace: string, name: string): EffectivePermissions {
  const out: EffectivePermissions = { namespace, name, grants: [] };
  const sa = index.find('ServiceAccount', namespace, name)[0];
  if (sa) out.serviceAccount = sa;
  // Only bindings with a subject naming the account can grant it anything: look them up
  // rather than scan every binding of the workspace (same order as the scan).
  for (const binding of index.bindingsWithSubject(subjectsNaming(namespace, name))) {
    const b = binding.binding;
    if (!b?.roleRef) continue;
    const bindingNs = binding.kind === 'RoleBinding' ? namespaceOf(binding) : undefined;
    for (const s of b.subjects) {
      const via = subjectVia(s, bindingNs, namespace, name);
      if (!via) continue;
      const { role, ...resolved } = resolveBinding(index, binding, b.roleRef, bindingNs);
      const grant: EffectiveGrant = { binding, via, subjectLoc: s.loc, ...resolved };
      if (role) grant.role = role;
      out.grants.push(grant);
      break; // one match per binding is enough
    }
  }
  return out;
}

function dedupe(list: EffectiveGrant['dangerous']): EffectiveGrant['dangerous'] {
  const seen = new Set<string>();
  return list.filter((d) => {
    const k = `${d.grant.kind}|${d.grant.text}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/** Every dangerous grant, flattened, each with the binding and scope that give it. */
export function dangerousGrants(p: EffectivePermissions): Array<{
  text: string;
  kind: string;
  binding: IndexedObject;
  scope: string;
  role: string;
  scoped: boolean;
  fullWildcard: boolean;
  ruleLoc?: Loc;
  subjectLoc: Loc;
}> {
  return p.grants.flatMap((g) =>
    g.dangerous.map((d) => {
      const item: ReturnType<typeof dangerousGrants>[number] = {
        text: d.grant.text,
        kind: d.grant.kind,
        binding: g.binding,
        scope: g.scope,
        role: `${g.roleKind} "${g.roleName}"`,
        scoped: d.grant.scoped,
        fullWildcard: d.grant.fullWildcard,
        subjectLoc: g.subjectLoc,
      };
      if (d.ruleLoc) item.ruleLoc = d.ruleLoc;
      return item;
    }),
  );
}

/** Markdown for a hover on a ServiceAccount or a workload's `serviceAccountName`. */
export function effectivePermissionsMarkdown(index: WorkspaceIndex, namespace: string, name: string): string {
  const p = effectivePermissions(index, namespace, name);
  // Workspace names as escaped text, never in a code span (where backslashes do not escape).
  const lines = [`**Effective permissions of ServiceAccount ${md(name)}** (namespace ${md(namespace)})`, ''];
  if (!p.serviceAccount && name !== 'default') lines.push('_This ServiceAccount is not defined in the workspace._', '');
  if (p.grants.length === 0) {
    lines.push('No RoleBinding or ClusterRoleBinding in the workspace grants it anything.');
    return lines.join('\n');
  }
  const danger = dangerousGrants(p);
  if (danger.length > 0) {
    lines.push(`⚠ **${danger.length} dangerous grant${danger.length === 1 ? '' : 's'}:**`, '');
    for (const d of danger)
      lines.push(
        `- ${md(d.text)}${d.scoped ? ' (limited by resourceNames)' : ''} — ${md(d.scope)}, via ${md(describeObject(d.binding))} → ${md(d.role)} (\`${d.kind}\`)`,
      );
    lines.push('');
  } else {
    lines.push('No dangerous grant found.', '');
  }
  lines.push('| binding | role | scope | via |', '|---|---|---|---|');
  for (const g of p.grants) {
    const role = `${g.roleKind} ${g.roleName}${g.builtin ? ' (built-in)' : !g.role ? ' (not in workspace)' : g.role.role?.aggregated ? ' (aggregated)' : ''}`;
    lines.push(`| ${md(describeObject(g.binding))} | ${md(role)} | ${md(g.scope)} | ${md(g.via)} |`);
  }
  return lines.join('\n');
}
