import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { ANALYSIS_ABANDONED, analyzeText } from '../../server/src/core/engine/analyze';
import { DEFAULT_OPTIONS } from '../../server/src/core/engine/options';
import { getRule } from '../../server/src/core/rules/registry';
import { defineRule, type Rule } from '../../server/src/core/rules/types';
import { yaml } from '../helpers';

const POD = yaml(
  'apiVersion: v1',
  'kind: Pod',
  'metadata: {name: p}',
  'spec:',
  '  containers:',
  '  - name: a',
  '    image: nginx:1.27',
  '    securityContext: {privileged: true}',
);
const privileged = getRule('pss-privileged')!;

function testRule(id: string, check: Rule['check']): Rule {
  return defineRule({
    id,
    title: id,
    severity: 'warning',
    category: 'custom',
    description: 'test rule',
    remediation: 'None.',
    appliesTo: ['Pod'],
    check,
  });
}

test('a rule that throws loses its own findings for that object only; the failure is recorded once', () => {
  const broken = testRule('always-throws', (ctx) => {
    ctx.report({ range: { start: 0, end: 1 }, message: 'reported before the throw' });
    throw new Error('boom');
  });
  const r = analyzeText(POD + '---\n' + POD, DEFAULT_OPTIONS, [broken, privileged]);
  assert.deepEqual(
    r.findings.map((f) => f.ruleId),
    ['pss-privileged', 'pss-privileged'],
  );
  assert.deepEqual(r.ruleFailures, [
    { ruleId: 'always-throws', documentIndex: 0, message: 'boom' },
    { ruleId: 'always-throws', documentIndex: 1, message: 'boom' },
  ]);
});

test('a document whose rules run past the time budget is abandoned with a recorded message', () => {
  const slow = testRule('slow', () => {
    const until = Date.now() + 30;
    while (Date.now() < until) {
      // busy: stands in for a pathological rule run
    }
  });
  const r = analyzeText(POD, { ...DEFAULT_OPTIONS, documentBudgetMs: 5 }, [slow, privileged]);
  assert.deepEqual(r.findings, [], 'the rule after the budget ran out was not run');
  assert.equal(r.ruleFailures.length, 1);
  assert.equal(r.ruleFailures[0]!.ruleId, ANALYSIS_ABANDONED);
  assert.match(r.ruleFailures[0]!.message, /^analysis of document 1 abandoned after \d+ ms; rules not run: pss-privileged$/);
  assert.deepEqual(
    analyzeText(POD, DEFAULT_OPTIONS, [slow, privileged]).findings.map((f) => f.ruleId),
    ['pss-privileged'],
    'within the default budget both run',
  );
});
