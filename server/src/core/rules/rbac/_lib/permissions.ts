import type { Document, Scalar, YAMLMap } from 'yaml';
import type { OffsetRange } from '../../../types';
import { asMap, asScalar, getSeq, nodeRange } from '../../../yaml/nodes';

/**
 * Pure classification of one RBAC PolicyRule (an item of a Role/ClusterRole `rules:`)
 * into the dangerous permissions it grants. No rule, engine or LSP dependency: the
 * single-object RBAC rules use it per item, and the workspace analysis uses it for the
 * effective permissions of a subject across bindings.
 *
 * Matching follows the Kubernetes RBAC authorizer (evaluation_helpers.go in pkg/apis/rbac/v1):
 * a verb matches itself or `*`; an apiGroup matches itself or `*`; a resource matches
 * `*`, itself (`pods`, `pods/exec`), or a star-slash-subresource entry (such as `*` + `/scale`) for that subresource.
 */

/** Stable ids of dangerous grants; each equals the id of the rule that reports it. */
export type GrantKind =
  | 'rbac-wildcard'
  | 'rbac-secrets'
  | 'rbac-exec-attach'
  | 'rbac-portforward'
  | 'rbac-create-pods'
  | 'rbac-escalate-bind'
  | 'rbac-impersonate'
  | 'rbac-node-proxy'
  | 'rbac-webhooks'
  | 'rbac-csr-approve'
  | 'rbac-sa-token-create';

/** One string entry of a PolicyRule list, with the YAML scalar that holds it when known. */
export interface RuleEntry {
  value: string;
  /** The scalar node, when read from YAML. */
  node?: Scalar;
  /** The scalar's source range. */
  range?: OffsetRange;
}

/** A PolicyRule as plain strings plus their nodes. Absent lists are empty. */
export interface PolicyRule {
  apiGroups: RuleEntry[];
  resources: RuleEntry[];
  resourceNames: RuleEntry[];
  verbs: RuleEntry[];
  nonResourceURLs: RuleEntry[];
  /** The rule's map in the document, when read from YAML (fixes edit it). */
  map?: YAMLMap;
}

export interface DangerousGrant {
  kind: GrantKind;
  /** Short human text, e.g. `create pods (privilege escalation by pod creation)`. */
  text: string;
  /** The matching verbs as written (`get`, `*`), in source order. */
  verbs: string[];
  /** The resource entry as written (`secrets`, `*`, `pods/exec`); absent for verb-centric grants. */
  resource?: string;
  /**
   * The scalar to underline: the resource entry for resource-centric grants (secrets,
   * pods/exec, ...), the verb entry for verb-centric ones (escalate, bind, impersonate),
   * the `*` itself for wildcards. Undefined for rules built from plain data.
   */
  node?: Scalar;
  range?: OffsetRange;
  /** The rule's apiGroups as written (`""` is the core group). */
  apiGroups: string[];
  /** The rule lists resourceNames: the grant is limited to those objects. */
  scoped: boolean;
  /**
   * The rule grants every verb on every resource (`verbs: ["*"]` and `resources: ["*"]`)
   * of its API groups: cluster-admin within its scope when apiGroups has `*`.
   */
  fullWildcard: boolean;
  /**
   * For `rbac-csr-approve`, which half of the approval permission this is. Approval needs
   * both halves (possibly from different rules): use `classifyRules` to combine them.
   */
  csrPart?: 'approval' | 'signers';
}

const READ_VERBS = ['get', 'list', 'watch'] as const;
const MUTATE_VERBS = ['create', 'update', 'patch', 'delete', 'deletecollection'] as const;
const UNNAMED_VERBS: ReadonlySet<string> = new Set(['create', 'deletecollection']);
const READ_ONLY: ReadonlySet<string> = new Set(['get', 'list', 'watch']);
/** Subresources reached by an HTTP upgrade: a websocket upgrade is a GET, so `get` counts. */
const CONNECT_SUBRESOURCES: ReadonlySet<string> = new Set(['pods/exec', 'pods/attach', 'pods/portforward', 'nodes/proxy']);

/** Kinds whose `create` lets a subject run arbitrary pods (with any ServiceAccount in the namespace). */
export const POD_CREATING_RESOURCES: ReadonlyArray<{ group: string; resource: string }> = [
  { group: '', resource: 'pods' },
  { group: '', resource: 'replicationcontrollers' },
  { group: '', resource: 'podtemplates' },
  { group: 'apps', resource: 'deployments' },
  { group: 'apps', resource: 'daemonsets' },
  { group: 'apps', resource: 'statefulsets' },
  { group: 'apps', resource: 'replicasets' },
  { group: 'batch', resource: 'jobs' },
  { group: 'batch', resource: 'cronjobs' },
  // Pre-1.16 groups some manifests still carry.
  { group: 'extensions', resource: 'deployments' },
  { group: 'extensions', resource: 'daemonsets' },
  { group: 'extensions', resource: 'replicasets' },
];

