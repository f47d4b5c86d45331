import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { analyzeText } from '../../server/src/core/engine/analyze';
import { DEFAULT_OPTIONS } from '../../server/src/core/engine/options';
import { checkPattern, compileCustomRules, CUSTOM_RULES_CONFIG_SCHEMA } from '../../server/src/core/custom';
import { re2RegExpEngine } from '../../server/src/core/custom/patterns';
import { RULES } from '../../server/src/core/rules/registry';
import { rangeOfText, rangeString, yaml } from '../helpers';

const TEAM_LABEL = {
  id: 'require-team-label',
  title: 'Workloads carry a team label',
  severity: 'error',
  kinds: ['Deployment', 'StatefulSet'],
  schema: {
    $schema: 'http://json-schema.org/draft-07/schema#',
    type: 'object',
    required: ['metadata'],
    properties: { metadata: { type: 'object', required: ['labels'], properties: { labels: { type: 'object', required: ['team'] } } } },
  },
  message: 'Set metadata.labels.team so alerts reach the owners',
  docs: 'https://wiki.example.com/labels',
};

const NO_LATEST = {
  id: 'no-mutable-registry',
  title: 'Images come from the internal registry',
  kinds: ['Deployment', 'Pod'],
  target: 'container',
  schema: { type: 'object', required: ['image'], properties: { image: { type: 'string', pattern: '(?i)^REGISTRY\\.example\\.com/' } } },
  message: 'Pull images from registry.example.com',
};

const DEPLOYMENT = yaml(
  'apiVersion: apps/v1',
  'kind: Deployment',
  'metadata:',
  '  name: web',
  '  labels:',
  '    app: web',
  'spec:',
  '  template:',
  '    spec:',
  '      containers:',
  '      - name: app',
  '        image: docker.io/library/nginx:1.27.2',
  '      - name: ok',
  '        image: Registry.Example.com/proxy:1.0.0',
  '      - name: no-image',
);

function run(text: string, raw: unknown) {
  const { rules, problems } = compileCustomRules(raw);
  assert.deepEqual(problems, []);
  const ids = new Set(rules.map((r) => r.id));
  return analyzeText(text, DEFAULT_OPTIONS, [...RULES, ...rules]).findings.filter((f) => ids.has(f.ruleId));
}

test('object rules: one finding on the deepest existing node, with the rule severity and message', () => {
  const found = run(DEPLOYMENT, [TEAM_LABEL]);
  assert.deepEqual(
    found.map((f) => [f.ruleId, f.severity, rangeString(DEPLOYMENT, f.range), f.message]),
    [
      [
        'require-team-label',
        'error',
        rangeOfText(DEPLOYMENT, 'labels'),
        'Deployment "web": Set metadata.labels.team so alerts reach the owners.',
      ],
    ],
  );
  const labelled = DEPLOYMENT.replace('    app: web\n', '    app: web\n    team: shop\n');
  assert.deepEqual(run(labelled, [TEAM_LABEL]), []);
});

test('object rules only inspect their kinds', () => {
  const sts = DEPLOYMENT.replace('kind: Deployment', 'kind: DaemonSet');
  assert.deepEqual(run(sts, [TEAM_LABEL]), []);
});

test('container rules: every container, placed on the failing value or the container name; Go (?i) honoured', () => {
  const found = run(DEPLOYMENT, [NO_LATEST]);
  assert.deepEqual(
    found.map((f) => [rangeString(DEPLOYMENT, f.range), f.message]),
    [
      [
        rangeOfText(DEPLOYMENT, 'image: docker.io/library/nginx:1.27.2'),
        'Container "app" of Deployment "web": Pull images from registry.example.com.',
      ],
      [rangeOfText(DEPLOYMENT, 'name: no-image'), 'Container "no-image" of Deployment "web": Pull images from registry.example.com.'],
    ],
  );
});

test('additionalProperties errors point at the extra key', () => {
  const raw = [
    {
      id: 'only-known-labels',
      title: 't',
      kinds: ['Deployment'],
      message: 'm',
      schema: { properties: { metadata: { properties: { labels: { additionalProperties: false, properties: { team: {} } } } } } },
    },
  ];
  const found = run(DEPLOYMENT, raw);
  assert.deepEqual(
    found.map((f) => rangeString(DEPLOYMENT, f.range)),
    [rangeOfText(DEPLOYMENT, 'app: web')],
  );
});

