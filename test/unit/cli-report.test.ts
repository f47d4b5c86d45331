import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import type { SecurityMap } from '../../server/src/core/map/model';
import { REPO_ROOT, SHARED } from '../helpers';
import { cli, tree } from './cli-helpers';

const FIXTURES = path.join(REPO_ROOT, 'test', 'fixtures', 'map');

test('report --format html: a self-contained page with both maps and the tables, no script', () => {
  const r = cli('report', path.join(FIXTURES, 'selectors'));
  assert.equal(r.code, 0, r.stderr);
  const html = r.stdout;
  assert.match(html, /^<!DOCTYPE html>/);
  assert.doesNotMatch(html, /<script|<link|<img|<iframe|src=|@import/i);
  assert.match(html, /<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">/);
  assert.match(html, /@media \(prefers-color-scheme: dark\)/);
  const nodes = [...html.matchAll(/<g class="kg-node kg-workload[^"]*" data-id="([^"]+)"/g)].map((m) => m[1]).sort();
  assert.deepEqual(nodes, [
    'workload:dev/Deployment/prometheus',
    'workload:dev/Deployment/tool',
    'workload:monitoring/Deployment/prometheus',
    'workload:shop/Deployment/api',
    'workload:shop/Deployment/db',
    'workload:shop/Deployment/web',
  ]);
  assert.equal([...html.matchAll(/<svg xmlns/g)].length, 2);
  assert.ok(html.includes('<g class="kg-edge" data-from="workload:shop/Deployment/web" data-to="workload:shop/Deployment/api">'));
  assert.ok(
    html.includes(
      '<tr data-id="workload:shop/Deployment/db"><td>shop/Deployment/db</td><td>ingress isolated, egress open</td><td>shop/api (5432/TCP)<br>monitoring/prometheus (5432/TCP)</td><td>—</td><td>default: none</td><td>meets baseline</td></tr>',
    ),
  );
  assert.ok(
    html.includes(
      'Dotted “every pod” node (a namespace’s in its box, the cluster’s outside): a rule naming every pod; its dotted edge is that workload’s own rule only, the other pod’s policy must allow the traffic too.</p>',
    ),
  );
  assert.ok(html.includes('<g class="kg-node kg-pods" data-id="pods:monitoring"'));
  // Every pod of monitoring may reach web (one group edge): the row says the source's egress still applies.
  assert.ok(
    html.includes(
      '<tr data-id="workload:shop/Deployment/web"><td>shop/Deployment/web</td><td>ingress isolated, egress open</td><td>every pod in namespace monitoring whose egress allows it (9090/TCP)<br>10.0.0.0/8 except 10.1.0.0/16 (443/TCP)</td><td>—</td><td>default: none</td><td>meets baseline</td></tr>',
    ),
  );
  assert.ok(html.includes('<tr><td>shop</td><td>—</td><td>—</td><td>—</td><td>3</td><td>—</td></tr>'));
});

test('report --format markdown and json; --namespace keeps one namespace and what touches it', () => {
  const md = cli('report', path.join(FIXTURES, 'power'), '--format', 'markdown');
  assert.equal(md.code, 0, md.stderr);
  assert.ok(
    md.stdout.includes(
      '| locked | restricted | restricted | — | 1 | root-app: allowPrivilegeEscalation, capabilities\\_restricted, runAsNonRoot, seccompProfile\\_restricted, privileged |',
    ),
  );
  assert.ok(
    md.stdout.includes(
      '| locked/Deployment/root-app | ingress open, egress open | any pod (no policy isolates its ingress) | — | deployer: read Secrets (locked), cluster-admin (cluster-wide) | fails: allowPrivilegeEscalation, capabilities\\_restricted, runAsNonRoot, seccompProfile\\_restricted, privileged |',
    ),
  );
  const json = cli('report', path.join(FIXTURES, 'selectors'), '--format', 'json', '--namespace', 'monitoring');
  assert.equal(json.code, 0, json.stderr);
  const map = JSON.parse(json.stdout) as SecurityMap;
  assert.deepEqual(
    map.namespaces.map((n) => n.name),
    ['monitoring'],
  );
  assert.deepEqual(map.workloads.map((w) => w.id).sort(), [
    'workload:monitoring/Deployment/prometheus',
    'workload:shop/Deployment/db',
    'workload:shop/Deployment/web',
  ]);
  // The namespace's pod group belongs to it: every pod of monitoring may reach web; web (another
  // namespace) comes with its one-sided edges, so the documented reading rule holds for it here too.
  assert.deepEqual(map.edges.map((e) => `${e.from} -> ${e.to}`).sort(), [
    'cidr:10.0.0.0/8 except 10.1.0.0/16 -> workload:shop/Deployment/web',
    'pods:monitoring -> workload:shop/Deployment/web',
    'workload:monitoring/Deployment/prometheus -> workload:shop/Deployment/db',
  ]);
  const unknown = cli('report', path.join(FIXTURES, 'selectors'), '--namespace', 'nope');
  assert.deepEqual(
    [unknown.code, unknown.stdout, unknown.stderr],
    [2, '', 'kube-guardrails report: no namespace "nope" in the files read\n'],
  );
});

test('report --from --to: the verdict with its rules; exit 0 allowed, 1 blocked, 2 unknown workload', () => {
  const dir = path.join(FIXTURES, 'egress');
  const allowed = cli('report', dir, '--from', 'app/frontend', '--to', 'app/backend');
  assert.equal(allowed.code, 0);
  const file = path.join(dir, 'workspace.yaml');
  assert.equal(
    allowed.stdout,
    [
      'workload:app/Deployment/frontend -> workload:app/Deployment/backend: ALLOWED on 8080/TCP',
      '  egress of the source: allowed',
      `    allowed by NetworkPolicy app/fe-egress, egress rule 1 (${file}:13)`,
      '  ingress of the destination: allowed',
      `    allowed by NetworkPolicy app/be-ingress, ingress rule 1 (${file}:39)`,
      '',
    ].join('\n'),
  );
  const blocked = cli('report', dir, '--from', 'app/frontend', '--to', 'app/backend', '--port', '9090');
  assert.equal(blocked.code, 1);
  assert.ok(
    blocked.stdout.startsWith(
      'workload:app/Deployment/frontend -> workload:app/Deployment/backend port 9090: BLOCKED\n  egress of the source: blocked\n',
    ),
  );
  assert.ok(blocked.stdout.includes(`    blocked by the policy at ${file}:4\n`));
  const unknown = cli('report', dir, '--from', 'app/nope', '--to', 'app/backend');
  assert.deepEqual([unknown.code, unknown.stderr], [2, 'kube-guardrails report: no workload "app/nope" in the files read\n']);
  const usage = cli('report', dir, '--from', 'app/frontend');
  assert.equal(usage.code, 2);
  assert.match(usage.stderr, /--from and --to go together/);
});

test('report fails closed: what could not be read is in the report and the exit code is 2', () => {
  const t = tree({
    'ok.yaml': fs.readFileSync(path.join(FIXTURES, 'default-deny', 'workspace.yaml'), 'utf8'),
    'broken.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: [unclosed\n',
    'binary.yaml': Buffer.from([0x61, 0x00, 0x62]).toString('latin1'),
  });
  try {
    const r = cli('report', t.root, '--format', 'html', '--output', t.p('out.html'));
    assert.equal(r.code, 2);
    const html = fs.readFileSync(t.p('out.html'), 'utf8');
    assert.match(html, /<div class="kg-warning" id="kg-not-analysed"><strong>Not in the map:<\/strong>/);
    assert.ok(html.includes(`<li>${t.p('binary.yaml')}: skipped: the file contains NUL bytes and looks binary, not YAML.</li>`));
    assert.ok(html.includes(`<li>${t.p('broken.yaml')}: YAML error, objects of this document are missing: `));
    assert.match(r.stderr, /broken\.yaml: YAML error/);
    // What could be read is still drawn.
    assert.ok(html.includes('data-id="workload:prod/Deployment/web"'));
  } finally {
    t.cleanup();
  }
});

test('report on the Argo CD install manifest: every workload of it on the page', () => {
  const r = cli('report', path.join(SHARED, 'corpus', 'realworld', 'argo-cd', 'install.yaml'), '--format', 'json');
  assert.equal(r.code, 0, r.stderr);
  const map = JSON.parse(r.stdout) as SecurityMap;
  assert.deepEqual(map.workloads.map((w) => w.name).sort(), [
    'argocd-application-controller',
    'argocd-applicationset-controller',
    'argocd-dex-server',
    'argocd-notifications-controller',
    'argocd-redis',
    'argocd-repo-server',
    'argocd-server',
  ]);
  assert.deepEqual(map.notAnalysed, []);
});

test('report --format json: an object of a Kustomize build is located in the base that wrote it, not the build', () => {
  const root = path.join('test', 'fixtures', 'kustomize', 'overlay-privileged');
  const r = cli('report', '--format', 'json', path.join(REPO_ROOT, root));
  assert.equal(r.code, 0, r.stderr);
  const map = JSON.parse(r.stdout) as SecurityMap;
  assert.deepEqual(
    map.workloads.map((w) => [w.id, path.relative(REPO_ROOT, w.loc.file), w.loc.range]),
    [
      [
        'workload:prod/Deployment/web',
        path.join(root, 'base', 'deployment.yaml'),
        { start: { line: 3, character: 2 }, end: { line: 3, character: 11 } },
      ],
    ],
  );
});

test('report honours .kube-guardrails.yaml as scan does: exclude, helm.charts, an invalid config stops it, --no-config', () => {
  const deployment = (name: string, ns: string) =>
    `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ${name}\n  namespace: ${ns}\nspec:\n  selector:\n    matchLabels:\n      app: ${name}\n  template:\n    metadata:\n      labels:\n        app: ${name}\n    spec:\n      containers:\n        - name: c\n          image: x\n`;
  const t = tree({
    '.kube-guardrails.yaml': 'exclude:\n  - vendor\nhelm:\n  charts:\n    chart:\n      namespace: shop\n',
    'app.yaml': deployment('app', 'prod'),
    'vendor/other.yaml': deployment('other', 'prod'),
    'vendor/broken.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: [unclosed\n',
    'chart/Chart.yaml': 'apiVersion: v2\nname: web\nversion: 0.1.0\n',
    'chart/templates/web.yaml':
      'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  namespace: {{ .Release.Namespace }}\nspec:\n  selector:\n    matchLabels:\n      app: web\n  template:\n    metadata:\n      labels:\n        app: web\n    spec:\n      containers:\n        - name: c\n          image: x\n',
  });
  const ids = (stdout: string) => (JSON.parse(stdout) as SecurityMap).workloads.map((w) => w.id).sort();
  try {
    const r = cli('report', t.root, '--format', 'json');
    assert.deepEqual([r.code, r.stderr], [0, '']);
    // vendor/ is excluded (its broken file too: not listed, exit 0); the chart renders in the configured namespace.
    assert.deepEqual(ids(r.stdout), ['workload:prod/Deployment/app', 'workload:shop/Deployment/web']);
    assert.deepEqual((JSON.parse(r.stdout) as SecurityMap).notAnalysed, []);

    const none = cli('report', t.root, '--format', 'json', '--no-config');
    assert.equal(none.code, 2);
    assert.deepEqual(ids(none.stdout), [
      'workload:default/Deployment/web',
      'workload:prod/Deployment/app',
      'workload:prod/Deployment/other',
    ]);
    assert.match(none.stderr, /vendor\/broken\.yaml: YAML error, objects of this document are missing/);

    // The reachability query reads the same files: an excluded workload is unknown.
    const query = cli('report', t.root, '--from', 'prod/app', '--to', 'prod/other');
    assert.deepEqual([query.code, query.stderr], [2, 'kube-guardrails report: no workload "prod/other" in the files read\n']);

    fs.writeFileSync(t.p('.kube-guardrails.yaml'), 'exclude: vendor\n');
    const invalid = cli('report', t.root, '--format', 'json');
    assert.equal(invalid.code, 2);
    assert.equal(invalid.stdout, '');
    assert.match(invalid.stderr, /\.kube-guardrails\.yaml:1:\d+: error: /);
    assert.match(invalid.stderr, /kube-guardrails: invalid configuration file; fix it or run with --no-config\.\n$/);

    const explicit = cli('report', t.root, '--config', t.p('missing.yaml'));
    assert.equal(explicit.code, 2);
    assert.match(explicit.stderr, /^kube-guardrails: --config: /);
    assert.match(cli('report', t.root, '--config', 'x', '--no-config').stderr, /--config and --no-config cannot be used together/);
  } finally {
    t.cleanup();
  }
});

test('report and scan build no kustomization or chart the config excludes', () => {
  const deployment = (name: string) =>
    `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ${name}\n  namespace: prod\nspec:\n  template:\n    spec:\n      containers:\n        - name: c\n          image: x\n`;
  const t = tree({
    '.kube-guardrails.yaml': 'exclude:\n  - gen\n  - kust\n',
    'app.yaml': deployment('app'),
    'kust/kustomization.yaml': 'resources:\n  - dep.yaml\n',
    'kust/dep.yaml': deployment('excluded-kust'),
    'gen/Chart.yaml': 'apiVersion: v2\nname: gen\nversion: 0.1.0\n',
    'gen/templates/dep.yaml': deployment('excluded-chart'),
  });
  try {
    const r = cli('report', t.root, '--format', 'json');
    assert.deepEqual([r.code, r.stderr], [0, '']);
    assert.deepEqual(
      (JSON.parse(r.stdout) as SecurityMap).workloads.map((w) => w.id),
      ['workload:prod/Deployment/app'],
    );
    const scan = cli('scan', t.root, '--format', 'json');
    const findings = (JSON.parse(scan.stdout) as { findings: Array<{ file: string }> }).findings;
    const files = [...new Set(findings.map((f) => path.relative(t.root, f.file)))];
    assert.deepEqual(files, ['app.yaml']);
  } finally {
    t.cleanup();
  }
});

test('report --namespace --format json: the RBAC graph of that namespace only (its bindings, and bindings naming its accounts)', () => {
  const binding = (kind: string, name: string, ns: string | undefined, role: string, roleKind: string, subjects: string) =>
    `apiVersion: rbac.authorization.k8s.io/v1\nkind: ${kind}\nmetadata:\n  name: ${name}\n${ns ? `  namespace: ${ns}\n` : ''}roleRef:\n  apiGroup: rbac.authorization.k8s.io\n  kind: ${roleKind}\n  name: ${role}\nsubjects:\n${subjects}`;
  const sa = (name: string, ns: string) => `  - kind: ServiceAccount\n    name: ${name}\n    namespace: ${ns}\n`;
  const role = (kind: string, name: string, ns: string | undefined, resources: string, verbs: string) =>
    `apiVersion: rbac.authorization.k8s.io/v1\nkind: ${kind}\nmetadata:\n  name: ${name}\n${ns ? `  namespace: ${ns}\n` : ''}rules:\n  - apiGroups: [""]\n    resources: [${resources}]\n    verbs: [${verbs}]\n`;
  const t = tree({
    'rbac.yaml': [
      role('Role', 'reader', 'a', 'secrets', 'get'),
      binding('RoleBinding', 'ra', 'a', 'reader', 'Role', sa('app', 'a')),
      binding('ClusterRoleBinding', 'crb-a', undefined, 'cluster-admin', 'ClusterRole', sa('app', 'a')),
      role('Role', 'secret-reader', 'b', 'secrets', 'list'),
      binding('RoleBinding', 'cross', 'b', 'secret-reader', 'Role', sa('app', 'a')),
      role('ClusterRole', 'pods-exec', undefined, 'pods/exec', 'create'),
      binding(
        'ClusterRoleBinding',
        'crb-b',
        undefined,
        'pods-exec',
        'ClusterRole',
        `${sa('x', 'b')}  - kind: Group\n    name: devs\n    apiGroup: rbac.authorization.k8s.io\n`,
      ),
      binding('RoleBinding', 'rb', 'b', 'pods-exec', 'ClusterRole', sa('x', 'b')),
    ].join('---\n'),
  });
  try {
    const full = cli('report', t.root, '--format', 'json');
    assert.equal(full.code, 0, full.stderr);
    const all = (JSON.parse(full.stdout) as SecurityMap).rbac;
    // The whole map has b's bindings, its account, the group and the exec role too.
    assert.deepEqual(all.bindings.map((b) => b.name).sort(), ['crb-a', 'crb-b', 'cross', 'ra', 'rb']);
    assert.deepEqual(all.subjects.map((x) => x.id).sort(), [
      'subject:Group/devs',
      'subject:ServiceAccount/a/app',
      'subject:ServiceAccount/b/x',
    ]);
    const r = cli('report', t.root, '--format', 'json', '--namespace', 'a');
    assert.equal(r.code, 0, r.stderr);
    const { rbac } = JSON.parse(r.stdout) as SecurityMap;
    assert.deepEqual(
      rbac.bindings.map((b) => `${b.id} [${b.subjects.join(', ')}] -> ${b.role}`),
      [
        'binding:RoleBinding/a/ra [subject:ServiceAccount/a/app] -> role:Role/a/reader',
        // In b, but it gives a's account power there: it concerns a.
        'binding:RoleBinding/b/cross [subject:ServiceAccount/a/app] -> role:Role/b/secret-reader',
        'binding:ClusterRoleBinding/crb-a [subject:ServiceAccount/a/app] -> role:ClusterRole/cluster-admin',
      ],
    );
    assert.deepEqual(
      rbac.subjects.map((s) => s.id),
      ['subject:ServiceAccount/a/app'],
    );
    assert.deepEqual(
      rbac.roles.map((x) => `${x.id}: ${x.grants.map((g) => `${g.label} (${g.ruleId})`).join(', ')}`),
      [
        'role:Role/a/reader: read Secrets (rbac-secrets)',
        'role:Role/b/secret-reader: read Secrets (rbac-secrets)',
        'role:ClusterRole/cluster-admin: cluster-admin (rbac-wildcard)',
      ],
    );
  } finally {
    t.cleanup();
  }
});
