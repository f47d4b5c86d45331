import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { parseAllDocuments } from 'yaml';
import { ANALYSIS_LIMIT, analyzeText, MAX_FINDINGS_PER_RULE } from '../../server/src/core/engine/analyze';
import { DEFAULT_OPTIONS } from '../../server/src/core/engine/options';
import { addDuplicateKeyErrors } from '../../server/src/core/yaml/duplicateKeys';
import { MAX_NESTING_DEPTH, nestingLimitAt } from '../../server/src/core/yaml/nesting';
import { PARSE_OPTIONS } from '../../server/src/core/yaml/parseFile';
import { yaml } from '../helpers';

/**
 * Bounded work on hostile input below the size limit: each case either is analysed or is
 * recorded as not analysed (ANALYSIS_LIMIT). The tests assert results; a generous test
 * timeout catches a regression to the old seconds-to-minutes behaviour.
 */
const PRIVILEGED_POD = yaml(
  'apiVersion: v1',
  'kind: Pod',
  'metadata: {name: p}',
  'spec:',
  '  containers:',
  '  - name: a',
  '    image: nginx:1.27',
  '    securityContext: {privileged: true}',
);
const privileged = (text: string) =>
  analyzeText(text, DEFAULT_OPTIONS)
    .findings.filter((f) => f.ruleId === 'pss-privileged')
    .map((f) => f.documentIndex);

test('a million levels of flow nesting are refused before parsing; the next document is still analysed', { timeout: 20_000 }, () => {
  const deep = yaml(
    'apiVersion: v1',
    'kind: Pod',
    'metadata: {name: deep}',
    'spec:',
    '  x: ' + '['.repeat(1_000_000) + ']'.repeat(1_000_000),
  );
  const r = analyzeText(deep + '---\n' + PRIVILEGED_POD, DEFAULT_OPTIONS);
  assert.deepEqual(r.ruleFailures, [
    {
      ruleId: ANALYSIS_LIMIT,
      documentIndex: 0,
      message: `document 1 was not analysed: nested more than ${MAX_NESTING_DEPTH} levels deep (line 5)`,
    },
  ]);
  assert.deepEqual(
    r.findings.filter((f) => f.documentIndex === 0),
    [],
    'no yaml-syntax finding either: the limit is reported as a failure',
  );
  assert.deepEqual(privileged(deep + '---\n' + PRIVILEGED_POD), [1]);
});

test(
  'deep block nesting (compact sequences, indentation) and a whole-file parse (directive) hit the same limit',
  { timeout: 20_000 },
  () => {
    const compact = yaml('apiVersion: v1', 'kind: Pod', 'spec:', '  x:', '  ' + '- '.repeat(500_000) + 'x');
    const indented = 'apiVersion: v1\nkind: Pod\n' + Array.from({ length: 4000 }, (_, i) => ' '.repeat(i) + 'a:').join('\n');
    const directive =
      '%YAML 1.2\n---\n' +
      PRIVILEGED_POD.replace(
        'metadata: {name: p}',
        'metadata: {name: p, annotations: {a: ' + '{'.repeat(300_000) + '}'.repeat(300_000) + '}}',
      );
    for (const [text, line] of [
      [compact, 5],
      [indented, 258],
      [directive, 5],
    ] as const) {
      const r = analyzeText(text, DEFAULT_OPTIONS);
      assert.deepEqual(r.ruleFailures, [
        {
          ruleId: ANALYSIS_LIMIT,
          documentIndex: 0,
          message: `document 1 was not analysed: nested more than ${MAX_NESTING_DEPTH} levels deep (line ${line})`,
        },
      ]);
      assert.deepEqual(r.findings, []);
    }
  },
);

test('nesting within the limit is analysed; brackets in block scalars, quotes and comments do not count', () => {
  const nested = (n: number) => '['.repeat(n) + ']'.repeat(n);
  const text = PRIVILEGED_POD.replace(
    'metadata: {name: p}',
    [
      'metadata:',
      '  name: p',
      '  annotations:',
      `    flow: "${nested(150)}"`,
      `    nested: ${nested(200)}`,
      '    script: |',
      `      ${'{a'.repeat(5000)}`,
      `      ${'['.repeat(5000)}`,
      `    quoted: '${'['.repeat(5000)}'`,
      `    # ${'{a'.repeat(5000)}`,
      `    plain: a${'['.repeat(5000)}`,
    ].join('\n'),
  );
  assert.equal(nestingLimitAt(text), undefined);
  const r = analyzeText(text, DEFAULT_OPTIONS);
  assert.deepEqual(r.ruleFailures, []);
  assert.deepEqual(
    r.findings.filter((f) => f.ruleId === 'pss-privileged').map((f) => text.slice(f.range.start, f.range.end)),
    ['privileged: true'],
  );
});

