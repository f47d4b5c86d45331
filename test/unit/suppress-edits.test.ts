import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { analyzeText } from '../../server/src/core/engine/analyze';
import { DEFAULT_OPTIONS } from '../../server/src/core/engine/options';
import { applyEdits } from '../../server/src/core/fix';
import { getRule } from '../../server/src/core/rules/registry';
import type { Rule } from '../../server/src/core/rules/types';
import { applySuppressions, ignoreFindingObjectEdit, ignoreLineEdit, ignoreObjectEdit } from '../../server/src/core/suppress';
import { crlf } from '../fixtures/fix/ops';
import { yaml } from '../helpers';

const RULESET = [getRule('pss-privileged') as Rule];
const analyze = (t: string) => analyzeText(t, DEFAULT_OPTIONS, RULESET);

/** Applies the line edit for the first finding and checks the result suppresses it. */
function lineFix(text: string, index = 0): string | undefined {
  const analysis = analyze(text);
  const edit = ignoreLineEdit(text, analysis.findings[index]!, analysis);
  if (!edit) return undefined;
  const out = applyEdits(text, [edit]);
  const before = applySuppressions(analysis, { rules: RULESET });
  const after = applySuppressions(analyze(out), { rules: RULESET });
  assert.equal(after.suppressed.length, before.suppressed.length + 1);
  assert.deepEqual(
    after.unused.map((u) => u.message),
    before.unused.map((u) => u.message),
  );
  return out;
}

function objectFix(text: string, ruleId = 'pss-privileged'): string | undefined {
  const analysis = analyze(text);
  const edits = ignoreFindingObjectEdit(analysis, analysis.findings[0]!);
  if (!edits) return undefined;
  assert.equal(ruleId, analysis.findings[0]!.ruleId);
  const out = applyEdits(text, edits);
  const after = applySuppressions(analyze(out), { rules: RULESET });
  assert.deepEqual(after.kept, []);
  return out;
}

const POD = yaml(
  'apiVersion: v1',
  'kind: Pod',
  'metadata:',
  '  name: p',
  'spec:',
  '  containers:',
  '  - name: a',
  '    securityContext:',
  '      privileged: true   # devices',
);

test('ignoreLineEdit inserts a directive above the finding, indented like its line', () => {
  assert.equal(
    lineFix(POD),
    POD.replace('      privileged: true', '      # kube-guardrails-disable-next-line pss-privileged\n      privileged: true'),
  );
});

test('ignoreLineEdit appends to an existing directive, before its reason, and not twice', () => {
  const text = POD.replace(
    '      privileged: true',
    '      # kube-guardrails-disable-next-line other-rule -- legacy\n      privileged: true',
  );
  const out = lineFix(text.replace('other-rule', 'pss-host-ports'));
  assert.equal(
    out,
    POD.replace(
      '      privileged: true',
      '      # kube-guardrails-disable-next-line pss-host-ports, pss-privileged -- legacy\n      privileged: true',
    ),
  );
  const analysis = analyze(out!);
  assert.equal(ignoreLineEdit(out!, analysis.findings[0]!, analysis), undefined);
});

test('ignoreLineEdit keeps CRLF and works on flow-style findings', () => {
  const text = crlf(
    'apiVersion: v1',
    'kind: Pod',
    'metadata: {name: p}',
    'spec:',
    '  containers:',
    '  - name: a',
    '    securityContext: {privileged: true}',
  );
  assert.equal(
    lineFix(text),
    crlf(
      'apiVersion: v1',
      'kind: Pod',
      'metadata: {name: p}',
      'spec:',
      '  containers:',
      '  - name: a',
      '    # kube-guardrails-disable-next-line pss-privileged',
      '    securityContext: {privileged: true}',
    ),
  );
});

test('ignoreObjectEdit adds to existing annotations', () => {
  const text = POD.replace('  name: p\n', '  name: p\n  annotations:\n    team: infra   # owner\n');
  assert.equal(
    objectFix(text),
    POD.replace(
      '  name: p\n',
      '  name: p\n  annotations:\n    team: infra   # owner\n    ignore-check.kube-guardrails.io/pss-privileged: "TODO: why this is acceptable"\n',
    ),
  );
});

test('ignoreObjectEdit creates annotations under metadata, in 4-space style', () => {
  const text = yaml(
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata:',
    '    name: web',
    'spec:',
    '    template:',
    '        spec:',
    '            containers:',
    '                -   name: a',
    '                    securityContext: {privileged: true}',
  );
  assert.equal(
    objectFix(text),
    text.replace(
      '    name: web\n',
      '    name: web\n    annotations:\n        ignore-check.kube-guardrails.io/pss-privileged: "TODO: why this is acceptable"\n',
    ),
  );
});

test('ignoreObjectEdit handles flow metadata, missing metadata and CRLF', () => {
  const flow = yaml(
    'apiVersion: v1',
    'kind: Pod',
    'metadata: {name: p}',
    'spec:',
    '  containers: [{name: a, securityContext: {privileged: true}}]',
  );
  assert.equal(
    objectFix(flow),
    flow.replace('{name: p}', '{name: p, annotations: {ignore-check.kube-guardrails.io/pss-privileged: "TODO: why this is acceptable"}}'),
  );
  const none = crlf('apiVersion: v1', 'kind: Pod', 'spec:', '  containers: [{name: a, securityContext: {privileged: true}}]');
  assert.equal(
    objectFix(none),
    crlf(
      'apiVersion: v1',
      'kind: Pod',
      'metadata:',
      '  annotations:',
      '    ignore-check.kube-guardrails.io/pss-privileged: "TODO: why this is acceptable"',
      'spec:',
      '  containers: [{name: a, securityContext: {privileged: true}}]',
    ),
  );
});

test('ignoreObjectEdit fills an empty metadata key', () => {
  const text = yaml('apiVersion: v1', 'kind: Pod', 'metadata:', 'spec:', '  containers: [{name: a, securityContext: {privileged: true}}]');
  const a = analyze(text);
  const edits = ignoreObjectEdit(text, a.objects[0]!, 'pss-privileged');
  assert.ok(edits);
  assert.equal(
    applyEdits(text, edits),
    yaml(
      'apiVersion: v1',
      'kind: Pod',
      'metadata:',
      '  annotations:',
      '    ignore-check.kube-guardrails.io/pss-privileged: "TODO: why this is acceptable"',
      'spec:',
      '  containers: [{name: a, securityContext: {privileged: true}}]',
    ),
  );
});

test('ignoreObjectEdit refuses when the annotation is already there or an anchor is in the way', () => {
  const present = POD.replace('  name: p\n', '  name: p\n  annotations: {ignore-check.kube-guardrails.io/pss-privileged: x}\n');
  const a = analyze(present);
  assert.equal(ignoreObjectEdit(present, a.objects[0]!, 'pss-privileged'), undefined);
  const anchored = POD.replace('metadata:\n', 'metadata: &m\n');
  const b = analyze(anchored);
  assert.equal(b.findings.length, 1);
  assert.equal(ignoreObjectEdit(anchored, b.objects[0]!, 'pss-privileged'), undefined);
});

test('ignoreObjectEdit takes a reason', () => {
  const a = analyze(POD);
  const edits = ignoreObjectEdit(POD, a.objects[0]!, 'pss-privileged', 'needs "raw" devices');
  assert.ok(edits);
  assert.equal(
    applyEdits(POD, edits),
    POD.replace(
      '  name: p\n',
      '  name: p\n  annotations:\n    ignore-check.kube-guardrails.io/pss-privileged: "needs \\"raw\\" devices"\n',
    ),
  );
});
