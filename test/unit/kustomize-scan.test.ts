import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { cli, tree } from './cli-helpers';
import { SHARED } from '../helpers';

/**
 * `scan` on trees with kustomizations: the build is analysed and each finding is placed in
 * the file that wrote the offending value (exact rule, file and range), parts of a build are
 * never analysed alone, and what a build could not do is an error (exit 2).
 */

interface JsonFinding {
  ruleId: string;
  file: string;
  message: string;
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
  related?: Array<{ file: string; message: string }>;
}
interface JsonReport {
  findings: JsonFinding[];
  errors: Array<{ file?: string; reason: string; message: string }>;
}

function scanJson(root: string, ...extra: string[]): { code: number; report: JsonReport } {
  const run = cli('scan', '--no-config', '-f', 'json', ...extra, root);
  return { code: run.code, report: JSON.parse(run.stdout) as JsonReport };
}

/** `rule file line:col-line:col` (1-based, as an editor shows them), paths relative to `root`. */
const where = (root: string, f: JsonFinding) =>
  `${f.ruleId} ${path.relative(root, f.file)} ${f.range.start.line + 1}:${f.range.start.character + 1}-${f.range.end.line + 1}:${f.range.end.character + 1}`;

const FIXTURE = path.join(__dirname, '..', '..', '..', 'test', 'fixtures', 'kustomize', 'overlay-privileged');

test('the overlay of the issue: exactly the privileged finding on the patch line, in namespace prod, none for what the base has', () => {
  const { code, report } = scanJson(FIXTURE);
  assert.equal(code, 1);
  assert.deepEqual(report.errors, []);
  const perObject = report.findings.filter((f) => !f.ruleId.startsWith('netpol-'));
  assert.deepEqual(
    perObject.map((f) => where(FIXTURE, f)),
    ['default-service-account base/deployment.yaml 16:5-16:9', 'pss-privileged overlays/prod/replicas.yaml 12:13-12:29'],
  );
  const privileged = perObject[1]!;
  assert.equal(
    privileged.message,
    `Container "web" of Deployment "web" is privileged. (Deployment "web" in namespace "prod" built by ${path.join(FIXTURE, 'overlays/prod')})`,
  );
  assert.deepEqual(
    privileged.related?.map((r) => [path.relative(FIXTURE, r.file), r.message]),
    [['overlays/prod/kustomization.yaml', `built as Deployment "web" in namespace "prod" by ${path.join(FIXTURE, 'overlays/prod')}`]],
  );
  // The cross-file rules see the built object in namespace prod, not the base in default.
  assert.deepEqual(
    report.findings.filter((f) => f.ruleId.startsWith('netpol-')).map((f) => where(FIXTURE, f)),
    [
      'netpol-default-deny base/deployment.yaml 4:3-4:12',
      'netpol-egress-isolation base/deployment.yaml 4:3-4:12',
      'netpol-ingress-isolation base/deployment.yaml 4:3-4:12',
    ],
  );
  assert.ok(report.findings.every((f) => !f.ruleId.startsWith('default-namespace')));
});

test('--kustomize off analyses every file alone (the patch is judged as a whole Deployment)', () => {
  const { report } = scanJson(FIXTURE, '--kustomize', 'off');
  const inPatch = report.findings.filter((f) => f.file.endsWith('replicas.yaml'));
  assert.ok(inPatch.length > 5, `standalone analysis of the patch gives its false warnings (${inPatch.length})`);
  assert.ok(inPatch.some((f) => f.ruleId === 'pss-run-as-non-root'));
});

const base = (extra = '') =>
  [
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata:',
    '  name: api',
    'spec:',
    '  selector: { matchLabels: { app: api } }',
    '  template:',
    '    metadata: { labels: { app: api } }',
    '    spec:',
    '      containers:',
    '        - name: api',
    '          image: registry.example.com/api:1.0',
    extra,
  ].join('\n') + '\n';

test('a base shared by two overlays reports each source location once, naming both builds', () => {
  const t = tree({
    'base/kustomization.yaml': 'resources: [deploy.yaml]\n',
    'base/deploy.yaml': base('          securityContext: { privileged: true }'),
    'overlays/a/kustomization.yaml': 'namespace: a\nresources: [../../base]\n',
    'overlays/b/kustomization.yaml': 'namespace: b\nnamePrefix: b-\nresources: [../../base]\n',
  });
  try {
    const { report } = scanJson(t.root);
    const privileged = report.findings.filter((f) => f.ruleId === 'pss-privileged');
    assert.deepEqual(
      privileged.map((f) => where(t.root, f)),
      ['pss-privileged base/deploy.yaml 13:30-13:46'],
    );
    assert.deepEqual(
      privileged[0]!.related?.map((r) => r.message),
      [
        `built as Deployment "api" in namespace "a" by ${t.p('overlays/a')}`,
        `built as Deployment "b-api" in namespace "b" by ${t.p('overlays/b')}`,
      ],
    );
    // The base kustomization is a part of both builds, not a root of its own.
    assert.ok(report.findings.every((f) => !f.message.includes(`by ${t.p('base')})`)));
  } finally {
    t.cleanup();
  }
});