test('the pre-scan reports the offset where the limit is passed', () => {
  // The estimate counts the map, the `a:` value and each bracket: the 9th bracket passes 10.
  assert.equal(nestingLimitAt('a: ' + '['.repeat(300), 0, undefined, 10), 3 + 8);
  assert.equal(nestingLimitAt('a: [' + '"[[[[[[[[[[[[",'.repeat(5) + ']', 0, undefined, 3), undefined);
  assert.equal(nestingLimitAt('- - - - - x', 0, undefined, 3), 4); // the line, then one level per dash
  // An unclosed quote ends at the next document marker, as in the parser: the brackets after it count.
  assert.equal(nestingLimitAt('a: "open\n---\nb: [[[[', 0, undefined, 2), 16);
});

test('50,000 keys in one map are analysed (linear duplicate-key check)', { timeout: 20_000 }, () => {
  const labels = Array.from({ length: 50_000 }, (_, i) => `    k${i}: v`).join('\n');
  const text = PRIVILEGED_POD.replace('metadata: {name: p}', 'metadata:\n  name: p\n  labels:\n' + labels);
  const r = analyzeText(text, DEFAULT_OPTIONS);
  assert.equal(r.parsed.documents[0]!.error, undefined);
  assert.deepEqual(privileged(text), [0]);
});

test('duplicate keys give exactly the errors of the parser’s own (quadratic) check', () => {
  const samples = [
    'a: 1\nb: 2\na: 3\n',
    'a: 1\na: 2\na: 3\n',
    '{a: 1, b: {c: 1, c: 2}, a: 2}\n',
    '? [x]\n: 1\n? [x]\n: 2\n',
    '1: a\n"1": b\n1: c\n',
    '&k a: 1\n!!str a: 2\n',
    ': 1\n: 2\n',
    '.nan: 1\n.nan: 2\n',
    '<<: {a: 1}\n<<: {b: 2}\n',
    'a: [ {x: 1, x: 2} ]\nb:\n  - y: 1\n    y: 2\n',
    'a: 1\n  b: bad indentation\na: 2\n',
    'x: 1\nx: 2\n---\ny: 1\ny: 2\n',
  ];
  for (const text of samples) {
    const expected = parseAllDocuments(text, { ...PARSE_OPTIONS, uniqueKeys: true }).map((d) =>
      d.errors.map((e) => [e.code, e.message, e.pos]),
    );
    const docs = parseAllDocuments(text, PARSE_OPTIONS);
    for (const d of docs) addDuplicateKeyErrors(d);
    assert.deepEqual(
      docs.map((d) => d.errors.map((e) => [e.code, e.message, e.pos])),
      expected,
      JSON.stringify(text),
    );
  }
});

test(`one rule reports at most ${MAX_FINDINGS_PER_RULE} findings per document, and the cut is recorded`, () => {
  // 1,500 hard-coded passwords in one container's env: one rule, one document, 1,500 problems.
  const env = Array.from({ length: 1500 }, (_, i) => `    - {name: DB_PASSWORD_${i}, value: hunter2-not-real}`).join('\n');
  const text = yaml(
    'apiVersion: v1',
    'kind: Pod',
    'metadata: {name: many}',
    'spec:',
    '  containers:',
    '  - name: app',
    '    image: "nginx:1.27"',
    '    env:',
    env,
  );
  const r = analyzeText(text, { ...DEFAULT_OPTIONS, profile: 'baseline' });
  assert.equal(r.findings.filter((f) => f.ruleId === 'env-hardcoded-secret').length, MAX_FINDINGS_PER_RULE);
  assert.deepEqual(r.ruleFailures, [
    {
      ruleId: ANALYSIS_LIMIT,
      documentIndex: 0,
      message: `document 1: env-hardcoded-secret found 1500 problems; only the first ${MAX_FINDINGS_PER_RULE} are reported`,
    },
  ]);
});
