import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { analyzeText } from '../../server/src/core/engine/analyze';
import { DocumentCache } from '../../server/src/core/engine/documentCache';
import { DEFAULT_OPTIONS } from '../../server/src/core/engine/options';
import { applyEdits, computeFix, verifyFix } from '../../server/src/core/fix';
import { getRule } from '../../server/src/core/rules/registry';
import { defineRule, type Rule } from '../../server/src/core/rules/types';
import { getMap, getScalar } from '../../server/src/core/yaml/nodes';
import { rangeString, yaml } from '../helpers';

function rule(id: string): Rule {
  const r = getRule(id);
  assert.ok(r, `rule ${id} must be registered`);
  return r;
}

const PRIVILEGED = [rule('pss-privileged')];
const reanalyze = (t: string) => analyzeText(t, DEFAULT_OPTIONS, PRIVILEGED);

const TEXT = yaml(
  'apiVersion: v1',
  'kind: ConfigMap',
  'metadata: {name: c}',
  '---',
  'apiVersion: v1',
  'kind: Pod',
  'metadata:',
  '  name: p',
  'spec:',
  '  containers:',
  '  - name: a',
  '    image: nginx:1.27',
  '    securityContext:',
  '      privileged: true   # x',
  '  - name: b',
  '    image: nginx:1.27',
  '    securityContext: {privileged: true}',
);

test('applyEdits applies in offset order, insertions at one offset in array order, and rejects overlap', () => {
  assert.equal(
    applyEdits('abcdef', [
      { start: 4, end: 6, newText: 'X' },
      { start: 1, end: 1, newText: '1' },
      { start: 1, end: 1, newText: '2' },
      { start: 1, end: 2, newText: '' },
    ]),
    'a12cdX',
  );
  assert.throws(
    () =>
      applyEdits('abcdef', [
        { start: 1, end: 3, newText: '' },
        { start: 2, end: 4, newText: '' },
      ]),
    RangeError,
  );
  assert.throws(() => applyEdits('abc', [{ start: 2, end: 9, newText: '' }]), RangeError);
});

test('computeFix renders and verifies the pss-privileged fix for block and flow style', () => {
  const analysis = reanalyze(TEXT);
  assert.deepEqual(
    analysis.findings.map((f) => f.ruleId),
    ['pss-privileged', 'pss-privileged'],
  );
  const [a, b] = analysis.findings;
  const ea = computeFix(analysis, a!, reanalyze);
  const eb = computeFix(analysis, b!, reanalyze);
  assert.ok(ea && eb);
  assert.equal(applyEdits(TEXT, ea), TEXT.replace('privileged: true   # x', 'privileged: false   # x'));
  assert.equal(applyEdits(TEXT, eb), TEXT.replace('{privileged: true}', '{privileged: false}'));
});

test('verifyFix gives the same verdicts with and without the original analysis (document-scoped or whole-file)', () => {
  const analysis = reanalyze(TEXT);
  const [a, b] = analysis.findings;
  const good = computeFix(analysis, a!, reanalyze)!;
  for (const before of [analysis, undefined]) {
    assert.equal(verifyFix(TEXT, a!, good, reanalyze, before), true);
    // The edit fixes container a, not b: b's finding is still there.
    assert.equal(verifyFix(TEXT, b!, good, reanalyze, before), false);
    // An edit that changes something else does not remove the finding.
    const other = TEXT.indexOf('nginx:1.27');
    assert.equal(verifyFix(TEXT, a!, [{ start: other, end: other + 10, newText: 'nginx:1.28' }], reanalyze, before), false);
    // An edit that breaks the YAML is rejected even though the finding disappears.
    const at = TEXT.indexOf('privileged: true');
    assert.equal(verifyFix(TEXT, a!, [{ start: at, end: at + 16, newText: 'privileged: [false' }], reanalyze, before), false);
    // An edit that fixes a but makes another container privileged introduces a new finding.
    const side = TEXT.length;
    assert.equal(
      verifyFix(
        TEXT,
        a!,
        [...good, { start: side, end: side, newText: '  - name: c\n    securityContext: {privileged: true}\n' }],
        reanalyze,
        before,
      ),
      false,
    );
    assert.equal(verifyFix(TEXT, a!, [], reanalyze, before), false);
  }
});

