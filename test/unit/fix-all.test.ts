import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { analyzeText } from '../../server/src/core/engine/analyze';
import { DEFAULT_OPTIONS } from '../../server/src/core/engine/options';
import { applyEdits, fixAll } from '../../server/src/core/fix';
import { getRule } from '../../server/src/core/rules/registry';
import type { Rule } from '../../server/src/core/rules/types';
import { wantsField } from '../fixtures/fix/rules';
import { yaml } from '../helpers';

const DEPLOYMENT = yaml(
  'apiVersion: apps/v1',
  'kind: Deployment',
  'metadata:',
  '  name: web',
  'spec:',
  '  template:',
  '    spec:',
  '      containers:',
  '      - name: app     # main',
  '        image: nginx:1.27',
  '      - name: side',
  '        image: busybox:1.36',
  '        securityContext:',
  '          runAsUser: 1000',
);

function run(rules: Rule[], text: string) {
  const reanalyze = (t: string) => analyzeText(t, DEFAULT_OPTIONS, rules);
  const analysis = reanalyze(text);
  return { analysis, result: fixAll(analysis, reanalyze), reanalyze };
}

test('fix-all merges set ops into the same missing map into one inserted block', () => {
  const rules = [
    wantsField('t-a', 'allowPrivilegeEscalation', false),
    wantsField('t-b', 'runAsNonRoot', true),
    wantsField('t-c', 'readOnlyRootFilesystem', true),
  ];
  const { analysis, result, reanalyze } = run(rules, DEPLOYMENT);
  assert.equal(analysis.findings.length, 6);
  assert.equal(result.fixed.length, 6);
  assert.deepEqual(result.skipped, []);
  const expected = yaml(
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata:',
    '  name: web',
    'spec:',
    '  template:',
    '    spec:',
    '      containers:',
    '      - name: app     # main',
    '        image: nginx:1.27',
    '        securityContext:',
    '          allowPrivilegeEscalation: false',
    '          runAsNonRoot: true',
    '          readOnlyRootFilesystem: true',
    '      - name: side',
    '        image: busybox:1.36',
    '        securityContext:',
    '          runAsUser: 1000',
    '          allowPrivilegeEscalation: false',
    '          runAsNonRoot: true',
    '          readOnlyRootFilesystem: true',
  );
  assert.equal(result.text, expected);
  assert.equal(applyEdits(DEPLOYMENT, result.edits), expected);
  // Edits do not overlap, and there is exactly one per insertion point.
  assert.equal(result.edits.length, 2);
  assert.deepEqual(reanalyze(result.text).findings, []);
});

test('fix-all drops a fix that conflicts with one already taken and keeps the rest', () => {
  const rules = [wantsField('t-a', 'runAsUser', 1000), wantsField('t-z', 'runAsUser', 2000)];
  const text = yaml('apiVersion: v1', 'kind: Pod', 'metadata: {name: p}', 'spec:', '  containers:', '  - name: a', '    image: x:1');
  const { result } = run(rules, text);
  assert.deepEqual(
    result.fixed.map((f) => f.ruleId),
    ['t-a'],
  );
  assert.deepEqual(
    result.skipped.map((f) => f.ruleId),
    ['t-z'],
  );
  assert.equal(
    result.text,
    yaml(
      'apiVersion: v1',
      'kind: Pod',
      'metadata: {name: p}',
      'spec:',
      '  containers:',
      '  - name: a',
      '    image: x:1',
      '    securityContext:',
      '      runAsUser: 1000',
    ),
  );
});

test('fix-all drops a fix that does not remove its finding, re-verifies the rest', () => {
  // t-bad wants runAsGroup: 1 but its fix sets 2: the finding survives, so it is dropped.
  const rules = [wantsField('t-bad', 'runAsGroup', 1, 2), wantsField('t-ok', 'runAsNonRoot', true)];
  const text = yaml(
    'apiVersion: v1',
    'kind: Pod',
    'metadata: {name: p}',
    'spec:',
    '  containers:',
    '  - name: a',
    '    securityContext: {runAsUser: 5}',
  );
  const { result, reanalyze } = run(rules, text);
  assert.deepEqual(
    result.fixed.map((f) => f.ruleId),
    ['t-ok'],
  );
  assert.deepEqual(
    result.skipped.map((f) => f.ruleId),
    ['t-bad'],
  );
  assert.equal(result.text, text.replace('{runAsUser: 5}', '{runAsUser: 5, runAsNonRoot: true}'));
  assert.deepEqual(
    reanalyze(result.text).findings.map((f) => f.ruleId),
    ['t-bad'],
  );
});

test('fix-all with a filter fixes only the chosen findings', () => {
  const rules = [wantsField('t-a', 'allowPrivilegeEscalation', false), wantsField('t-b', 'runAsNonRoot', true)];
  const reanalyze = (t: string) => analyzeText(t, DEFAULT_OPTIONS, rules);
  const analysis = reanalyze(DEPLOYMENT);
  const result = fixAll(analysis, reanalyze, { filter: (f) => f.ruleId === 't-b' });
  assert.deepEqual(
    result.fixed.map((f) => f.ruleId),
    ['t-b', 't-b'],
  );
  assert.deepEqual(
    reanalyze(result.text).findings.map((f) => f.ruleId),
    ['t-a', 't-a'],
  );
});

test('fix-all with real rules: every fixed finding is gone and the text parses', () => {
  const ids = ['pss-privileged', 'pss-allow-privilege-escalation', 'pss-run-as-non-root', 'pss-capabilities-restricted'];
  const rules = ids.map((id) => {
    const r = getRule(id);
    assert.ok(r, `rule ${id} must be registered`);
    return r;
  });
  const text = DEPLOYMENT.replace('          runAsUser: 1000', '          runAsUser: 1000\n          privileged: true');
  const { analysis, result, reanalyze } = run(rules, text);
  assert.ok(analysis.findings.length >= 5);
  assert.equal(result.fixed.length, analysis.findings.filter((f) => f.fix).length);
  const after = reanalyze(result.text);
  assert.equal(
    after.parsed.documents.every((d) => !d.error),
    true,
  );
  assert.deepEqual(
    after.findings.filter((f) => f.fix),
    [],
  );
  // Untouched lines stay byte for byte: the comment and the original keys.
  assert.ok(result.text.includes('      - name: app     # main\n        image: nginx:1.27\n'));
  assert.ok(result.text.includes('          runAsUser: 1000\n          privileged: false\n'));
});
