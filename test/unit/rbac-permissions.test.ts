import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { parseDocument, type YAMLMap } from 'yaml';
import { classifyAllGrants, GRANT_DECLARATIONS, grantLabel } from '../../server/src/core/rules/rbac/_lib/grantRules';
import { classifyRule, classifyRules } from '../../server/src/core/rules/rbac/_lib/permissions';
import { policyRuleFromStrings, readPolicyRule, readRoleRules } from '../../server/src/core/rules/rbac/_lib/policyRule';
import { rangeOfText, rangeString, yaml } from '../helpers';

function kinds(r: Parameters<typeof policyRuleFromStrings>[0]): string[] {
  return classifyRule(policyRuleFromStrings(r), GRANT_DECLARATIONS).map((g) => `${g.kind}:${g.text}`);
}

test('secrets read: core group only, list/watch called out, resourceNames scope it', () => {
  assert.deepEqual(kinds({ apiGroups: [''], resources: ['secrets'], verbs: ['get'] }), ['rbac-secrets:get secrets']);
  assert.deepEqual(kinds({ apiGroups: [''], resources: ['secrets'], verbs: ['list', 'watch'] }), [
    'rbac-secrets:list, watch secrets (list and watch return the content of every Secret in scope)',
  ]);
  // `secrets` in another group is not the core Secret.
  assert.deepEqual(kinds({ apiGroups: ['example.com'], resources: ['secrets'], verbs: ['get'] }), []);
  // Writing secrets is not reading them: rbac-secrets-write reports it.
  assert.deepEqual(kinds({ apiGroups: [''], resources: ['secrets'], verbs: ['create', 'update'] }), [
    'rbac-secrets-write:create, update secrets (a new service-account-token Secret receives the token of any ServiceAccount in scope)',
  ]);
  const scoped = classifyRule(
    policyRuleFromStrings({ apiGroups: [''], resources: ['secrets'], resourceNames: ['tls'], verbs: ['get'] }),
    GRANT_DECLARATIONS,
  );
  assert.equal(scoped.length, 1);
  assert.equal(scoped[0]!.scoped, true);
});

test('wildcards grant through verbs, resources and apiGroups', () => {
  const g = classifyRule(policyRuleFromStrings({ apiGroups: ['*'], resources: ['*'], verbs: ['*'] }), GRANT_DECLARATIONS);
  const ks = g.map((x) => x.kind);
  for (const k of [
    'rbac-wildcard',
    'rbac-secrets',
    'rbac-secrets-write',
    'rbac-exec-attach',
    'rbac-portforward',
    'rbac-create-pods',
    'rbac-escalate-bind',
    'rbac-roles-write',
    'rbac-impersonate',
    'rbac-node-proxy',
    'rbac-webhooks',
    'rbac-csr-approve',
    'rbac-sa-token-create',
  ]) {
    assert.ok(ks.includes(k as never), `full wildcard grants ${k}`);
  }
  assert.equal(ks.filter((k) => k === 'rbac-wildcard').length, 3);
  assert.ok(g.every((x) => x.fullWildcard));
  // `*` resources with read verbs: reads secrets, creates nothing.
  assert.deepEqual(
    kinds({ apiGroups: [''], resources: ['*'], verbs: ['get', 'list'] }).filter((k) => !k.startsWith('rbac-wildcard')),
    // Read verbs through `*` do not count as exec/attach/portforward/nodes-proxy.
    ['rbac-secrets:get, list * (includes secrets: list and watch return the content of every Secret in scope)'],
  );
});

test('pod creation: pods and controllers, not with resourceNames', () => {
  assert.deepEqual(kinds({ apiGroups: ['apps', 'batch'], resources: ['deployments', 'cronjobs', 'services'], verbs: ['create'] }), [
    'rbac-create-pods:create deployments (privilege escalation by pod creation)',
    'rbac-create-pods:create cronjobs (privilege escalation by pod creation)',
  ]);
  // deployments are not in the core group.
  assert.deepEqual(kinds({ apiGroups: [''], resources: ['deployments'], verbs: ['create'] }), []);
  assert.deepEqual(kinds({ apiGroups: [''], resources: ['pods'], resourceNames: ['x'], verbs: ['create'] }), []);
  // Rewriting a controller's pod template, or a pod's image, runs new code: update and patch count.
  assert.deepEqual(kinds({ apiGroups: ['apps'], resources: ['deployments', 'deployments/scale'], verbs: ['get', 'patch', 'update'] }), [
    'rbac-create-pods:update, patch deployments (privilege escalation by pod creation)',
  ]);
  assert.deepEqual(kinds({ apiGroups: ['apps'], resources: ['deployments'], verbs: ['*'] }), [
    'rbac-wildcard:every verb (`*`)',
    'rbac-create-pods:create, update, patch deployments (privilege escalation by pod creation)',
  ]);
  // Named: update is authorized for that object only (a scoped grant); create not at all.
  const named = classifyRule(
    policyRuleFromStrings({ apiGroups: [''], resources: ['pods'], resourceNames: ['x'], verbs: ['create', 'patch'] }),
    GRANT_DECLARATIONS,
  );
  assert.deepEqual(
    named.map((g) => [g.text, g.scoped]),
    [['patch pods (privilege escalation by pod creation)', true]],
  );
});