test('custom rules can be switched off or re-levelled like built-in ones', () => {
  const { rules } = compileCustomRules([TEAM_LABEL]);
  const off = analyzeText(DEPLOYMENT, { ...DEFAULT_OPTIONS, rules: { 'require-team-label': 'off' } }, [...RULES, ...rules]);
  assert.equal(off.findings.filter((f) => f.ruleId === 'require-team-label').length, 0);
  const info = analyzeText(DEPLOYMENT, { ...DEFAULT_OPTIONS, rules: { 'require-team-label': 'info' } }, [...RULES, ...rules]);
  assert.deepEqual(
    info.findings.filter((f) => f.ruleId === 'require-team-label').map((f) => f.severity),
    ['info'],
  );
});

test('compiled rules carry their metadata', () => {
  const { rules } = compileCustomRules([TEAM_LABEL, NO_LATEST]);
  assert.deepEqual(
    rules.map((r) => [r.id, r.title, r.severity, r.category, r.appliesTo, r.docs, r.custom]),
    [
      [
        'require-team-label',
        'Workloads carry a team label',
        'error',
        'custom',
        ['Deployment', 'StatefulSet'],
        'https://wiki.example.com/labels',
        true,
      ],
      ['no-mutable-registry', 'Images come from the internal registry', 'warning', 'custom', ['Deployment', 'Pod'], undefined, true],
    ],
  );
});

test('malformed entries are reported with their path and left out; good ones still compile', () => {
  const { rules, problems } = compileCustomRules([
    'not a map',
    { id: 'Bad_Id', title: '', kinds: [], schema: [], message: 'm', extra: 1 },
    { id: 'pss-privileged', title: 't', kinds: ['Pod'], schema: {}, message: 'm' },
    TEAM_LABEL,
    { ...TEAM_LABEL, title: 'again' },
    { id: 'svc-containers', title: 't', kinds: ['Service'], target: 'container', schema: {}, message: 'm' },
    { id: 'bad-severity', title: 't', kinds: ['Pod'], schema: {}, message: 'm', severity: 'critical', target: 'pod' },
  ]);
  assert.deepEqual(
    rules.map((r) => r.id),
    ['require-team-label'],
  );
  assert.deepEqual(problems, [
    { path: [0], message: 'each custom rule must be a map with id, title, kinds, schema and message.' },
    { path: [1, 'extra'], message: 'unknown key "extra" (expected one of id, title, severity, kinds, target, schema, message, docs).' },
    { path: [1, 'id'], message: 'id must be a kebab-case string, e.g. "require-team-label".' },
    { path: [1, 'title'], message: 'title must be a non-empty string.' },
    { path: [1, 'kinds'], message: 'kinds must be a non-empty list of Kubernetes kinds, e.g. [Deployment, StatefulSet].' },
    { path: [1, 'schema'], message: 'schema must be a JSON Schema (draft-07) map describing a compliant object.' },
    { path: [2, 'id'], message: 'id "pss-privileged" is a built-in rule; choose another id.' },
    { path: [4, 'id'], message: 'id "require-team-label" is used by an earlier custom rule.' },
    { path: [5, 'kinds', 0], message: 'target "container" needs kinds with a pod spec; "Service" has none.' },
    { path: [6, 'severity'], message: 'severity must be error, warning or info.' },
    { path: [6, 'target'], message: 'target must be "object" or "container".' },
  ]);
});

test('the section itself must be a list; absent is fine', () => {
  assert.deepEqual(compileCustomRules(undefined), { rules: [], problems: [] });
  assert.deepEqual(compileCustomRules({ id: 'x' }).problems, [{ path: [], message: 'customRules must be a list of rules.' }]);
});

test('schemas are data only: remote refs, $id, formats, other drafts and unknown keywords are refused', () => {
  const base = { title: 't', kinds: ['Pod'], message: 'm' };
  const { rules, problems } = compileCustomRules([
    { ...base, id: 'remote', schema: { $ref: 'https://example.com/schema.json' } },
    { ...base, id: 'relative', schema: { properties: { a: { $ref: 'other.json#/x' } } } },
    { ...base, id: 'with-id', schema: { $id: 'https://example.com/s', type: 'object' } },
    { ...base, id: 'format', schema: { properties: { a: { type: 'string', format: 'email' } } } },
    { ...base, id: 'draft4', schema: { $schema: 'http://json-schema.org/draft-04/schema#' } },
    { ...base, id: 'typo', schema: { type: 'object', requird: ['a'] } },
    { ...base, id: 'local-ref', schema: { definitions: { s: { type: 'string' } }, properties: { kind: { $ref: '#/definitions/s' } } } },
    { ...base, id: 'const-data', schema: { not: { const: { pattern: '(a+)+$', $ref: 'http://x' } } } },
  ]);
  assert.deepEqual(
    rules.map((r) => r.id),
    ['local-ref', 'const-data'],
  );
  assert.deepEqual(
    problems.map((p) => [p.path.join('.'), p.message]),
    [
      ['0.schema.$ref', 'only local references ("#/definitions/...") are allowed; nothing is fetched'],
      ['1.schema.properties.a.$ref', 'only local references ("#/definitions/...") are allowed; nothing is fetched'],
      ['2.schema.$id', '"$id" is not allowed: schemas are self-contained'],
      ['3.schema.properties.a.format', '"format" is not supported; use "pattern" instead'],
      ['4.schema.$schema', 'only draft-07 schemas are supported ($schema: http://json-schema.org/draft-07/schema#, at the top)'],
      ['5.schema', 'the schema does not compile: strict mode: unknown keyword: "requird"'],
    ],
  );
});

