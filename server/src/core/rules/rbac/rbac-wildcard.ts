import { getSeq } from '../../yaml/nodes';
import { defineGrantRule } from './_lib/grantRule';

/** Read-only verbs offered in place of `*`: the least a role that used `*` likely still needs. */
const READ_ONLY_VERBS = ['get', 'list', 'watch'];

/**
 * CIS 5.1.3: `*` in verbs, resources or apiGroups grants everything that exists now and
 * everything added later (new CRDs, new subresources, new verbs).
 */
export default defineGrantRule({
  id: 'rbac-wildcard',
  label: 'use wildcard (*) permissions',
  matchers: [{ template: 'wildcard' }],
  title: 'Wildcard in RBAC rule',
  severity: 'warning',
  description:
    'A `*` in verbs, resources or apiGroups grants every current and future verb, resource or API group, including secrets, pods/exec and the RBAC API itself; with `*` verbs on `*` resources the role is cluster-admin within its scope.',
  remediation: 'List the exact verbs, resources and API groups the subject needs instead of `*`.',
  equivalents: {
    'kube-linter': ['wildcard-in-rules'],
    trivy: ['KSV-0044', 'KSV-0045', 'KSV-0046', 'KSV-0112'],
    checkov: ['CKV_K8S_49'],
    kubescape: ['C-0187'],
  },
  includeFullWildcard: true,
  includeScoped: true,
  message(what, g) {
    let full = '';
    if (g.fullWildcard && g.text.startsWith('every verb')) {
      const groups = g.apiGroups.map((a) => (a === '' ? 'the core group' : a));
      full = g.apiGroups.includes('*')
        ? ' on every resource: cluster-admin within its scope'
        : ` on every resource of ${groups.length === 1 ? 'API group' : 'API groups'} ${groups.join(', ')}`;
    }
    return `${what} grants ${g.text}${full}.`;
  },
  fix(g, rule) {
    // Only the verbs wildcard has a safe narrowing: read-only access. A wildcard resource
    // or API group has no guessable replacement.
    // Non-resource rules (`nonResourceURLs`) have no list or watch: no fix there.
    if (!g.text.startsWith('every verb') || !rule.map || rule.resources.length === 0) return undefined;
    // Read-only on `*` or on secrets still reads every Secret: not a safe narrowing.
    if (rule.resources.some((r) => r.value === '*' || r.value === 'secrets')) return undefined;
    const seq = getSeq(rule.map, 'verbs');
    const index = seq?.items.findIndex((item) => item === g.node) ?? -1;
    if (!seq || index < 0) return undefined;
    // Remove the `*` item and append the read-only verbs to the same sequence, so the
    // list keeps its flow or block style and any other verbs and comments stay.
    return {
      title: 'Replace wildcard verbs with get, list, watch',
      ops: [
        { op: 'removeItem', seq, index },
        { op: 'append', map: rule.map, path: ['verbs'], values: READ_ONLY_VERBS },
      ],
    };
  },
});
