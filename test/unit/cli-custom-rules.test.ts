import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { checkPattern } from '../../server/src/core/custom';
import { REPO_ROOT, yaml } from '../helpers';
import { cli, pod, tree } from './cli-helpers';

/** A container rule the hardened `pod()` fails: it sets a memory limit but no CPU limit. */
const CPU_LIMIT_RULE = [
  'customRules:',
  '  - id: cpu-limit',
  '    title: Containers set a CPU limit',
  '    severity: error',
  '    kinds: [Pod]',
  '    target: container',
  '    schema:',
  '      properties:',
  '        resources:',
  '          properties:',
  '            limits: { required: [cpu] }',
  '    message: Set resources.limits.cpu',
];

test('scan runs a valid custom rule: exact finding, range, message, severity; exit 1 for an error', () => {
  const t = tree({ '.kube-guardrails.yaml': yaml(...CPU_LIMIT_RULE), 'pod.yaml': pod('web') });
  try {
    const r = cli('scan', '-f', 'json', t.root);
    assert.equal(r.stderr, '');
    assert.equal(r.code, 1);
    const out = JSON.parse(r.stdout);
    assert.deepEqual(
      out.findings.map((f: Record<string, unknown>) => ({
        ruleId: f.ruleId,
        severity: f.severity,
        message: f.message,
        file: f.file,
        range: f.range,
        object: f.object,
      })),
      [
        {
          ruleId: 'cpu-limit',
          severity: 'error',
          message: 'Container "app" of Pod "web": Set resources.limits.cpu.',
          file: t.p('pod.yaml'),
          // `limits: { memory: 128Mi }`: the map that lacks `cpu`.
          range: { start: { line: 20, character: 8 }, end: { line: 20, character: 33 } },
          object: { apiVersion: 'v1', kind: 'Pod', namespace: 'shop', name: 'web' },
        },
      ],
    );
    // Stylish shows it like a built-in finding.
    const s = cli('scan', t.p('pod.yaml'));
    assert.equal(s.code, 1);
    assert.ok(
      s.stdout.includes(`${t.p('pod.yaml')}:21:9  error  Container "app" of Pod "web": Set resources.limits.cpu.  cpu-limit\n`),
      s.stdout,
    );
    // Without the config, the rule does not exist.
    assert.equal(cli('scan', '--no-config', t.p('pod.yaml')).code, 0);
  } finally {
    t.cleanup();
  }
});

test('a custom rule is re-levelled, switched off and exempted by its id like a built-in rule', () => {
  const t = tree({ '.kube-guardrails.yaml': yaml('rules:', '  cpu-limit: warning', ...CPU_LIMIT_RULE), 'pod.yaml': pod('web') });
  try {
    const r = cli('scan', '-f', 'json', t.root);
    assert.equal(r.code, 0);
    assert.deepEqual(
      JSON.parse(r.stdout).findings.map((f: { ruleId: string; severity: string }) => [f.ruleId, f.severity]),
      [['cpu-limit', 'warning']],
    );
    fs.writeFileSync(
      t.p('.kube-guardrails.yaml'),
      yaml('exemptions:', '  - rules: [cpu-limit]', '    names: [web]', '    reason: sized by the platform team', ...CPU_LIMIT_RULE),
    );
    const e = cli('scan', '-f', 'json', t.root);
    assert.equal(e.stderr, '');
    assert.deepEqual(JSON.parse(e.stdout).findings, []);
    assert.equal(e.code, 0);
  } finally {
    t.cleanup();
  }
});

test('an invalid custom rule stops the scan with exit 2 and file:line:col errors on the exact keys', () => {
  const config = yaml(
    ...CPU_LIMIT_RULE,
    '  - id: owner',
    '    title: Owner',
    '    kinds: [Pod]',
    '    schema: { format: email }',
    '    mesage: x',
  );
  const t = tree({ '.kube-guardrails.yaml': config, 'pod.yaml': pod('web') });
  try {
    const r = cli('scan', t.root);
    assert.equal(r.code, 2);
    assert.equal(r.stdout, '');
    const file = path.relative(process.cwd(), t.p('.kube-guardrails.yaml'));
    const shown = file && !file.startsWith('..') ? file : t.p('.kube-guardrails.yaml');
    const suffix = '; this custom rule is not used until it is fixed.';
    assert.equal(
      r.stderr,
      [
        `${shown}:13:5: error: customRules[1].message: message must be a non-empty string${suffix}`,
        `${shown}:16:15: error: customRules[1].schema.format: "format" is not supported; use "pattern" instead${suffix}`,
        `${shown}:17:5: error: customRules[1].mesage: unknown key "mesage" (expected one of id, title, severity, kinds, target, schema, message, docs)${suffix}`,
        'kube-guardrails: invalid configuration file; fix it or run with --no-config.',
        '',
      ].join('\n'),
    );
  } finally {
    t.cleanup();
  }
});