test('schemas nested too deep are refused without recursion trouble', () => {
  let schema: Record<string, unknown> = { type: 'object' };
  for (let i = 0; i < 5000; i++) schema = { not: schema };
  const { rules, problems } = compileCustomRules([{ id: 'deep', title: 't', kinds: ['Pod'], message: 'm', schema }]);
  assert.deepEqual(rules, []);
  assert.equal(problems.length, 1);
  assert.match(problems[0]!.message, /nested deeper than 32 levels/);
});

test('checkPattern: RE2 syntax; backreferences, lookarounds and invalid or huge patterns are refused', () => {
  const refused: Array<[string, RegExp]> = [
    ['(a)\\1', /invalid escape sequence/],
    ['(?=a)', /unsupported Perl syntax/],
    ['(?<!a)b', /RE2\/Go syntax/],
    ['[', /missing closing \]/],
    ['x'.repeat(1001), /longer than 1000/],
  ];
  for (const [p, why] of refused) {
    const r = checkPattern(p);
    assert.equal(r.ok, false, p);
    if (!r.ok) assert.match(r.reason, why, p);
  }
  for (const p of ['^.+:.+$', '(?i).*token.*', '(a+)+$', '^(\\w+\\s?)*$', '(?i)^AZURE_.+KEY$', '^[a-z0-9-]{1,63}$']) {
    assert.deepEqual(checkPattern(p), { ok: true, source: p }, p);
  }
});

test('the RE2 engine searches unanchored, honours (?i), and stays linear on patterns that hang backtracking engines', () => {
  assert.equal(re2RegExpEngine('(?i)^azure_.+key$').test('AZURE_BATCH_KEY'), true);
  assert.equal(re2RegExpEngine('token').test('MY_TOKEN_X'), false, 'case-sensitive without (?i)');
  assert.equal(re2RegExpEngine('TOKEN').test('MY_TOKEN_X'), true, 'unanchored search');
  // Exponential for a backtracking engine; RE2 answers in linear time.
  assert.equal(re2RegExpEngine('^(a+)+$').test('a'.repeat(50_000) + '!'), false);
  assert.equal(re2RegExpEngine('^(\\w+\\s?)*$').test('word '.repeat(10_000) + '!'), false);
});

test('patterns that hang backtracking engines stay fast on adversarial manifests', { timeout: 20_000 }, () => {
  const { rules } = compileCustomRules([
    { id: 'p1', title: 't', kinds: ['Pod'], target: 'container', message: 'm', schema: { properties: { image: { pattern: '^.+:.+$' } } } },
    {
      id: 'p2',
      title: 't',
      kinds: ['Pod'],
      target: 'container',
      message: 'm',
      schema: { properties: { image: { pattern: '^(a|aa)+$' } } },
    },
    {
      id: 'p3',
      title: 't',
      kinds: ['Pod'],
      target: 'container',
      message: 'm',
      schema: { patternProperties: { '^(x+x+)+y$': { type: 'number' } } },
    },
  ]);
  assert.equal(rules.length, 3);
  const long = 'a'.repeat(200_000) + '!';
  const text = yaml(
    'apiVersion: v1',
    'kind: Pod',
    'metadata: {name: p}',
    'spec:',
    '  containers:',
    `  - name: c`,
    `    image: ${long}`,
    `    ${'x'.repeat(1000)}: 1`,
  );
  const found = analyzeText(text, DEFAULT_OPTIONS, [...RULES, ...rules]).findings.filter((f) => ['p1', 'p2', 'p3'].includes(f.ruleId));
  assert.deepEqual(
    found.map((f) => f.ruleId),
    ['p1', 'p2'],
  );
});

test('the config schema snippet describes the same keys the compiler accepts', () => {
  assert.deepEqual(Object.keys(CUSTOM_RULES_CONFIG_SCHEMA.items.properties).sort(), [
    'docs',
    'id',
    'kinds',
    'message',
    'schema',
    'severity',
    'target',
    'title',
  ]);
  assert.deepEqual([...CUSTOM_RULES_CONFIG_SCHEMA.items.required].sort(), ['id', 'kinds', 'message', 'schema', 'title']);
});