/** Reads a PolicyRule map; non-string entries are ignored (the API server rejects them). */
export function readPolicyRule(map: YAMLMap, doc?: Document): PolicyRule {
  const list = (key: string): RuleEntry[] => {
    const out: RuleEntry[] = [];
    for (const item of getSeq(map, key, doc)?.items ?? []) {
      const s = asScalar(item, doc);
      if (!s || typeof s.value !== 'string') continue;
      const entry: RuleEntry = { value: s.value, node: s };
      const r = nodeRange(s);
      if (r) entry.range = r;
      out.push(entry);
    }
    return out;
  };
  return {
    apiGroups: list('apiGroups'),
    resources: list('resources'),
    resourceNames: list('resourceNames'),
    verbs: list('verbs'),
    nonResourceURLs: list('nonResourceURLs'),
    map,
  };
}

/** Builds a PolicyRule from plain strings (no nodes, no ranges). */
export function policyRuleFromStrings(r: {
  apiGroups?: readonly string[];
  resources?: readonly string[];
  resourceNames?: readonly string[];
  verbs?: readonly string[];
  nonResourceURLs?: readonly string[];
}): PolicyRule {
  const l = (xs?: readonly string[]): RuleEntry[] => (xs ?? []).map((value) => ({ value }));
  return {
    apiGroups: l(r.apiGroups),
    resources: l(r.resources),
    resourceNames: l(r.resourceNames),
    verbs: l(r.verbs),
    nonResourceURLs: l(r.nonResourceURLs),
  };
}

function lc(s: string): string {
  return s.toLowerCase();
}

export function groupMatches(rule: PolicyRule, group: string): boolean {
  return rule.apiGroups.some((g) => g.value === '*' || g.value === group);
}

/** The rule's resource entry that matches `resource` (`pods` or `pods/exec`), if any. */
export function matchingResource(rule: PolicyRule, resource: string): RuleEntry | undefined {
  const slash = resource.indexOf('/');
  const sub = slash >= 0 ? resource.slice(slash + 1) : undefined;
  return rule.resources.find((r) => {
    const v = lc(r.value);
    if (v === '*' || v === resource) return true;
    return sub !== undefined && v === `*/${sub}`;
  });
}

export function matchingVerbs(rule: PolicyRule, verbs: readonly string[]): RuleEntry[] {
  return rule.verbs.filter((v) => v.value === '*' || verbs.includes(lc(v.value)));
}


interface Collector {
  out: DangerousGrant[];
  rule: PolicyRule;
  scoped: boolean;
  fullWildcard: boolean;
  /** Grants reached through a wildcard entry, merged per entry and kind. */
  viaWildcard: Map<RuleEntry, Map<string, { grant: DangerousGrant; includes: string[]; why?: string }>>;
}

function add(c: Collector, kind: GrantKind, text: string, at: RuleEntry | undefined, verbs: RuleEntry[], resource?: string, csrPart?: DangerousGrant['csrPart']): void {
  const g: DangerousGrant = {
    kind,
    text,
    verbs: verbs.map((v) => v.value),
    apiGroups: c.rule.apiGroups.map((a) => a.value),
    scoped: c.scoped,
    fullWildcard: c.fullWildcard,
  };
  if (resource !== undefined) g.resource = resource;
  if (at?.node) g.node = at.node;
  if (at?.range) g.range = at.range;
  if (csrPart) g.csrPart = csrPart;
  c.out.push(g);
}

/**
 * A resource-centric grant: `verbs` on `resource` of `group`. Reported once per matching
 * resource entry, underlining that entry.
 */
