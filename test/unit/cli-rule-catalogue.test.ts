import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { builtInRuleIds } from '../../server/src/core/config';
import { BUILT_IN_CATALOGUE, catalogueEntry, ruleCatalogue } from '../../server/src/core/rules/catalogue';
import { RULES } from '../../server/src/core/rules/registry';
import { WORKSPACE_RULES } from '../../server/src/core/workspace/rules';
import { UNUSED_SUPPRESSION } from '../../server/src/core/suppress/unusedRule';
import { YAML_SYNTAX } from '../../server/src/core/engine/syntaxRule';
import { yaml } from '../helpers';
import { cli, pod, tree } from './cli-helpers';

/** One custom rule (with a docs URL) that the hardened `pod()` fails: it sets no CPU limit. */
const CONFIG = yaml(
  'customRules:',
  '  - id: cpu-limit',
  '    title: Containers set a CPU limit',
  '    severity: error',
  '    kinds: [Pod]',
  '    target: container',
  '    schema:',
  '      properties:',
  '        resources:',
  '          properties:',
  '            limits: { required: [cpu] }',
  '    message: Set resources.limits.cpu',
  '    docs: https://wiki.example.com/cpu-limits',
);

test('the catalogue is the per-object rules, then the workspace rules, then the pseudo-rules; config validation knows exactly these ids', () => {
  const ids = [...RULES.map((r) => r.id), ...WORKSPACE_RULES.map((r) => r.id), 'unused-suppression', 'yaml-syntax'];
  assert.deepEqual(
    BUILT_IN_CATALOGUE.map((e) => e.id),
    ids,
  );
  assert.deepEqual(
    BUILT_IN_CATALOGUE.map((e) => e.scope),
    [...RULES.map(() => 'object'), ...WORKSPACE_RULES.map(() => 'workspace'), 'pseudo', 'pseudo'],
  );
  assert.deepEqual(builtInRuleIds(), ids);
  assert.deepEqual(catalogueEntry('unused-suppression'), {
    id: 'unused-suppression',
    scope: 'pseudo',
    title: 'Unused suppression',
    severity: 'info',
    category: 'pseudo',
    description:
      'A suppression that suppresses nothing hides nothing today but will silently hide a real problem tomorrow, and a misspelt rule id looks like a working suppression.',
    remediation: 'Remove the suppression, or correct the rule id it names.',
    defaultEnabled: true,
    summary: 'reports suppressions that suppress nothing',
  });
  assert.deepEqual(catalogueEntry('yaml-syntax'), {
    id: 'yaml-syntax',
    scope: 'pseudo',
    title: 'YAML syntax error in a manifest',
    severity: 'error',
    category: 'pseudo',
    description:
      'A manifest with a YAML syntax error cannot be analysed: none of its other problems can be reported, and kubectl would refuse or misread it.',
    remediation: 'Fix the YAML at the reported position (indentation, an unclosed quote or bracket, a duplicate key).',
    defaultEnabled: true,
    summary: 'reports a YAML syntax error in a manifest',
  });
  assert.equal(catalogueEntry('netpol-default-deny')?.scope, 'workspace');
  assert.equal(catalogueEntry('pss-privileged')?.pss?.check, 'privileged');
  assert.equal(catalogueEntry('cpu-limit'), undefined);
  // A custom rule may not shadow a built-in one, even if it got past the config compiler.
  assert.deepEqual(ruleCatalogue([{ ...RULES[0]!, custom: true }]).length, BUILT_IN_CATALOGUE.length);
  // The same custom id from two configs is listed once, as the first config defines it.
  const first = { ...RULES[0]!, id: 'mine', title: 'First', custom: true as const };
  assert.deepEqual(
    ruleCatalogue([first, { ...first, title: 'Second' }])
      .slice(BUILT_IN_CATALOGUE.length)
      .map((e) => [e.id, e.title, e.scope]),
    [['mine', 'First', 'custom']],
  );
});

