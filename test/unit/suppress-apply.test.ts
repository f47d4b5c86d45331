import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { analyzeText } from '../../server/src/core/engine/analyze';
import { DEFAULT_OPTIONS } from '../../server/src/core/engine/options';
import { getRule } from '../../server/src/core/rules/registry';
import { RULES } from '../../server/src/core/rules/registry';
import type { Rule } from '../../server/src/core/rules/types';
import { applySuppressions, UNUSED_SUPPRESSION, type SuppressOptions } from '../../server/src/core/suppress';
import { rangeOfText, rangeString, yaml } from '../helpers';

const privileged = getRule('pss-privileged') as Rule;
const RULESET = [privileged];

function suppress(text: string, options: SuppressOptions = {}) {
  const analysis = analyzeText(text, DEFAULT_OPTIONS, RULESET);
  const r = applySuppressions(analysis, { rules: RULESET, ...options });
  return {
    all: analysis.findings.length,
    kept: r.kept.map((f) => rangeString(text, f.range)),
    suppressed: r.suppressed.map((s) => ({ at: rangeString(text, s.finding.range), kind: s.by.kind, reason: s.by.reason })),
    unused: r.unused.map((u) => ({ ruleId: u.ruleId, severity: u.severity, range: rangeString(text, u.range), message: u.message })),
  };
}

function pod(...containerLines: string[]): string {
  return yaml('apiVersion: v1', 'kind: Pod', 'metadata:', '  name: p', 'spec:', '  containers:', ...containerLines);
}

test('the unused-suppression pseudo-rule is not in the registry', () => {
  assert.equal(
    RULES.some((r) => r.id === UNUSED_SUPPRESSION.id),
    false,
  );
});

test('a directive on the line above suppresses that rule there and records its reason', () => {
  const text = pod(
    '  - name: a',
    '    securityContext:',
    '      # kube-guardrails-disable-next-line pss-privileged -- needs /dev/fuse',
    '      privileged: true',
    '  - name: b',
    '    securityContext:',
    '      privileged: true',
  );
  const r = suppress(text);
  assert.equal(r.all, 2);
  assert.deepEqual(r.kept, [rangeOfText(text, 'privileged: true', 1)]);
  assert.deepEqual(r.suppressed, [{ at: rangeOfText(text, 'privileged: true', 0), kind: 'directive', reason: 'needs /dev/fuse' }]);
  assert.deepEqual(r.unused, []);
});

test('directive ids that suppress nothing are reported one by one, unknown ids included', () => {
  const text = pod(
    '  - name: a',
    '    # kube-guardrails-disable-next-line pss-privileged, no-such-rule',
    '    securityContext: {privileged: true}',
    '    # kube-guardrails-disable-next-line pss-privileged',
    '',
    '    image: nginx:1.27',
  );
  const r = suppress(text);
  assert.deepEqual(r.kept, []);
  assert.deepEqual(r.unused, [
    {
      ruleId: 'unused-suppression',
      severity: 'info',
      range: rangeOfText(text, 'no-such-rule'),
      message: 'Unused suppression: no "no-such-rule" finding on the next line ("no-such-rule" is not a known rule id).',
    },
    {
      ruleId: 'unused-suppression',
      severity: 'info',
      range: rangeOfText(text, 'pss-privileged', 1),
      message: 'Unused suppression: no "pss-privileged" finding on the next line.',
    },
  ]);
});

test('a directive naming no id is reported; space-separated ids are accepted', () => {
  const text = pod(
    '  - name: a',
    '    # kube-guardrails-disable-next-line',
    '    image: nginx:1.27',
    '    securityContext:',
    '      # kube-guardrails-disable-next-line  other-rule  pss-privileged --   reason here  ',
    '      privileged: true',
  );
  const r = suppress(text);
  assert.deepEqual(r.suppressed, [{ at: rangeOfText(text, 'privileged: true'), kind: 'directive', reason: 'reason here' }]);
  assert.deepEqual(
    r.unused.map((u) => [u.range, u.message]),
    [
      ['7:4-7:39', 'Unused suppression: the directive names no rule id.'],
      [
        rangeOfText(text, 'other-rule'),
        'Unused suppression: no "other-rule" finding on the next line ("other-rule" is not a known rule id).',
      ],
    ],
  );
});

test('directive lookalikes inside a block scalar are text, not comments', () => {
  const scalar = yaml(
    'apiVersion: v1',
    'kind: Pod',
    'metadata:',
    '  name: p',
    '  annotations:',
    '    note: |',
    '      # kube-guardrails-disable-next-line pss-privileged',
    '      privileged: true',
    'spec:',
    '  containers: [{name: a, image: nginx:1.27}]',
  );
  assert.deepEqual(suppress(scalar).unused, []);
  // The same line as a real comment is reported: the check above is not vacuous.
  const comment = scalar
    .replace('    note: |\n      # kube', '    note: x\n    # kube')
    .replace('      privileged: true', '    privileged: "true"');
  assert.deepEqual(
    suppress(comment).unused.map((u) => u.range),
    [rangeOfText(comment, 'pss-privileged')],
  );
});