function resourceGrant(
  c: Collector,
  kind: GrantKind,
  group: string,
  resource: string,
  verbs: readonly string[],
  /** [what is granted, why it matters] for the verbs and resource as written. */
  text: (verbs: string[], resourceAsWritten: string) => [string, string | undefined],
  csrPart?: DangerousGrant['csrPart'],
): void {
  if (!groupMatches(c.rule, group)) return;
  const res = matchingResource(c.rule, resource);
  if (!res) return;
  // Through a wildcard resource, read verbs on a connect subresource are not reported:
  // `get *` is the shape of every read-only role, and counting it as exec would drown
  // the real findings. A subresource named explicitly is reported for every verb listed.
  const viaWildcard = res.value !== resource;
  const wanted = viaWildcard && CONNECT_SUBRESOURCES.has(resource) ? verbs.filter((v) => !READ_ONLY.has(v)) : verbs;
  let vs = matchingVerbs(c.rule, wanted);
  // A named rule never authorizes creating a top-level object (its name is not known at
  // authorization time); subresources (`pods/exec`, `serviceaccounts/token`) do have one.
  if (c.scoped && !resource.includes('/')) vs = vs.filter((v) => !UNNAMED_VERBS.has(v.value));
  if (vs.length === 0) return;
  const [what, why] = text(vs.map((v) => v.value), res.value);
  if (res.value === resource) {
    add(c, kind, why ? `${what} (${why})` : what, res, vs, res.value, csrPart);
    return;
  }
  // Through a wildcard, say what it includes, once per entry and kind:
  // `create * (includes pods/exec and pods/attach: ...)`.
  const key = `${kind}\u0000${csrPart ?? ''}`;
  const perEntry = c.viaWildcard.get(res) ?? new Map<string, { grant: DangerousGrant; includes: string[]; why?: string }>();
  c.viaWildcard.set(res, perEntry);
  const prev = perEntry.get(key);
  const includes = prev ? [...prev.includes, resource] : [resource];
  // The first resource's reason stands for the group (exec before attach).
  const reason = prev ? prev.why : why;
  const note = `includes ${includes.join(' and ')}${reason ? `: ${reason}` : ''}`;
  if (prev) {
    prev.includes = includes;
    prev.grant.text = `${what} (${note})`;
    return;
  }
  add(c, kind, `${what} (${note})`, res, vs, res.value, csrPart);
  perEntry.set(key, { grant: c.out[c.out.length - 1], includes, why });
}

/** Defined entries, each once, in source order of first appearance. */
function uniqueEntries(xs: Array<RuleEntry | undefined>): RuleEntry[] {
  const out: RuleEntry[] = [];
  for (const x of xs) if (x && !out.includes(x)) out.push(x);
  return out;
}

function joinVerbs(vs: string[]): string {
  return vs.join(', ');
}

/**
 * The dangerous grants of one PolicyRule. Rules naming only nonResourceURLs grant no
 * resource access. `create` and `deletecollection` of a top-level resource carry no name,
 * so a rule that lists resourceNames does not grant them at all (the authorizer never
 * matches a named rule for a request without a name); its other grants are `scoped`.
 */
