import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { EMPTY_CONFIG, parseConfig, ruleSetOf, type ConfigProblem } from '../../server/src/core/config';
import { CUSTOM_RULES_CONFIG_SCHEMA } from '../../server/src/core/custom';
import { RULES } from '../../server/src/core/rules/registry';
import { WORKSPACE_RULES } from '../../server/src/core/workspace/rules';
import { rangeOfText, rangeString, REPO_ROOT, yaml } from '../helpers';

function shown(text: string, problems: readonly ConfigProblem[]): Array<[string, string, string, string]> {
  return problems.map((p) => [p.code, p.severity, rangeString(text, p.range), p.message]);
}

const VALID_RULE = [
  '  - id: memory-limit',
  '    title: Containers set a memory limit',
  '    kinds: [Deployment]',
  '    target: container',
  '    schema:',
  '      required: [resources]',
  '    message: Set resources.limits.memory',
];

const BROKEN = yaml(
  'profile: baseline',
  'customRules:',
  ...VALID_RULE,
  '  - id: Bad_Id',
  '    title: Broken',
  '    kinds: [Service]',
  '    target: container',
  '    schema:',
  '      properties:',
  "        name: { pattern: '(a)\\1' }",
  '    mesage: typo',
);

test('schemas/kube-guardrails.schema.json holds exactly the exported customRules schema', () => {
  const file = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'schemas', 'kube-guardrails.schema.json'), 'utf8'));
  assert.deepEqual(file.properties.customRules, JSON.parse(JSON.stringify(CUSTOM_RULES_CONFIG_SCHEMA)));
});

test('no customRules: an empty list in the config and in EMPTY_CONFIG, and the built-in rule set', () => {
  assert.deepEqual(EMPTY_CONFIG.customRules, []);
  const r = parseConfig(yaml('profile: baseline'));
  assert.deepEqual(r.config.customRules, []);
  assert.equal(ruleSetOf(r.config), RULES);
  assert.equal(ruleSetOf(undefined), RULES);
});

test('each problem of a custom rule is an error on its exact node; that rule is dropped, the valid one and the rest of the file kept', () => {
  const r = parseConfig(BROKEN);
  const suffix = '; this custom rule is not used until it is fixed.';
  assert.deepEqual(shown(BROKEN, r.problems), [
    // A missing key: the item's first line (its nearest existing node).
    [
      'config-custom-rule',
      'error',
      rangeOfText(BROKEN, 'id: Bad_Id'),
      `customRules[1].message: message must be a non-empty string${suffix}`,
    ],
    [
      'config-custom-rule',
      'error',
      rangeOfText(BROKEN, 'Bad_Id'),
      `customRules[1].id: id must be a kebab-case string, e.g. "require-team-label"${suffix}`,
    ],
    [
      'config-custom-rule',
      'error',
      rangeOfText(BROKEN, 'Service'),
      `customRules[1].kinds[0]: target "container" needs kinds with a pod spec; "Service" has none${suffix}`,
    ],
    [
      'config-custom-rule',
      'error',
      rangeOfText(BROKEN, "'(a)\\1'"),
      `customRules[1].schema.properties.name.pattern: unsafe or invalid pattern: error parsing regexp: invalid escape sequence: \`\\1\` (patterns use RE2/Go syntax: no backreferences or lookarounds)${suffix}`,
    ],
    // An unknown key: the key itself.
    [
      'config-custom-rule',
      'error',
      rangeOfText(BROKEN, 'mesage'),
      `customRules[1].mesage: unknown key "mesage" (expected one of id, title, severity, kinds, target, schema, message, docs)${suffix}`,
    ],
  ]);
  assert.deepEqual(
    r.config.customRules.map((x) => [x.id, x.title, x.severity, x.appliesTo]),
    [['memory-limit', 'Containers set a memory limit', 'warning', ['Deployment']]],
  );
  assert.equal(r.config.profile, 'baseline');
});

test('a missing nested key is placed on the key that should hold it', () => {
  const text = yaml(
    'customRules:',
    '  - id: x',
    '    title: t',
    '    kinds: [Pod]',
    '    message: m',
    '    schema: {}',
    '    target: container',
    '    docs: [not, text]',
  );
  const r = parseConfig(text);
  assert.deepEqual(shown(text, r.problems), [
    [
      'config-custom-rule',
      'error',
      rangeOfText(text, '[not, text]'),
      'customRules[0].docs: docs must be a string (a URL or a sentence); this custom rule is not used until it is fixed.',
    ],
  ]);
  assert.deepEqual(r.config.customRules, []);
});

