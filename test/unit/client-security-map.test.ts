import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { contentSecurityPolicy, makeNonce, mapPageHtml } from '../../client/src/securityMap/html';
import { locOfTarget } from '../../client/src/securityMap/locate';
import type { MapLoc, SecurityMap } from '../../server/src/core/map/model';
import { REPO_ROOT } from '../helpers';

const RES = {
  cspSource: 'https://file+.vscode-resource.vscode-cdn.net',
  scriptUri: 'https://file+.vscode-resource.vscode-cdn.net/ext/dist/securityMap.js',
  styleUri: 'https://file+.vscode-resource.vscode-cdn.net/ext/dist/securityMap.css',
  nonce: 'abc123',
};

test("the map page allows only its own nonce-tagged script and the extension's style and images (no remote content)", () => {
  assert.equal(
    contentSecurityPolicy(RES),
    "default-src 'none'; img-src https://file+.vscode-resource.vscode-cdn.net data:; " +
      "style-src https://file+.vscode-resource.vscode-cdn.net 'nonce-abc123'; script-src 'nonce-abc123'",
  );
  const html = mapPageHtml(RES);
  assert.ok(html.includes(`<meta http-equiv="Content-Security-Policy" content="${contentSecurityPolicy(RES)}">`));
  assert.deepEqual(
    [...html.matchAll(/<script[^>]*>/g)].map((m) => m[0]),
    ['<script nonce="abc123" src="https://file+.vscode-resource.vscode-cdn.net/ext/dist/securityMap.js">'],
  );
  assert.deepEqual(
    [...html.matchAll(/(?:src|href)="([^"]*)"/g)].map((m) => m[1]),
    [RES.styleUri, RES.scriptUri],
    'nothing else is loaded',
  );
  // Every control the script looks up by id is in the page.
  const script = fs.readFileSync(path.join(REPO_ROOT, 'client', 'webview', 'securityMap.ts'), 'utf8');
  const ids = [...script.matchAll(/byId(?:<[^>]+>)?\('([a-z-]+)'\)/g)].map((m) => m[1]!);
  assert.ok(ids.length >= 10, `ids found: ${ids.join(', ')}`);
  for (const id of ids) assert.ok(html.includes(`id="${id}"`), `the page has no #${id}`);
});

test('nonces are 32 alphanumerics, and attribute values are escaped', () => {
  assert.match(makeNonce(), /^[A-Za-z0-9]{32}$/);
  assert.equal(
    makeNonce(() => 0),
    'A'.repeat(32),
  );
  assert.equal(
    makeNonce(() => 0.999999),
    '9'.repeat(32),
  );
  const html = mapPageHtml({ ...RES, scriptUri: 'x"><script>alert(1)</script>' });
  assert.ok(html.includes('src="x&quot;>&lt;script>alert(1)&lt;/script>"'));
});

const loc = (file: string, line: number): MapLoc => ({ file, range: { start: { line, character: 2 }, end: { line, character: 12 } } });

