import type { Scalar } from 'yaml';
import type { OffsetRange } from '../../../types';
import { groupMatches, lc, matchingResource, matchingVerbs, type PolicyRule, type RuleEntry } from './policyRule';

/**
 * Pure classification of RBAC PolicyRules (`policyRule.ts`) into the dangerous permissions
 * they grant, by the matchers the grant rules declare. No rule, engine or LSP dependency:
 * the single-object RBAC rules use it per Role, and the workspace analysis for the
 * effective permissions of a subject across bindings. The templates below are the logic;
 * which groups, resources and verbs matter, and why, is in each rule file.
 */

/** A dangerous grant's kind: the id of the rule that reports it. */
export type GrantKind = string;

/**
 * What a grant rule looks for in one PolicyRule: a template (the logic, here) and its
 * parameters (in the rule file), as kube-linter splits templates from checks.
 */
export type GrantMatcher =
  /** Every `*` entry in verbs, resources or apiGroups: one grant per entry. */
  | { template: 'wildcard' }
  /**
   * `verbs` on `resource` (`pods/exec`) of `apiGroup`, one grant per matching resource
   * entry, underlining that entry; text `<verbs as written> <resource as written> (<why>)`.
   */
  | {
      template: 'resource';
      apiGroup: string;
      resource: string;
      verbs: readonly string[];
      why?: string | ((verbsAsWritten: readonly string[]) => string | undefined);
      /** One part of a permission that needs several (see `GrantDeclaration.requiresAllParts`). */
      part?: string;
    }
  /**
   * Any of `verbs` on any of `resources`, one grant per matching resource entry (a `*`
   * entry matching several is reported once, as `wildcardMeans`); text `<verbs> <what> (<why>)`,
   * the verbs being those of `verbs` the rule grants, in `verbs` order (`*` grants them all).
   */
  | {
      template: 'any-resource';
      verbs: readonly string[];
      resources: ReadonlyArray<{ apiGroup: string; resource: string }>;
      wildcardMeans: string;
      why: string;
    }
  /**
   * One of `verbs` on any of `targets` (a resource, or every resource with a prefix), one
   * grant per matching verb entry, underlining the verb; the rule words the text.
   */
  | {
      template: 'verb';
      verbs: readonly string[];
      targets: ReadonlyArray<{ apiGroup: string; resource: string } | { apiGroup: string; resourcePrefix: string }>;
      text(verbAsWritten: string, resourcesAsWritten: string): string;
    };

/** What a grant rule declares: its id (the grants' kind), its matchers, and its short name. */
export interface GrantDeclaration {
  id: GrantKind;
  matchers: readonly GrantMatcher[];
  /**
   * The permission needs every `part` of its matchers, possibly from different PolicyRules
   * of the role (CSR approval): its grants are kept only when the role has all of them.
   */
  requiresAllParts?: boolean;
  /** Short name for summaries and CodeLens, e.g. `read Secrets`. */
  label: string;
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
  /** The matcher's `part`, for permissions that need several (`GrantDeclaration.requiresAllParts`). */
  part?: string;
}

const UNNAMED_VERBS: ReadonlySet<string> = new Set(['create', 'deletecollection']);
const READ_ONLY: ReadonlySet<string> = new Set(['get', 'list', 'watch']);
/** Subresources reached by an HTTP upgrade: a websocket upgrade is a GET, so `get` counts. */
const CONNECT_SUBRESOURCES: ReadonlySet<string> = new Set(['pods/exec', 'pods/attach', 'pods/portforward', 'nodes/proxy']);

interface Collector {
  out: DangerousGrant[];
  rule: PolicyRule;
  scoped: boolean;
  fullWildcard: boolean;
  /** Grants reached through a wildcard entry, merged per entry and kind. */
  viaWildcard: Map<RuleEntry, Map<string, { grant: DangerousGrant; includes: string[]; why?: string | undefined }>>;
}