test('a value set by a transformer is reported on the kustomization entry that set it', () => {
  const t = tree({
    'app/deploy.yaml': base(),
    'app/kustomization.yaml': 'resources: [deploy.yaml]\nimages:\n  - name: registry.example.com/api\n    newTag: latest\n',
  });
  try {
    const { report } = scanJson(t.root);
    assert.deepEqual(
      report.findings.filter((f) => f.ruleId === 'image-tag-latest').map((f) => where(t.root, f)),
      ['image-tag-latest app/kustomization.yaml 4:13-4:19'],
    );
  } finally {
    t.cleanup();
  }
});

test('comment directives in a patch suppress its findings; an unused one is reported there', () => {
  const t = tree({
    'base/kustomization.yaml': 'resources: [deploy.yaml]\n',
    'base/deploy.yaml': base(),
    'prod/kustomization.yaml': 'resources: [../base]\npatches:\n  - path: patch.yaml\n',
    'prod/patch.yaml': [
      'apiVersion: apps/v1',
      'kind: Deployment',
      'metadata: { name: api }',
      'spec:',
      '  template:',
      '    spec:',
      '      # kube-guardrails-disable-next-line pss-host-namespaces -- node agent',
      '      hostNetwork: true',
      '      containers:',
      '        - name: api',
      '          securityContext:',
      '            # kube-guardrails-disable-next-line pss-privileged',
      '            allowPrivilegeEscalation: false',
      '',
    ].join('\n'),
  });
  try {
    const { report } = scanJson(t.root);
    const inPatch = report.findings.filter((f) => f.file === t.p('prod/patch.yaml')).map((f) => where(t.root, f));
    // hostNetwork is suppressed; the patch's new securityContext lacks what the restricted
    // profile needs (placed on its key, where a person adds them); the directive above
    // allowPrivilegeEscalation names a rule with no finding there.
    assert.deepEqual(inPatch, [
      'pss-capabilities-restricted prod/patch.yaml 11:11-11:26',
      'pss-run-as-non-root prod/patch.yaml 11:11-11:26',
      'pss-seccomp-profile-restricted prod/patch.yaml 11:11-11:26',
      'read-only-root-filesystem prod/patch.yaml 11:11-11:26',
      'unused-suppression prod/patch.yaml 12:49-12:63',
    ]);
    assert.ok(!report.findings.some((f) => f.ruleId === 'pss-host-namespaces'));
  } finally {
    t.cleanup();
  }
});

test('what a build cannot do is an error naming the entry, and the rest is analysed (exit 2)', () => {
  const t = tree({
    'app/deploy.yaml': base('          securityContext: { privileged: true }'),
    'app/kustomization.yaml': 'resources:\n  - deploy.yaml\n  - https://github.com/example/remote//base?ref=v1\n',
  });
  try {
    const { code, report } = scanJson(t.root);
    assert.equal(code, 2);
    assert.deepEqual(
      report.errors.map((e) => [path.relative(t.root, e.file ?? ''), e.reason, e.message]),
      [
        [
          'app/kustomization.yaml',
          'build-incomplete',
          `build of ${t.p('app')} is incomplete: not analysed: remote resource https://github.com/example/remote//base?ref=v1 (never fetched)`,
        ],
      ],
    );
    assert.ok(report.findings.some((f) => f.ruleId === 'pss-privileged' && f.file === t.p('app/deploy.yaml')));
  } finally {
    t.cleanup();
  }
});

test('a base outside the scanned folder is never read: the build reports it', () => {
  const t = tree({
    'base/kustomization.yaml': 'resources: [deploy.yaml]\n',
    'base/deploy.yaml': base(),
    'prod/kustomization.yaml': 'resources: [../base]\n',
  });
  try {
    const { code, report } = scanJson(t.p('prod'));
    assert.equal(code, 2);
    assert.equal(report.errors.length, 1);
    assert.equal(report.errors[0]!.reason, 'build-incomplete');
    assert.match(report.errors[0]!.message, /cannot read .*base/);
  } finally {
    t.cleanup();
  }
});

// Every finding on every corpus build lands in a file of that case (no placement failures).
const corpus = path.join(SHARED, 'corpus', 'kustomize');
const groups = [
  ...new Set(
    (JSON.parse(fs.readFileSync(path.join(corpus, 'cases.json'), 'utf8')) as { cases: Array<{ group: string }> }).cases.map((c) => c.group),
  ),
];
test('every finding on the corpus builds is placed in a file of its group', () => {
  let placed = 0;
  for (const group of groups) {
    const dir = path.join(corpus, group);
    const { report } = scanJson(dir);
    assert.deepEqual(
      report.errors.filter((e) => e.reason === 'placement-failed'),
      [],
      group,
    );
    for (const f of report.findings) {
      assert.ok(f.file.startsWith(dir + path.sep), `${group}: ${f.file}`);
      if (f.related?.some((r) => r.message.startsWith('built as '))) placed++;
    }
  }
  assert.ok(placed > 500, `findings placed: ${placed}`);
});

test('a folder given with a trailing separator is the same folder: its builds are found', () => {
  const plain = scanJson(FIXTURE).report.findings.map((f) => where(FIXTURE, f));
  const slashed = scanJson(FIXTURE + path.sep).report.findings.map((f) => where(FIXTURE, f));
  assert.deepEqual(slashed, plain);
  assert.ok(plain.includes('pss-privileged overlays/prod/replicas.yaml 12:13-12:29'));
});