test('write access to Secrets and to RBAC objects', () => {
  assert.deepEqual(kinds({ apiGroups: [''], resources: ['secrets'], verbs: ['patch', 'delete'] }), [
    'rbac-secrets-write:patch, delete secrets (replace or remove the credentials workloads read)',
  ]);
  assert.deepEqual(
    kinds({ apiGroups: ['rbac.authorization.k8s.io'], resources: ['clusterrolebindings', 'roles'], verbs: ['create', 'list'] }),
    [
      // In the matcher's order: roles, clusterroles, rolebindings, clusterrolebindings.
      'rbac-roles-write:create roles (change who holds which permissions)',
      'rbac-roles-write:create clusterrolebindings (change who holds which permissions)',
    ],
  );
  assert.deepEqual(kinds({ apiGroups: ['rbac.authorization.k8s.io'], resources: ['*'], verbs: ['update'] }), [
    'rbac-wildcard:every resource (`*`)',
    'rbac-roles-write:update roles and bindings (change who holds which permissions)',
  ]);
  // Another group's `roles` are custom resources.
  assert.deepEqual(kinds({ apiGroups: ['example.com'], resources: ['roles'], verbs: ['create'] }), []);
});

test('exec/attach/portforward: create and get (websocket) both count', () => {
  assert.deepEqual(
    kinds({ apiGroups: [''], resources: ['pods/exec', 'pods/attach'], verbs: ['get'] }).map((k) => k.split(':')[0]),
    ['rbac-exec-attach', 'rbac-exec-attach'],
  );
  assert.deepEqual(
    kinds({ apiGroups: [''], resources: ['pods/portforward'], verbs: ['create'] }).map((k) => k.split(':')[0]),
    ['rbac-portforward'],
  );
  assert.deepEqual(kinds({ apiGroups: [''], resources: ['pods/exec'], verbs: ['list'] }), []);
  // `*/exec` covers pods/exec, and is not itself reported as a wildcard.
  assert.deepEqual(
    kinds({ apiGroups: [''], resources: ['*/exec'], verbs: ['create'] }).map((k) => k.split(':')[0]),
    ['rbac-exec-attach'],
  );
  assert.deepEqual(
    kinds({ apiGroups: [''], resources: ['*'], verbs: ['create'] }).map((k) => k.split(':')[0]),
    [
      'rbac-wildcard',
      'rbac-secrets-write',
      'rbac-exec-attach',
      'rbac-portforward',
      'rbac-create-pods',
      'rbac-node-proxy',
      'rbac-sa-token-create',
    ],
  );
});

test('grants through one wildcard entry are merged per kind', () => {
  assert.deepEqual(
    kinds({ apiGroups: [''], resources: ['*'], verbs: ['create'] }).filter((k) => k.startsWith('rbac-exec-attach')),
    ['rbac-exec-attach:create * (includes pods/exec and pods/attach: run commands in any container in scope)'],
  );
});

test('verb-centric grants underline the verb', () => {
  const text = yaml('apiGroups: [rbac.authorization.k8s.io]', 'resources: [clusterroles]', 'verbs: [get, bind, escalate]');
  const doc = parseDocument(text, { keepSourceTokens: true });
  const g = classifyRule(readPolicyRule(doc.contents as YAMLMap, doc), GRANT_DECLARATIONS);
  assert.deepEqual(
    g.map((x) => [x.kind, rangeString(text, x.range!)]),
    // In source order of the verbs.
    [
      ['rbac-escalate-bind', rangeOfText(text, 'bind')],
      ['rbac-escalate-bind', rangeOfText(text, 'escalate')],
    ],
  );
  assert.deepEqual(kinds({ apiGroups: [''], resources: ['users', 'groups'], verbs: ['impersonate'] }), [
    'rbac-impersonate:impersonate on users, groups (act as another user, group or ServiceAccount)',
  ]);
});