const MAP: SecurityMap = {
  namespaces: [
    { name: 'web', podSecurity: { enforce: 'restricted' }, loc: loc('/ws/ns.yaml', 3), workloads: ['workload:web/Deployment/front'] },
    { name: 'db', podSecurity: {}, workloads: ['workload:db/StatefulSet/pg'] },
  ],
  workloads: [
    {
      id: 'workload:web/Deployment/front',
      kind: 'Deployment',
      name: 'front',
      namespace: 'web',
      loc: loc('/ws/web.yaml', 3),
      serviceAccount: 'front',
      grants: [],
      isolated: { ingress: true, egress: true },
      podSecurity: { meets: 'restricted', violations: [] },
      exposed: true,
    },
  ],
  entries: [{ id: 'entry:Service/web/front', kind: 'LoadBalancer', label: 'front', tls: false, loc: loc('/ws/web.yaml', 40) }],
  groups: [],
  edges: [
    {
      from: 'workload:web/Deployment/front',
      to: 'workload:db/StatefulSet/pg',
      ports: [{ protocol: 'TCP', port: '5432' }],
      reasons: [
        { kind: 'egress-rule', loc: loc('/ws/pol.yaml', 30), description: 'NetworkPolicy web/front, egress rule 1' },
        { kind: 'ingress-rule', loc: loc('/ws/pol.yaml', 12), description: 'NetworkPolicy db/pg, ingress rule 1' },
      ],
    },
    { from: 'anywhere', to: 'workload:db/StatefulSet/pg', ports: [], reasons: [{ kind: 'not-isolated', description: 'no policy' }] },
  ],
  rbac: {
    subjects: [{ id: 'subject:ServiceAccount/db/pg', kind: 'ServiceAccount', name: 'pg', namespace: 'db' }],
    bindings: [
      {
        id: 'binding:RoleBinding/db/pg-secrets',
        kind: 'RoleBinding',
        name: 'pg-secrets',
        namespace: 'db',
        subjects: ['subject:ServiceAccount/db/pg'],
        role: 'role:Role/db/secrets',
        loc: loc('/ws/rbac.yaml', 20),
      },
    ],
    roles: [
      {
        id: 'role:Role/db/secrets',
        kind: 'Role',
        name: 'secrets',
        namespace: 'db',
        loc: loc('/ws/rbac.yaml', 3),
        grants: [{ label: 'read secrets', ruleId: 'rbac-secrets', loc: loc('/ws/rbac.yaml', 8) }],
      },
    ],
  },
  notAnalysed: [],
};

test('a click opens what the map says produced the node or edge, and nothing for ids the map does not name', () => {
  const at = (t: Parameters<typeof locOfTarget>[1]) => {
    const l = locOfTarget(MAP, t);
    return l ? `${l.file}:${l.range.start.line}` : undefined;
  };
  assert.equal(at({ kind: 'node', id: 'workload:web/Deployment/front' }), '/ws/web.yaml:3');
  assert.equal(at({ kind: 'node', id: 'entry:Service/web/front' }), '/ws/web.yaml:40');
  assert.equal(at({ kind: 'node', id: 'ns:web' }), '/ws/ns.yaml:3');
  assert.equal(at({ kind: 'node', id: 'ns:db' }), undefined, 'a namespace without a Namespace object');
  assert.equal(at({ kind: 'node', id: 'subject:ServiceAccount/db/pg' }), '/ws/rbac.yaml:20', 'a subject: its binding');
  assert.equal(at({ kind: 'node', id: 'binding:RoleBinding/db/pg-secrets' }), '/ws/rbac.yaml:20');
  assert.equal(at({ kind: 'node', id: 'role:Role/db/secrets' }), '/ws/rbac.yaml:3');
  assert.equal(at({ kind: 'node', id: 'grant:rbac-secrets:read secrets' }), '/ws/rbac.yaml:8');
  assert.equal(at({ kind: 'node', id: 'anywhere' }), undefined);
  assert.equal(at({ kind: 'node', id: '/etc/passwd' }), undefined);
  // Network edges: the first rule with a place; RBAC edges: the binding, or the role's rule.
  assert.equal(at({ kind: 'edge', from: 'workload:web/Deployment/front', to: 'workload:db/StatefulSet/pg' }), '/ws/pol.yaml:30');
  assert.equal(at({ kind: 'edge', from: 'anywhere', to: 'workload:db/StatefulSet/pg' }), undefined);
  assert.equal(at({ kind: 'edge', from: 'subject:ServiceAccount/db/pg', to: 'binding:RoleBinding/db/pg-secrets' }), '/ws/rbac.yaml:20');
  assert.equal(at({ kind: 'edge', from: 'binding:RoleBinding/db/pg-secrets', to: 'role:Role/db/secrets' }), '/ws/rbac.yaml:20');
  assert.equal(at({ kind: 'edge', from: 'role:Role/db/secrets', to: 'grant:rbac-secrets:read secrets' }), '/ws/rbac.yaml:8');
  assert.equal(at({ kind: 'edge', from: 'x', to: 'y' }), undefined);
});