function add(
  c: Collector,
  kind: GrantKind,
  text: string,
  at: RuleEntry | undefined,
  verbs: RuleEntry[],
  resource?: string,
  part?: string,
): DangerousGrant {
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
  if (part) g.part = part;
  c.out.push(g);
  return g;
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
  /** Why it matters, for the verbs as written. */
  why: string | ((verbsAsWritten: readonly string[]) => string | undefined) | undefined,
  part?: string,
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
  const what = `${joinVerbs(vs.map((v) => v.value))} ${res.value}`;
  const reason = typeof why === 'function' ? why(vs.map((v) => v.value)) : why;
  if (res.value === resource) {
    add(c, kind, reason ? `${what} (${reason})` : what, res, vs, res.value, part);
    return;
  }
  // Through a wildcard, say what it includes, once per entry and kind:
  // `create * (includes pods/exec and pods/attach: ...)`.
  const key = `${kind}\u0000${part ?? ''}`;
  const perEntry = c.viaWildcard.get(res) ?? new Map<string, { grant: DangerousGrant; includes: string[]; why?: string | undefined }>();
  c.viaWildcard.set(res, perEntry);
  const prev = perEntry.get(key);
  const includes = prev ? [...prev.includes, resource] : [resource];
  // The first resource's reason stands for the group (exec before attach).
  const groupReason = prev ? prev.why : reason;
  const note = `includes ${includes.join(' and ')}${groupReason ? `: ${groupReason}` : ''}`;
  if (prev) {
    prev.includes = includes;
    prev.grant.text = `${what} (${note})`;
    return;
  }
  const grant = add(c, kind, `${what} (${note})`, res, vs, res.value, part);
  perEntry.set(key, { grant, includes, why: reason });
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
 * The dangerous grants of one PolicyRule, by the matchers of `declarations` in their order.
 * Rules naming only nonResourceURLs grant no resource access. `create` and
 * `deletecollection` of a top-level resource carry no name, so a rule that lists
 * resourceNames does not grant them at all (the authorizer never matches a named rule for a
 * request without a name); its other grants are `scoped`.
 */
export function classifyRule(rule: PolicyRule, declarations: readonly GrantDeclaration[]): DangerousGrant[] {
  const scoped = rule.resourceNames.length > 0;
  const fullWildcard = rule.verbs.some((v) => v.value === '*') && rule.resources.some((r) => r.value === '*');
  const c: Collector = { out: [], rule, scoped, fullWildcard, viaWildcard: new Map() };
  for (const d of declarations) {
    for (const m of d.matchers) {
      if (m.template === 'wildcard') wildcardGrants(c, d.id);
      // Every other template needs both a verb and a resource.
      else if (rule.verbs.length === 0 || rule.resources.length === 0) continue;
      else if (m.template === 'resource') resourceGrant(c, d.id, m.apiGroup, m.resource, m.verbs, m.why, m.part);
      else if (m.template === 'any-resource') anyResourceGrant(c, d.id, m);
      else verbGrant(c, d.id, m);
    }
  }
  return c.out;
}

// One grant per `*` entry in verbs, resources and apiGroups. A subresource wildcard such as
// `*/finalizers` or `*/scale` is not counted as one (kube-linter and Checkov match `*`
// exactly; `*/finalizers` is the standard owner-reference grant), but it still matches the
// subresources of the other templates (`*/exec` grants pods/exec).
function wildcardGrants(c: Collector, kind: GrantKind): void {
  for (const v of c.rule.verbs) if (v.value === '*') add(c, kind, 'every verb (`*`)', v, [v]);
  for (const r of c.rule.resources) if (r.value === '*') add(c, kind, 'every resource (`*`)', r, [], r.value);
  for (const g of c.rule.apiGroups) if (g.value === '*') add(c, kind, 'every API group (`*`)', g, []);
}

function anyResourceGrant(c: Collector, kind: GrantKind, m: Extract<GrantMatcher, { template: 'any-resource' }>): void {
  // A named rule never authorizes a verb that carries no name (create, deletecollection).
  const wanted = c.scoped ? m.verbs.filter((v) => !UNNAMED_VERBS.has(v)) : m.verbs;
  const vs = matchingVerbs(c.rule, wanted);
  if (vs.length === 0) return;
  const granted = wanted.filter((w) => vs.some((v) => v.value === '*' || lc(v.value) === w));
  // One grant per matching resource entry: `*` matches all kinds, reported once.
  const seen = new Set<RuleEntry>();
  for (const { apiGroup, resource } of m.resources) {
    if (!groupMatches(c.rule, apiGroup)) continue;
    const res = matchingResource(c.rule, resource);
    if (!res || seen.has(res)) continue;
    seen.add(res);
    add(c, kind, `${joinVerbs(granted)} ${res.value === '*' ? m.wildcardMeans : res.value} (${m.why})`, res, vs, res.value);
  }
}

/** Verb-centric grants (escalate, bind, impersonate): underline the verb. */
function verbGrant(c: Collector, kind: GrantKind, m: Extract<GrantMatcher, { template: 'verb' }>): void {
  const targets = uniqueEntries(
    m.targets.flatMap((t) => {
      if (!groupMatches(c.rule, t.apiGroup)) return [];
      if ('resource' in t) return [matchingResource(c.rule, t.resource)];
      return c.rule.resources.filter((r) => lc(r.value).startsWith(t.resourcePrefix));
    }),
  );
  const [first] = targets;
  if (!first) return;
  const on = targets.map((r) => r.value).join(', ');
  for (const v of matchingVerbs(c.rule, m.verbs)) add(c, kind, m.text(v.value, on), v, [v], first.value);
}

/**
 * The dangerous grants of a whole role (all its rules, or the union of several roles'
 * rules for a subject). A declaration that `requiresAllParts` keeps its grants only when
 * every part of its matchers is present (CSR approval: `update` on
 * `certificatesigningrequests/approval` and `approve` on `signers`).
 */
export function classifyRules(rules: readonly PolicyRule[], declarations: readonly GrantDeclaration[]): DangerousGrant[] {
  const all = rules.flatMap((r) => classifyRule(r, declarations));
  const incomplete = new Set<GrantKind>();
  for (const d of declarations) {
    if (!d.requiresAllParts) continue;
    const present = new Set(all.filter((g) => g.kind === d.id).map((g) => g.part));
    const needed = d.matchers.flatMap((m) => (m.template === 'resource' && m.part ? [m.part] : []));
    if (!needed.every((p) => present.has(p))) incomplete.add(d.id);
  }
  return incomplete.size === 0 ? all : all.filter((g) => !incomplete.has(g.kind));
}