test(
  'a pattern catastrophic for backtracking engines is safe (RE2): the scan finishes on a 50,000-character adversarial value',
  { timeout: 120000 },
  () => {
    const evil = '^(a+)+$';
    assert.deepEqual(checkPattern(evil), { ok: true, source: evil });
    const value = 'a'.repeat(49999) + '!';
    const manifest = pod('web').replace('  namespace: shop\n', `  namespace: shop\n  annotations:\n    example.com/build: "${value}"\n`);
    const config = yaml(
      'customRules:',
      '  - id: build-annotation',
      '    title: Build annotation is well formed',
      '    severity: error',
      '    kinds: [Pod]',
      '    schema:',
      '      properties:',
      '        metadata:',
      '          properties:',
      '            annotations:',
      '              properties:',
      `                example.com/build: { type: string, pattern: '${evil}' }`,
      '    message: Fix the build annotation',
    );
    const t = tree({ '.kube-guardrails.yaml': config, 'pod.yaml': manifest });
    try {
      const r = cli('scan', '-f', 'json', t.p('pod.yaml'));
      assert.equal(r.stderr, '');
      assert.equal(r.code, 1);
      const found = JSON.parse(r.stdout).findings.map((f: { ruleId: string; range: unknown; message: string }) => [
        f.ruleId,
        f.range,
        f.message,
      ]);
      assert.deepEqual(found, [
        [
          'build-annotation',
          { start: { line: 6, character: 4 }, end: { line: 6, character: 25 + value.length } },
          'Pod "web": Fix the build annotation.',
        ],
      ]);
    } finally {
      t.cleanup();
    }
  },
);

test('the documented example config runs: both custom rules fire on a non-compliant Deployment and Ingress', () => {
  const config = fs.readFileSync(path.join(REPO_ROOT, 'test', 'fixtures', 'config', 'custom-rules.yaml'), 'utf8');
  const manifest = yaml(
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata:',
    '  name: web',
    'spec:',
    '  template:',
    '    spec:',
    '      containers:',
    '        - name: app',
    '          image: registry.example.com/web:1.0.0',
    '          resources:',
    '            requests: { memory: 64Mi }',
    '---',
    'apiVersion: networking.k8s.io/v1',
    'kind: Ingress',
    'metadata:',
    '  name: web',
    '  annotations:',
    '    example.com/owner: shop',
    'spec:',
    '  rules: []',
  );
  const t = tree({ '.kube-guardrails.yaml': config, 'app.yaml': manifest });
  try {
    const r = cli('scan', '-f', 'json', t.root);
    assert.equal(r.stderr, '');
    const custom = JSON.parse(r.stdout).findings.filter(
      (f: { ruleId: string }) => f.ruleId === 'container-memory-limit' || f.ruleId === 'ingress-owner-annotation',
    );
    assert.deepEqual(
      custom.map((f: { ruleId: string; severity: string; range: { start: { line: number; character: number } }; message: string }) => [
        f.ruleId,
        f.severity,
        `${f.range.start.line}:${f.range.start.character}`,
        f.message,
      ]),
      [
        [
          'container-memory-limit',
          'error',
          '10:10',
          'Container "app" of Deployment "web": Set resources.limits.memory so one container cannot take all of the node\'s memory.',
        ],
        ['ingress-owner-annotation', 'error', '18:4', 'Ingress "web": Annotate the Ingress with example.com/owner set to team-<name>.'],
      ],
    );
    assert.equal(r.code, 1);
  } finally {
    t.cleanup();
  }
});
