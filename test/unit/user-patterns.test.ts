import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { applyExemptions, isExcluded, parseConfig, type ResolvedConfig } from '../../server/src/core/config';
import { matchesAny } from '../../server/src/core/config/globs';
import { MAX_PATTERNS } from '../../server/src/core/custom/patterns';
import type { Finding } from '../../server/src/core/engine/finding';
import { isExcluded as settingExcludes } from '../../server/src/lsp/exclude';
import { REPO_ROOT, yaml } from '../helpers';

/**
 * Every pattern a workspace supplies (exclude globs in the config file and in settings,
 * exemption selectors, custom-rule patterns) runs in linear time and within bounds, and the
 * schema guard of custom rules cannot be bypassed (issue #13).
 */

const BACKTRACKER = '*a*a*a*a*a*a*a*a*a*a*a*ab';

function config(over: Partial<ResolvedConfig>): ResolvedConfig {
  return { rules: {}, exclude: [], exemptions: [], disableInlineSuppressions: false, customRules: [], ...over } as ResolvedConfig;
}

test('an adversarial glob against a long name or path finishes (no backtracking)', { timeout: 10_000 }, () => {
  const name = 'a'.repeat(5000);
  const finding: Finding = {
    ruleId: 'pss-privileged',
    severity: 'error',
    message: 'm',
    range: { start: 0, end: 1 },
    object: { apiVersion: 'v1', kind: 'Pod', name },
    documentIndex: 0,
  };
  const cfg = config({ exemptions: [{ index: 0, rules: '*', names: [BACKTRACKER], reason: 'r' } as never], exclude: [BACKTRACKER] });
  assert.deepEqual(applyExemptions([finding], {}, cfg, '2026-12-04').kept, [finding]);
  assert.equal(isExcluded(`deploy/${name}.yaml`, cfg), false);
  assert.equal(settingExcludes(pathToFileURL(`/ws/${name}/${name}.yaml`).toString(), '/ws', [BACKTRACKER]), false);
  assert.equal(matchesAny(`${name}b`, [BACKTRACKER]), true);
});

test('glob syntax: *, **, ?, [..], {a,b}, escapes; everything else literal', () => {
  const cases: Array<[string, string, boolean]> = [
    ['*.yaml', 'a.yaml', true],
    ['*.yaml', 'dir/a.yaml', false],
    ['**/*.yaml', 'a.yaml', true],
    ['**/*.yaml', 'x/y/a.yaml', true],
    ['**/generated/**', 'x/generated/y/a.yaml', true],
    ['a?c', 'abc', true],
    ['a?c', 'a/c', false],
    ['[ab]x', 'bx', true],
    ['[!ab]x', 'cx', true],
    ['[!ab]x', 'ax', false],
    ['[a-c]x', 'bx', true],
    ['{web,api}-*', 'api-1', true],
    ['{web,ap{i,p}}', 'app', true],
    ['.hidden/*', '.hidden/x', true],
    ['x\\*y', 'x*y', true],
    ['x\\*y', 'xzy', false],
    ['a+(b)', 'a+(b)', true],
    ['!a', 'b', false],
    ['node-exporter*', 'node-exporter-x', true],
  ];
  for (const [glob, value, want] of cases) assert.equal(matchesAny(value, [glob]), want, `${glob} vs ${value}`);
});

test('one exclude rule for the setting and the config file: a pattern excludes everything below what it matches', () => {
  const folder = path.resolve('/ws');
  const uri = (rel: string) => pathToFileURL(path.join(folder, rel)).toString();
  for (const glob of ['vendor', 'vendor/', './vendor', 'vendor/**']) {
    assert.equal(settingExcludes(uri('vendor/lib/a.yaml'), folder, [glob]), true, `setting ${glob}`);
    assert.equal(isExcluded('vendor/lib/a.yaml', config({ exclude: [glob] })), true, `config ${glob}`);
    assert.equal(settingExcludes(uri('vendored/a.yaml'), folder, [glob]), false, `setting ${glob}`);
    assert.equal(isExcluded('vendored/a.yaml', config({ exclude: [glob] })), false, `config ${glob}`);
  }
  // The setting also takes absolute globs.
  assert.equal(settingExcludes(uri('gen/a.yaml'), folder, [`${folder.split(path.sep).join('/')}/gen`]), true);
});

function customRules(...schemaLines: string[]): string {
  return yaml(
    'customRules:',
    '  - id: my-rule',
    '    title: t',
    '    kinds: [Pod]',
    '    message: m',
    '    schema:',
    ...schemaLines.map((l) => `      ${l}`),
  );
}

