import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { analyzeText } from '../../server/src/core/engine/analyze';
import { DEFAULT_OPTIONS, type AnalysisOptions } from '../../server/src/core/engine/options';
import { applyEdits, computeFix } from '../../server/src/core/fix';
import { RULES } from '../../server/src/core/rules/registry';
import { deployment, rangeString, REPO_ROOT, yaml } from '../helpers';

/**
 * Quick fixes of the hardening rules: the exact text each produces, and that every fix
 * offered on the firing fixtures renders to verified edits. Rules whose remedy is a
 * judgement (which tag, how much memory, which GID) offer none.
 */
const FIXTURES = path.join(REPO_ROOT, 'test', 'fixtures', 'rules');
const WITH_FIX = [
  'read-only-root-filesystem',
  'share-process-namespace',
  'image-pull-policy-not-always',
  'automount-service-account-token',
  'host-path-writable',
  'host-users-not-disabled',
];
/** Findings of a fixing rule that must come without a fix, by the object they name. */
const NO_FIX_FOR: Record<string, string> = {
  // Shares the host network: the API server rejects hostUsers: false with it.
  'host-users-not-disabled': 'Pod "agent"',
};
const CATEGORIES = new Set(['workload', 'host', 'service-account', 'secrets', 'exposure']);

function optionsFor(ruleId: string): AnalysisOptions {
  return { ...DEFAULT_OPTIONS, rules: { [ruleId]: 'warning' } };
}

function fixed(text: string, ruleId: string, index = 0): string {
  const options = optionsFor(ruleId);
  const analysis = analyzeText(text, options);
  const finding = analysis.findings.filter((f) => f.ruleId === ruleId)[index];
  assert.ok(finding, `no finding #${index} of ${ruleId}`);
  const edits = computeFix(analysis, finding, (t) => analyzeText(t, options));
  assert.ok(edits, `fix of ${ruleId} #${index} was refused`);
  return applyEdits(text, edits);
}

test('every fix on the hardening firing fixtures verifies; rules without a safe fix offer none', () => {
  let fixes = 0;
  for (const rule of RULES.filter((r) => CATEGORIES.has(r.category))) {
    const text = fs.readFileSync(path.join(FIXTURES, rule.id, 'firing.yaml'), 'utf8');
    const options = optionsFor(rule.id);
    const analysis = analyzeText(text, options);
    const findings = analysis.findings.filter((f) => f.ruleId === rule.id);
    // Exactly the findings the fixture expects, at their ranges, get their fix checked.
    const expected = JSON.parse(fs.readFileSync(path.join(FIXTURES, rule.id, 'firing.expected.json'), 'utf8')) as Array<{ range: string }>;
    assert.deepEqual(
      findings.map((f) => rangeString(text, f.range)),
      expected.map((e) => e.range),
      rule.id,
    );
    for (const f of findings) {
      const noFixFor = NO_FIX_FOR[rule.id];
      if (!WITH_FIX.includes(rule.id) || (noFixFor !== undefined && f.message.includes(noFixFor))) {
        assert.equal(f.fix, undefined, `${rule.id} must not offer a fix`);
        continue;
      }
      assert.ok(f.fix, `${rule.id}: "${f.message}" has no fix`);
      assert.ok(
        computeFix(analysis, f, (t) => analyzeText(t, options)),
        `${rule.id}: fix for "${f.message}" was refused`,
      );
      fixes++;
    }
  }
  assert.equal(fixes, 4 + 1 + 4 + 2 + 3 + 2);
});

const DEPLOYMENT = deployment({
  spec: ['shareProcessNamespace: true  # for the reloader'],
  containers: [
    { name: 'app', image: 'example.com/web:2.3', lines: ['securityContext:', '  readOnlyRootFilesystem: false'] },
    { name: 'bare', image: 'example.com/bare:1.0', lines: ['imagePullPolicy: IfNotPresent'] },
    { name: 'scoped', image: 'example.com/scoped:1.0.0', lines: ['securityContext:', '  runAsUser: 10001'] },
  ],
});

function replaceLine(text: string, from: string, to: string): string {
  assert.ok(text.includes(from), from);
  return text.replace(from, to);
}

test('read-only-root-filesystem: replaces false in place', () => {
  assert.equal(
    fixed(DEPLOYMENT, 'read-only-root-filesystem', 0),
    replaceLine(DEPLOYMENT, 'readOnlyRootFilesystem: false', 'readOnlyRootFilesystem: true'),
  );
});

test('read-only-root-filesystem: creates securityContext when the container has none', () => {
  assert.equal(
    fixed(DEPLOYMENT, 'read-only-root-filesystem', 1),
    replaceLine(
      DEPLOYMENT,
      '        imagePullPolicy: IfNotPresent\n',
      '        imagePullPolicy: IfNotPresent\n        securityContext:\n          readOnlyRootFilesystem: true\n',
    ),
  );
});

test('read-only-root-filesystem: adds to an existing securityContext', () => {
  assert.equal(
    fixed(DEPLOYMENT, 'read-only-root-filesystem', 2),
    replaceLine(DEPLOYMENT, '          runAsUser: 10001\n', '          runAsUser: 10001\n          readOnlyRootFilesystem: true\n'),
  );
});

test('share-process-namespace: sets false and keeps the comment', () => {
  assert.equal(
    fixed(DEPLOYMENT, 'share-process-namespace'),
    replaceLine(DEPLOYMENT, 'shareProcessNamespace: true  #', 'shareProcessNamespace: false  #'),
  );
});

test('image-pull-policy-not-always: replaces an explicit policy, adds a missing one', () => {
  assert.equal(
    fixed(DEPLOYMENT, 'image-pull-policy-not-always', 1),
    replaceLine(DEPLOYMENT, 'imagePullPolicy: IfNotPresent', 'imagePullPolicy: Always'),
  );
  assert.equal(
    fixed(DEPLOYMENT, 'image-pull-policy-not-always', 0),
    replaceLine(
      DEPLOYMENT,
      '          readOnlyRootFilesystem: false\n',
      '          readOnlyRootFilesystem: false\n        imagePullPolicy: Always\n',
    ),
  );
});

test('automount-service-account-token: appends false to the pod spec, or flips true', () => {
  assert.equal(fixed(DEPLOYMENT, 'automount-service-account-token'), DEPLOYMENT + '      automountServiceAccountToken: false\n');
  const pod = yaml(
    'apiVersion: v1',
    'kind: Pod',
    'metadata: {name: p}',
    'spec:',
    '  automountServiceAccountToken: true',
    '  containers:',
    '  - {name: a, image: "a:1"}',
  );
  assert.equal(
    fixed(pod, 'automount-service-account-token'),
    pod.replace('automountServiceAccountToken: true', 'automountServiceAccountToken: false'),
  );
});

test('fixes keep CRLF line endings', () => {
  const crlf = DEPLOYMENT.replace(/\n/g, '\r\n');
  const out = fixed(crlf, 'read-only-root-filesystem', 1);
  assert.ok(out.includes('        securityContext:\r\n          readOnlyRootFilesystem: true\r\n'), JSON.stringify(out.slice(0, 600)));
  assert.ok(!/[^\r]\n/.test(out), 'no bare LF');
});