test('CSR approval needs both halves across the role', () => {
  const approval = policyRuleFromStrings({
    apiGroups: ['certificates.k8s.io'],
    resources: ['certificatesigningrequests/approval'],
    verbs: ['update'],
  });
  const signers = policyRuleFromStrings({
    apiGroups: ['certificates.k8s.io'],
    resources: ['signers'],
    resourceNames: ['kubernetes.io/kube-apiserver-client'],
    verbs: ['approve'],
  });
  assert.deepEqual(
    classifyAllGrants([approval]).map((g) => g.kind),
    [],
  );
  assert.deepEqual(
    classifyAllGrants([approval, signers]).map((g) => `${g.kind}/${g.part}`),
    ['rbac-csr-approve/approval', 'rbac-csr-approve/signers'],
  );
});

test('webhooks, nodes/proxy, serviceaccounts/token', () => {
  assert.deepEqual(
    kinds({ apiGroups: ['admissionregistration.k8s.io'], resources: ['mutatingwebhookconfigurations'], verbs: ['get', 'patch'] }).map(
      (k) => k.split(':')[0],
    ),
    ['rbac-webhooks'],
  );
  assert.deepEqual(
    kinds({ apiGroups: ['admissionregistration.k8s.io'], resources: ['validatingwebhookconfigurations'], verbs: ['get', 'list'] }),
    [],
  );
  assert.deepEqual(
    kinds({ apiGroups: [''], resources: ['nodes/proxy'], verbs: ['get'] }).map((k) => k.split(':')[0]),
    ['rbac-node-proxy'],
  );
  assert.deepEqual(
    kinds({ apiGroups: [''], resources: ['serviceaccounts/token'], verbs: ['create'] }).map((k) => k.split(':')[0]),
    ['rbac-sa-token-create'],
  );
});

test('readRoleRules reads every rule map and ignores junk', () => {
  const text = yaml(
    'kind: ClusterRole',
    'rules:',
    '- apiGroups: [""]',
    '  resources: [secrets]',
    '  verbs: [list]',
    '- 42',
    '- nonResourceURLs: ["/metrics"]',
    '  verbs: [get]',
  );
  const doc = parseDocument(text, { keepSourceTokens: true });
  const rules = readRoleRules(doc.contents as YAMLMap, doc);
  assert.equal(rules.length, 2);
  const g = classifyAllGrants(rules);
  assert.deepEqual(
    g.map((x) => [x.kind, rangeString(text, x.range!)]),
    [['rbac-secrets', rangeOfText(text, 'secrets')]],
  );
});

test('the grant rules declare the matchers the classifier runs, in RBAC_RULES order, with their labels', () => {
  assert.deepEqual(
    GRANT_DECLARATIONS.map((d) => [d.id, grantLabel(d.id)]),
    [
      ['rbac-wildcard', 'use wildcard (*) permissions'],
      ['rbac-secrets', 'read Secrets'],
      ['rbac-secrets-write', 'write Secrets'],
      ['rbac-exec-attach', 'exec/attach into pods'],
      ['rbac-portforward', 'port-forward to pods'],
      ['rbac-create-pods', 'create pods'],
      ['rbac-escalate-bind', 'escalate or bind roles'],
      ['rbac-roles-write', 'write RBAC roles or bindings'],
      ['rbac-impersonate', 'impersonate'],
      ['rbac-node-proxy', 'use nodes/proxy'],
      ['rbac-webhooks', 'manage admission webhooks'],
      ['rbac-csr-approve', 'approve certificate requests'],
      ['rbac-sa-token-create', 'mint ServiceAccount tokens'],
    ],
  );
  assert.equal(grantLabel('not-a-grant'), 'not-a-grant');
});

test('a new grant kind is one declaration: the templates need no edit', () => {
  const configMaps = {
    id: 'rbac-configmaps',
    label: 'read ConfigMaps',
    matchers: [{ template: 'resource' as const, apiGroup: '', resource: 'configmaps', verbs: ['get', 'list'], why: 'read configuration' }],
  };
  const rule = policyRuleFromStrings({ apiGroups: [''], resources: ['configmaps', 'secrets'], verbs: ['list'] });
  assert.deepEqual(
    classifyRule(rule, [configMaps]).map((g) => `${g.kind}:${g.text}`),
    ['rbac-configmaps:list configmaps (read configuration)'],
  );
  // Only the declarations passed are classified.
  assert.deepEqual(classifyRules([rule], []), []);
  // requiresAllParts: kept only with every part present.
  const both = {
    ...configMaps,
    id: 'both',
    requiresAllParts: true,
    matchers: [
      { ...configMaps.matchers[0]!, part: 'a' },
      { ...configMaps.matchers[0]!, resource: 'secrets', part: 'b' },
    ],
  };
  assert.deepEqual(
    classifyRules([rule], [both]).map((g) => g.part),
    ['a', 'b'],
  );
  assert.deepEqual(classifyRules([policyRuleFromStrings({ apiGroups: [''], resources: ['configmaps'], verbs: ['list'] })], [both]), []);
});