export function classifyRule(rule: PolicyRule): DangerousGrant[] {
  const scoped = rule.resourceNames.length > 0;

  const fullWildcard = rule.verbs.some((v) => v.value === '*') && rule.resources.some((r) => r.value === '*');
  const c: Collector = { out: [], rule, scoped, fullWildcard, viaWildcard: new Map() };

  // Wildcards: one grant per `*` entry in verbs, resources and apiGroups. A subresource
  // wildcard such as `*/finalizers` or `*/scale` is not counted as one (kube-linter and
  // Checkov match `*` exactly; `*/finalizers` is the standard owner-reference grant), but
  // it still matches the subresources below (`*/exec` grants pods/exec).
  for (const v of rule.verbs) if (v.value === '*') add(c, 'rbac-wildcard', 'every verb (`*`)', v, [v]);
  for (const r of rule.resources) if (r.value === '*') add(c, 'rbac-wildcard', 'every resource (`*`)', r, [], r.value);
  for (const g of rule.apiGroups) if (g.value === '*') add(c, 'rbac-wildcard', 'every API group (`*`)', g, []);

  if (rule.verbs.length === 0 || rule.resources.length === 0) return c.out;

  resourceGrant(c, 'rbac-secrets', '', 'secrets', READ_VERBS, (vs, r) => {
    const reveal = vs.some((v) => v === '*' || v === 'list' || v === 'watch');
    return [`${joinVerbs(vs)} ${r}`, reveal ? 'list and watch return the content of every Secret in scope' : undefined];
  });

  resourceGrant(c, 'rbac-exec-attach', '', 'pods/exec', ['create', 'get'], (vs, r) => [`${joinVerbs(vs)} ${r}`, 'run commands in any container in scope']);
  resourceGrant(c, 'rbac-exec-attach', '', 'pods/attach', ['create', 'get'], (vs, r) => [`${joinVerbs(vs)} ${r}`, 'attach to the console of any container in scope']);
  resourceGrant(c, 'rbac-portforward', '', 'pods/portforward', ['create', 'get'], (vs, r) => [`${joinVerbs(vs)} ${r}`, 'reach any pod port, bypassing Services and NetworkPolicies']);

  // One grant per matching resource entry: `*` matches all kinds, reported once.
  const seen = new Set<RuleEntry>();
  for (const { group, resource } of scoped ? [] : POD_CREATING_RESOURCES) {
    if (!groupMatches(rule, group)) continue;
    const res = matchingResource(rule, resource);
    if (!res || seen.has(res)) continue;
    const vs = matchingVerbs(rule, ['create']);
    if (vs.length === 0) continue;
    seen.add(res);
    const what = res.value === '*' ? 'pods and workload controllers' : res.value;
    add(c, 'rbac-create-pods', `create ${what} (privilege escalation by pod creation)`, res, vs, res.value);
  }

  // Verb-centric grants: underline the verb.
  const rbacGroup = 'rbac.authorization.k8s.io';
  if (groupMatches(rule, rbacGroup)) {
    const roleRes = uniqueEntries([matchingResource(rule, 'roles'), matchingResource(rule, 'clusterroles')]);
    if (roleRes.length > 0) {
      const on = roleRes.map((r) => r.value).join(', ');
      for (const v of matchingVerbs(rule, ['escalate', 'bind'])) {
        // `*` matches both escalate and bind: one grant on it.
        const text =
          v.value === '*'
            ? `* on ${on} (includes escalate and bind)`
            : lc(v.value) === 'escalate'
              ? `escalate on ${on} (grant permissions the subject does not hold)`
              : `bind on ${on} (bind any role, including cluster-admin)`;
        add(c, 'rbac-escalate-bind', text, v, [v], roleRes[0].value);
      }
    }
  }
  const impersonable: Array<{ group: string; resource: string }> = [
    { group: '', resource: 'users' },
    { group: '', resource: 'groups' },
    { group: '', resource: 'serviceaccounts' },
    { group: 'authentication.k8s.io', resource: 'uids' },
    { group: 'authentication.k8s.io', resource: 'userextras' },
  ];
  const impRes = uniqueEntries([
    ...impersonable.map((x) => (groupMatches(rule, x.group) ? matchingResource(rule, x.resource) : undefined)),
    // Extras are impersonated per key: `userextras/scopes`.
    ...(groupMatches(rule, 'authentication.k8s.io') ? rule.resources.filter((r) => lc(r.value).startsWith('userextras/')) : []),
  ]);
  if (impRes.length > 0) {
    const on = impRes.map((r) => r.value).join(', ');
    for (const v of matchingVerbs(rule, ['impersonate'])) {
      add(c, 'rbac-impersonate', `${v.value === '*' ? '* (includes impersonate)' : 'impersonate'} on ${on} (act as another user, group or ServiceAccount)`, v, [v], impRes[0].value);
    }
  }

  // The kubelet maps POST to create (exec, run, attach) and a websocket upgrade to get;
  // its other endpoints behind update/patch/delete change nothing dangerous.
  resourceGrant(c, 'rbac-node-proxy', '', 'nodes/proxy', ['get', 'create'], (vs, r) => [`${joinVerbs(vs)} ${r}`, 'full kubelet API: exec into any pod on the node']);

  for (const resource of ['validatingwebhookconfigurations', 'mutatingwebhookconfigurations']) {
    resourceGrant(c, 'rbac-webhooks', 'admissionregistration.k8s.io', resource, MUTATE_VERBS, (vs, r) =>
      [`${joinVerbs(vs)} ${r}`, 'intercept, rewrite or bypass admission of any object'],
    );
  }

  resourceGrant(c, 'rbac-csr-approve', 'certificates.k8s.io', 'certificatesigningrequests/approval', ['update', 'patch'], (vs, r) => [`${joinVerbs(vs)} ${r}`, 'approve certificate signing requests'], 'approval');
  resourceGrant(c, 'rbac-csr-approve', 'certificates.k8s.io', 'signers', ['approve'], (vs, r) => [`${joinVerbs(vs)} ${r}`, 'approve certificates for these signers'], 'signers');

  resourceGrant(c, 'rbac-sa-token-create', '', 'serviceaccounts/token', ['create'], (vs, r) => [`${joinVerbs(vs)} ${r}`, 'mint tokens for any ServiceAccount in scope']);

  return c.out;
}

/**
 * The dangerous grants of a whole role (all its rules, or the union of several roles'
 * rules for a subject). CSR approval is kept only when both halves are present: `update`
 * on `certificatesigningrequests/approval` and `approve` on `signers`.
 */
export function classifyRules(rules: readonly PolicyRule[]): DangerousGrant[] {
  const all = rules.flatMap((r) => classifyRule(r));
  const parts = new Set(all.filter((g) => g.kind === 'rbac-csr-approve').map((g) => g.csrPart));
  const csrComplete = parts.has('approval') && parts.has('signers');
  return all.filter((g) => g.kind !== 'rbac-csr-approve' || csrComplete);
}

/** Reads every item of a Role/ClusterRole `rules:` sequence. */
export function readRoleRules(root: YAMLMap, doc?: Document): PolicyRule[] {
  const out: PolicyRule[] = [];
  for (const item of getSeq(root, 'rules', doc)?.items ?? []) {
    const m = asMap(item, doc);
    if (m) out.push(readPolicyRule(m, doc));
  }
  return out;
}
