import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { analyzeWorkspace } from '../../server/src/core/workspace/analyzeWorkspace';
import { WORKSPACE_RULES } from '../../server/src/core/workspace/rules';
import { RULES } from '../../server/src/core/rules/registry';
import { REPO_ROOT } from '../helpers';
import { briefWorkspace, indexDir, WORKSPACE_FIXTURES, type ExpectedWorkspaceFinding } from './workspace-helpers';

/**
 * The fixture convention of workspace (cross-object) rules:
 *   test/fixtures/workspace/<rule-id>/firing/*.yaml          a multi-file workspace that must produce
 *   test/fixtures/workspace/<rule-id>/firing.expected.json   exactly these findings of the rule
 *                                                            (file, range, message, related locations)
 *   test/fixtures/workspace/<rule-id>/passing/*.yaml         no finding of the rule
 * The rule is switched on at its default severity (opt-in rules too).
 */
for (const rule of WORKSPACE_RULES) {
  test(`${rule.id}: firing and passing fixture workspaces`, () => {
    const dir = path.join(WORKSPACE_FIXTURES, rule.id);
    assert.ok(fs.existsSync(path.join(dir, 'firing')), `missing ${dir}/firing/`);
    assert.ok(fs.existsSync(path.join(dir, 'passing')), `missing ${dir}/passing/`);
    const options = { rules: { [rule.id]: rule.severity } };
    const expected: ExpectedWorkspaceFinding[] = JSON.parse(fs.readFileSync(path.join(dir, 'firing.expected.json'), 'utf8'));
    assert.ok(expected.length > 0, 'firing.expected.json must list at least one finding');
    const firing = analyzeWorkspace(indexDir(path.join(dir, 'firing')), options);
    assert.deepEqual(firing.ruleFailures, []);
    const got = firing.findings.filter((f) => f.ruleId === rule.id).map(briefWorkspace);
    assert.deepEqual(got, expected);
    for (const f of firing.findings.filter((x) => x.ruleId === rule.id)) assert.equal(f.severity, rule.severity);

    const passing = analyzeWorkspace(indexDir(path.join(dir, 'passing')), options);
    assert.deepEqual(passing.findings.filter((f) => f.ruleId === rule.id).map(briefWorkspace), [], `${rule.id} must not fire on passing/`);
  });
}

test('every workspace rule has complete metadata and a docs page', () => {
  for (const rule of WORKSPACE_RULES) {
    assert.ok(rule.title.length > 0, rule.id);
    assert.ok(rule.description.length > 20, `${rule.id} description`);
    assert.match(rule.remediation, /\.$/, `${rule.id} remediation must be a sentence ending with a period`);
    const doc = path.join(REPO_ROOT, 'docs', 'rules', `${rule.id}.md`);
    assert.ok(fs.existsSync(doc), `missing docs page ${doc}`);
    const text = fs.readFileSync(doc, 'utf8');
    assert.ok(text.includes(rule.id), `${rule.id}.md names its id`);
    assert.ok(
      text.toLowerCase().includes(`default severity: ${rule.severity}`) ||
        text.toLowerCase().includes(`**default severity:** ${rule.severity}`),
      `${rule.id}.md states the default severity`,
    );
  }
});

test('workspace rule ids are unique and never collide with single-file rule ids', () => {
  const single = new Set(RULES.map((r) => r.id));
  const ids = WORKSPACE_RULES.map((r) => r.id);
  assert.equal(new Set(ids).size, ids.length);
  for (const id of ids) assert.ok(!single.has(id), `${id} is also a single-file rule id`);
});

test('every fixture workspace directory belongs to a workspace rule or a named scenario', () => {
  const ruleIds = new Set(WORKSPACE_RULES.map((r) => r.id));
  const scenarios = new Set(['shop', 'cni-policies', 'psp-migration']);
  for (const name of fs.readdirSync(WORKSPACE_FIXTURES)) {
    assert.ok(ruleIds.has(name) || scenarios.has(name), `stray fixture directory ${name}`);
  }
});

test('a rule switched off produces nothing; an opt-in rule runs only when named', () => {
  const dir = path.join(WORKSPACE_FIXTURES, 'dangling-ingress-tls-secret', 'firing');
  const index = indexDir(dir);
  assert.deepEqual(
    analyzeWorkspace(index, { rules: {} }).findings.filter((f) => f.ruleId === 'dangling-ingress-tls-secret'),
    [],
  );
  assert.equal(
    analyzeWorkspace(index, { rules: { 'dangling-ingress-tls-secret': 'warning' } }).findings.filter(
      (f) => f.ruleId === 'dangling-ingress-tls-secret',
    )[0]!.severity,
    'warning',
  );
  const np = indexDir(path.join(WORKSPACE_FIXTURES, 'netpol-ingress-isolation', 'firing'));
  assert.deepEqual(
    analyzeWorkspace(np, { rules: { 'netpol-ingress-isolation': 'off' } }).findings.filter((f) => f.ruleId === 'netpol-ingress-isolation'),
    [],
  );
});