test('kube-guardrails rules lists the config custom rules (--config, or the nearest config from the current folder) and the pseudo-rules', () => {
  const t = tree({ '.kube-guardrails.yaml': CONFIG, 'sub/pod.yaml': pod('web') });
  const cwd = process.cwd();
  try {
    const text = cli('rules', '--config', t.p('.kube-guardrails.yaml'));
    assert.equal(text.code, 0);
    assert.equal(text.stderr, '');
    const lines = text.stdout.split('\n');
    assert.match(lines[BUILT_IN_CATALOGUE.length]!, /^cpu-limit +custom +error +Containers set a CPU limit$/);
    assert.match(lines[BUILT_IN_CATALOGUE.length - 2]!, /^unused-suppression +pseudo +info +Unused suppression$/);
    assert.match(lines[BUILT_IN_CATALOGUE.length - 1]!, /^yaml-syntax +pseudo +error +YAML syntax error in a manifest$/);
    assert.equal(lines.at(-2), `${BUILT_IN_CATALOGUE.length + 1} rules.`);

    const json = cli('rules', '--format', 'json', '--config', t.p('.kube-guardrails.yaml'));
    const listed = JSON.parse(json.stdout) as Array<Record<string, unknown>>;
    assert.equal(listed.length, BUILT_IN_CATALOGUE.length + 1);
    assert.deepEqual(listed.at(-1), {
      id: 'cpu-limit',
      title: 'Containers set a CPU limit',
      severity: 'error',
      category: 'custom',
      // A custom rule without a description of its own is described by its docs link.
      description: 'https://wiki.example.com/cpu-limits',
      defaultEnabled: true,
      docs: 'https://wiki.example.com/cpu-limits',
      custom: true,
    });
    assert.deepEqual(listed.at(-3), {
      id: 'unused-suppression',
      title: 'Unused suppression',
      severity: 'info',
      category: 'pseudo',
      description: UNUSED_SUPPRESSION.description,
      defaultEnabled: true,
      pseudo: true,
    });
    assert.deepEqual(listed.at(-2), {
      id: 'yaml-syntax',
      title: 'YAML syntax error in a manifest',
      severity: 'error',
      category: 'pseudo',
      description: YAML_SYNTAX.description,
      defaultEnabled: true,
      pseudo: true,
    });

    process.chdir(t.p('sub'));
    assert.match(cli('rules').stdout, /^cpu-limit +custom /m);
    const none = cli('rules', '--no-config');
    assert.doesNotMatch(none.stdout, /^cpu-limit /m);
    assert.equal(none.stdout.split('\n').at(-2), `${BUILT_IN_CATALOGUE.length} rules.`);
  } finally {
    process.chdir(cwd);
    t.cleanup();
  }
});

test('kube-guardrails rules with an invalid config reports it and exits 2', () => {
  const t = tree({ '.kube-guardrails.yaml': yaml('profile: strict') });
  try {
    const r = cli('rules', '--config', t.p('.kube-guardrails.yaml'));
    assert.equal(r.code, 2);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /invalid configuration file/);
    assert.equal(cli('rules', '--config', t.p('missing.yaml')).code, 2);
  } finally {
    t.cleanup();
  }
});

test('SARIF describes the config custom rules and the pseudo-rule, and every ruleIndex resolves to its rule', () => {
  const t = tree({
    '.kube-guardrails.yaml': CONFIG,
    // The comment suppresses nothing in this Pod: an unused-suppression finding.
    'pod.yaml': pod('web', { comment: '# kube-guardrails-disable-next-line pss-privileged' }),
  });
  try {
    const r = cli('scan', '-f', 'sarif', t.root);
    const run = JSON.parse(r.stdout).runs[0];
    const rules = run.tool.driver.rules as Array<Record<string, unknown>>;
    assert.deepEqual(
      rules.map((x) => x.id),
      [...BUILT_IN_CATALOGUE.map((e) => e.id), 'cpu-limit'],
    );
    assert.deepEqual(rules.at(-1), {
      id: 'cpu-limit',
      name: 'Containers set a CPU limit',
      shortDescription: { text: 'Containers set a CPU limit' },
      fullDescription: { text: 'https://wiki.example.com/cpu-limits' },
      help: {
        text: 'https://wiki.example.com/cpu-limits Set resources.limits.cpu.',
        markdown: 'https://wiki.example.com/cpu-limits\n\n**Remediation:** Set resources.limits.cpu.',
      },
      helpUri: 'https://wiki.example.com/cpu-limits',
      defaultConfiguration: { level: 'error', enabled: true },
      properties: { category: 'custom', tags: ['security', 'kubernetes', 'custom'] },
    });
    const results = run.results as Array<{ ruleId: string; ruleIndex: number }>;
    assert.deepEqual(results.map((x) => x.ruleId).sort(), ['cpu-limit', 'unused-suppression']);
    for (const x of results) assert.equal(rules[x.ruleIndex]!.id, x.ruleId);
  } finally {
    t.cleanup();
  }
});