/** Each problem as the exact text it is placed on, and its message. */
function placed(text: string): Array<[string, string]> {
  return parseConfig(text).problems.map((p) => [text.slice(p.range.start, p.range.end), p.message]);
}

test('schema guard: __proto__, constructor and prototype keys are refused at the key', () => {
  const text = customRules(
    '__proto__: { $id: "http://evil/", format: email }',
    'properties:',
    '  constructor: { type: string }',
    '  a: { prototype: 1 }',
  );
  const suffix = '; this custom rule is not used until it is fixed.';
  assert.deepEqual(placed(text), [
    ['__proto__', `customRules[0].schema.__proto__: "__proto__" is not allowed as a key in a schema${suffix}`],
    ['constructor', `customRules[0].schema.properties.constructor: "constructor" is not allowed as a key in a schema${suffix}`],
    ['prototype', `customRules[0].schema.properties.a.prototype: "prototype" is not allowed as a key in a schema${suffix}`],
  ]);
  assert.deepEqual(parseConfig(text).config.customRules, []);
});

test('schema guard: format, $id, non-local $ref and over-long patterns are refused at the key', () => {
  const long = 'x'.repeat(1001);
  const text = customRules(
    '$id: "urn:x"',
    'properties:',
    '  a: { format: email }',
    '  b: { $ref: "http://example.com/s.json" }',
    '  c: { $ref: "#foo" }',
    `  d: { pattern: "${long}" }`,
    '  e: { $ref: "#/definitions/ok" }',
    'definitions:',
    '  ok: { type: string }',
  );
  const problems = placed(text);
  assert.deepEqual(
    problems.map(([at, message]) => [
      at.length > 20 ? `${at.slice(0, 10)}…` : at,
      message.replace(/^customRules\[0\]\.schema\.([^:]+):.*$/, '$1'),
    ]),
    [
      ['$id', '$id'],
      ['format', 'properties.a.format'],
      ['$ref', 'properties.b.$ref'],
      ['$ref', 'properties.c.$ref'],
      ['pattern', 'properties.d.pattern'],
    ],
  );
  assert.match(problems[4]![1], /the pattern is longer than 1000 characters/);
});

test(
  'custom-rule patterns: 120 long patterns load (each compiled once); costly or too many are refused at the key',
  { timeout: 10_000 },
  () => {
    const pattern = (i: number) => `^(${Array.from({ length: 40 }, (_, k) => `team-${i}-${k}`).join('|')})$`;
    const rules = Array.from({ length: 120 }, (_, i) => [
      `  - id: rule-${i}`,
      '    title: t',
      '    kinds: [Pod]',
      '    message: m',
      '    schema:',
      `      properties: { metadata: { properties: { name: { pattern: "${pattern(i)}" } } } }`,
    ]);
    const loaded = parseConfig(yaml('customRules:', ...rules.flat()));
    assert.deepEqual(loaded.problems, []);
    assert.equal(loaded.config.customRules.length, 120);
    assert.ok(pattern(0).length > 350 && pattern(119).length > 450);

    const costly = customRules('properties:', `  a: { pattern: "${'.{1000}'.repeat(11)}" }`);
    assert.deepEqual(
      placed(costly).map(([at, m]) => [at, /expands to more than 10000 steps/.test(m)]),
      [['pattern', true]],
    );

    const many = customRules('properties:', ...Array.from({ length: MAX_PATTERNS + 1 }, (_, i) => `  p${i}: { pattern: "^x${i}$" }`));
    const refused = placed(many);
    assert.deepEqual(
      refused.map(([at]) => at),
      ['pattern'],
    );
    assert.match(refused[0]![1], new RegExp(`properties\\.p${MAX_PATTERNS}\\.pattern: .*more than ${MAX_PATTERNS} patterns`));
  },
);

test('package.json: Restricted Mode is "limited" and ignores the workspace values of the settings a repository could abuse', () => {
  const pkg = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8'));
  const trust = pkg.capabilities.untrustedWorkspaces;
  assert.equal(trust.supported, 'limited');
  assert.deepEqual(trust.restrictedConfigurations, [
    'kubeGuardrails.enable',
    'kubeGuardrails.profile',
    'kubeGuardrails.pssVersion',
    'kubeGuardrails.rules',
    'kubeGuardrails.exclude',
    'kubeGuardrails.disableInlineSuppressions',
    'kubeGuardrails.maxFileSize',
    'kubeGuardrails.helm.valuesFiles',
  ]);
  for (const id of trust.restrictedConfigurations) assert.ok(pkg.contributes.configuration.properties[id], id);
});