test('an edit that spans two documents is verified on the whole file', () => {
  const analysis = reanalyze(TEXT);
  const [a] = analysis.findings;
  const good = computeFix(analysis, a!, reanalyze)!;
  const split = TEXT.indexOf('apiVersion: v1\nkind: Pod');
  // Turning the separator into a comment merges the documents: the document count changes.
  const merged = [...good, { start: split - 4, end: split - 1, newText: '#--' }];
  assert.equal(verifyFix(TEXT, a!, merged, reanalyze, analysis), false);
});

test('computeFix offers nothing on a document with an alias in the way', () => {
  const text = yaml(
    'apiVersion: v1',
    'kind: Pod',
    'metadata: {name: p}',
    'spec:',
    '  containers:',
    '  - name: a',
    '    securityContext: &sc',
    '      privileged: true',
    '  - name: b',
    '    securityContext: *sc',
  );
  const analysis = reanalyze(text);
  // Both containers are privileged through the one anchored map, so both findings point at it.
  assert.deepEqual(
    analysis.findings.map((f) => `${f.ruleId}@${rangeString(text, f.range)} ${f.message}`),
    ['pss-privileged@7:6-7:22 Container "a" of Pod "p" is privileged.', 'pss-privileged@7:6-7:22 Container "b" of Pod "p" is privileged.'],
  );
  for (const f of analysis.findings) assert.equal(computeFix(analysis, f, reanalyze), undefined);
});

test('verifyFix rejects edits that silence the rule without putting the value where the fix said', () => {
  // Fires unless the container or the pod sets runAsNonRoot; proposes the container.
  const either = defineRule({
    id: 't-either',
    title: 't',
    severity: 'warning',
    category: 'custom',
    description: 't',
    remediation: 'T.',
    appliesTo: 'workloads',
    check(ctx) {
      if (getScalar(getMap(ctx.pod?.spec, 'securityContext'), 'runAsNonRoot') === true) return;
      for (const c of ctx.pod?.containers ?? []) {
        if (getScalar(getMap(c.node, 'securityContext'), 'runAsNonRoot') === true) continue;
        ctx.report({
          range: c.namePair!.key.range ? { start: c.namePair!.key.range[0], end: c.namePair!.key.range[1] } : { start: 0, end: 1 },
          message: 'm',
          fix: { title: 't', ops: [{ op: 'set', map: c.node, path: ['securityContext', 'runAsNonRoot'], value: true }] },
        });
      }
    },
  });
  const re = (t: string) => analyzeText(t, DEFAULT_OPTIONS, [either]);
  const text = yaml('apiVersion: v1', 'kind: Pod', 'metadata: {name: p}', 'spec:', '  containers:', '  - name: a', '    image: x:1');
  const analysis = re(text);
  const [f] = analysis.findings;
  const right = computeFix(analysis, f!, re);
  assert.ok(right);
  assert.equal(applyEdits(text, right), text + '    securityContext:\n      runAsNonRoot: true\n');
  const wrong = [{ start: text.length, end: text.length, newText: '  securityContext:\n    runAsNonRoot: true\n' }];
  assert.equal(verifyFix(text, f!, wrong, re), true, 'without the original analysis only re-analysis judges');
  assert.equal(verifyFix(text, f!, wrong, re, analysis), false);
});

test('fixes computed from a cached, relocated analysis equal those from a fresh one', () => {
  const cache = new DocumentCache();
  const first = TEXT;
  analyzeText(first, DEFAULT_OPTIONS, PRIVILEGED, cache);
  assert.equal(cache.size, 2);
  // An edit in the first document shifts the second one, which the cache reuses.
  const second = first.replace('metadata: {name: c}', 'metadata: {name: config-with-a-longer-name}');
  const cached = analyzeText(second, DEFAULT_OPTIONS, PRIVILEGED, cache);
  const fresh = reanalyze(second);
  assert.equal(cached.findings.length, 2);
  cached.findings.forEach((f, i) => {
    const a = computeFix(cached, f, reanalyze);
    assert.ok(a);
    assert.deepEqual(a, computeFix(fresh, fresh.findings[i]!, reanalyze));
  });
});