test('our annotation on the object or the pod template suppresses every finding of the rule in the object', () => {
  const deployment = (objectAnn: string[], templateAnn: string[]) =>
    yaml(
      'apiVersion: apps/v1',
      'kind: Deployment',
      'metadata:',
      '  name: web',
      ...objectAnn,
      'spec:',
      '  template:',
      '    metadata:',
      ...templateAnn,
      '      labels: {app: web}',
      '    spec:',
      '      containers:',
      '      - name: a',
      '        securityContext: {privileged: true}',
      '      - name: b',
      '        securityContext: {privileged: true}',
    );
  const onObject = deployment(['  annotations:', '    ignore-check.kube-guardrails.io/pss-privileged: "node agent"'], []);
  const r1 = suppress(onObject);
  assert.deepEqual(r1.kept, []);
  assert.deepEqual(
    r1.suppressed.map((s) => [s.kind, s.reason]),
    [
      ['annotation', 'node agent'],
      ['annotation', 'node agent'],
    ],
  );
  assert.deepEqual(r1.unused, []);

  const onTemplate = deployment([], ['      annotations:', '        ignore-check.kube-guardrails.io/pss-privileged: "node agent"']);
  const r2 = suppress(onTemplate);
  assert.deepEqual(r2.kept, []);
  assert.equal(r2.suppressed.length, 2);

  const unused = deployment(
    ['  annotations:', '    ignore-check.kube-guardrails.io/pss-host-namespaces: "x"'],
    ['      annotations: {ignore-check.kube-guardrails.io/typo: y}'],
  );
  const r3 = suppress(unused);
  assert.equal(r3.kept.length, 2);
  assert.deepEqual(
    r3.unused.map((u) => [u.range, u.message]),
    [
      [
        rangeOfText(unused, 'ignore-check.kube-guardrails.io/pss-host-namespaces: "x"'),
        'Unused suppression: no "pss-host-namespaces" finding in Deployment "web" ("pss-host-namespaces" is not a known rule id).',
      ],
      [
        rangeOfText(unused, 'ignore-check.kube-guardrails.io/typo: y'),
        'Unused suppression: no "typo" finding in the pod template of Deployment "web" ("typo" is not a known rule id).',
      ],
    ],
  );
});

test('kube-linter and Polaris annotations map to our rules through equivalents, and are never reported unused', () => {
  const withAnn = (...ann: string[]) =>
    yaml(
      'apiVersion: v1',
      'kind: Pod',
      'metadata:',
      '  name: p',
      '  annotations:',
      ...ann.map((a) => `    ${a}`),
      'spec:',
      '  containers:',
      '  - name: a',
      '    securityContext: {privileged: true}',
    );
  const cases: Array<[string, string | undefined]> = [
    ['ignore-check.kube-linter.io/privileged-container: "reason"', 'kube-linter'],
    ['kube-linter.io/ignore-all: "legacy"', 'kube-linter'],
    ['polaris.fairwinds.com/runAsPrivileged-exempt: "true"', 'polaris'],
    ['polaris.fairwinds.com/exempt: "true"', 'polaris'],
    ['polaris.fairwinds.com/runAsPrivileged-exempt: "false"', undefined],
    ['ignore-check.kube-linter.io/run-as-non-root: "x"', undefined],
  ];
  for (const [ann, kind] of cases) {
    const r = suppress(withAnn(ann));
    assert.deepEqual(
      r.suppressed.map((s) => s.kind),
      kind ? [kind] : [],
      ann,
    );
    assert.equal(r.kept.length, kind ? 0 : 1, ann);
    assert.deepEqual(r.unused, [], ann);
  }
});

test('annotations act on their own document only', () => {
  const text = yaml(
    'apiVersion: v1',
    'kind: Pod',
    'metadata:',
    '  name: a',
    '  annotations: {ignore-check.kube-guardrails.io/pss-privileged: ok}',
    'spec:',
    '  containers: [{name: x, securityContext: {privileged: true}}]',
    '---',
    'apiVersion: v1',
    'kind: Pod',
    'metadata: {name: b}',
    'spec:',
    '  containers: [{name: x, securityContext: {privileged: true}}]',
  );
  const r = suppress(text);
  assert.deepEqual(r.kept, [rangeOfText(text, 'privileged: true', 1)]);
  assert.equal(r.suppressed.length, 1);
});

test('strict mode ignores every inline suppression and reports none unused; reportUnused can be turned off', () => {
  const text = pod(
    '  - name: a',
    '    securityContext:',
    '      # kube-guardrails-disable-next-line pss-privileged, other',
    '      privileged: true',
  );
  const strict = suppress(text, { disableInlineSuppressions: true });
  assert.deepEqual(strict.kept, [rangeOfText(text, 'privileged: true')]);
  assert.deepEqual(strict.suppressed, []);
  assert.deepEqual(strict.unused, []);
  const quiet = suppress(text, { reportUnused: false });
  assert.equal(quiet.suppressed.length, 1);
  assert.deepEqual(quiet.unused, []);
});