test('a bad patternProperties pattern is reported on the key that holds it', () => {
  const text = yaml(
    'customRules:',
    '  - id: labels',
    '    title: t',
    '    kinds: [Pod]',
    '    message: m',
    '    schema:',
    '      properties:',
    '        metadata:',
    '          properties:',
    '            labels:',
    '              patternProperties:',
    "                '^(?!app)': { type: string }",
  );
  const r = parseConfig(text);
  assert.deepEqual(
    r.problems.map((p) => [p.code, rangeString(text, p.range)]),
    [['config-custom-rule', rangeOfText(text, "'^(?!app)'")]],
  );
  assert.match(
    r.problems[0]!.message,
    /^customRules\[0\]\.schema\.properties\.metadata\.properties\.labels\.patternProperties\.\^\(\?!app\): unsafe or invalid pattern: /,
  );
});

test('customRules that is not a list is one error on its value; no shape errors are reported twice', () => {
  const text = yaml('customRules: require-labels', 'profile: restricted');
  const r = parseConfig(text);
  assert.deepEqual(shown(text, r.problems), [
    ['config-custom-rule', 'error', rangeOfText(text, 'require-labels'), 'customRules must be a list of rules.'],
  ]);
  assert.equal(r.config.profile, 'restricted');
});

test('custom ids may not take a built-in, workspace or pseudo-rule id', () => {
  const ws = WORKSPACE_RULES[0]!.id;
  const text = yaml(
    'customRules:',
    `  - { id: ${ws}, title: t, kinds: [Pod], schema: {}, message: m }`,
    '  - { id: unused-suppression, title: t, kinds: [Pod], schema: {}, message: m }',
  );
  const r = parseConfig(text);
  assert.deepEqual(shown(text, r.problems), [
    [
      'config-custom-rule',
      'error',
      rangeOfText(text, ws),
      `customRules[0].id: id "${ws}" is a built-in rule; choose another id; this custom rule is not used until it is fixed.`,
    ],
    [
      'config-custom-rule',
      'error',
      rangeOfText(text, 'unused-suppression'),
      'customRules[1].id: id "unused-suppression" is a built-in rule; choose another id; this custom rule is not used until it is fixed.',
    ],
  ]);
});

test('custom ids are known ids: rules levels and exemptions can name them without a warning', () => {
  const text = yaml(
    'rules:',
    '  memory-limit: error',
    '  memory-limt: info',
    'exemptions:',
    '  - rules: [memory-limit, broken-rule]',
    '    reason: legacy',
    'customRules:',
    ...VALID_RULE,
    '  - id: broken-rule',
    '    title: t',
    '    kinds: [Pod]',
    '    schema: {}',
  );
  const r = parseConfig(text);
  // The dropped rule's own error says why it matches nothing; only the typo is a warning.
  assert.deepEqual(
    r.problems.map((p) => [p.code, rangeString(text, p.range)]),
    [
      ['config-unknown-rule', rangeOfText(text, 'memory-limt')],
      ['config-custom-rule', rangeOfText(text, 'id: broken-rule')],
    ],
  );
  assert.equal(r.problems[0]!.message, 'Unknown rule id "memory-limt" in rules (did you mean "memory-limit"?); it matches no rule.');
  assert.deepEqual(r.config.rules, { 'memory-limit': 'error', 'memory-limt': 'info' });
  assert.deepEqual(
    r.config.exemptions.map((e) => e.rules),
    [['memory-limit', 'broken-rule']],
  );
});

test('ruleSetOf: built-in plus custom rules, one array per loaded config', () => {
  const text = yaml('customRules:', ...VALID_RULE);
  const a = parseConfig(text).config;
  const set = ruleSetOf(a);
  assert.deepEqual(
    set.map((r) => r.id),
    [...RULES.map((r) => r.id), 'memory-limit'],
  );
  assert.equal(ruleSetOf(a), set, 'the same config gives the same array (the document cache keys on it)');
  assert.notEqual(ruleSetOf(parseConfig(text).config), set, 'a reload gives a new array (no stale cached results)');
});

test('the example of docs/configuration.md is the fixture, and it is valid', () => {
  const fixture = fs.readFileSync(path.join(REPO_ROOT, 'test', 'fixtures', 'config', 'custom-rules.yaml'), 'utf8');
  const docs = fs.readFileSync(path.join(REPO_ROOT, 'docs', 'configuration.md'), 'utf8');
  assert.ok(docs.includes('```yaml\n' + fixture + '```'), 'docs/configuration.md shows test/fixtures/config/custom-rules.yaml verbatim');
  const r = parseConfig(fixture);
  assert.deepEqual(r.problems, []);
  assert.deepEqual(
    r.config.customRules.map((x) => x.id),
    ['container-memory-limit', 'ingress-owner-annotation'],
  );
});
