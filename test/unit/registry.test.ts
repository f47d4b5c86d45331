import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { RULES, RULES_BY_ID, getRule } from '../../server/src/core/rules/registry';
import { REPO_ROOT } from '../helpers';

/**
 * Meta-tests over every registered rule (all categories): the contract each rule's
 * metadata must keep so hover, docs links, configuration and the fixture test work.
 */

/** Every check of the Kubernetes pod-security-admission implementation, with its level. */
const PSA_CHECKS: Record<string, 'baseline' | 'restricted'> = {
  privileged: 'baseline',
  capabilities_baseline: 'baseline',
  hostNamespaces: 'baseline',
  hostPathVolumes: 'baseline',
  hostPorts: 'baseline',
  hostProbesAndHostLifecycle: 'baseline',
  appArmorProfile: 'baseline',
  seLinuxOptions: 'baseline',
  procMount: 'baseline',
  seccompProfile_baseline: 'baseline',
  sysctls: 'baseline',
  windowsHostProcess: 'baseline',
  restrictedVolumes: 'restricted',
  allowPrivilegeEscalation: 'restricted',
  runAsNonRoot: 'restricted',
  runAsUser: 'restricted',
  seccompProfile_restricted: 'restricted',
  capabilities_restricted: 'restricted',
  procMount_restricted: 'restricted',
};

test('the registered rules are exactly the rules with a fixture folder, each id unique kebab-case and resolvable', () => {
  const fixtureDirs = fs.readdirSync(path.join(REPO_ROOT, 'test', 'fixtures', 'rules')).sort();
  assert.deepEqual(RULES.map((r) => r.id).sort(), fixtureDirs, 'a rule without fixtures, or fixtures of no rule');
  const ids = RULES.map((r) => r.id);
  assert.equal(new Set(ids).size, ids.length, 'duplicate ids');
  for (const r of RULES) {
    assert.match(r.id, /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/, `id "${r.id}" is not kebab-case`);
    assert.equal(getRule(r.id), r);
    assert.equal(RULES_BY_ID.get(r.id), r);
  }
});

for (const rule of RULES) {
  test(`${rule.id}: metadata, docs page and fixtures`, () => {
    assert.ok(rule.title.trim().length > 0, 'empty title');
    assert.ok(rule.description.trim().length > 0, 'empty description');
    assert.match(rule.remediation, /^[A-Z`].*\.$/s, 'remediation must be a sentence ending with a period');
    assert.ok(!/\n/.test(rule.remediation), 'remediation must be one sentence on one line');
    assert.ok(
      rule.appliesTo === 'workloads' || (Array.isArray(rule.appliesTo) && rule.appliesTo.length > 0),
      'appliesTo must be "workloads" or a non-empty list of kinds',
    );

    const doc = path.join(REPO_ROOT, 'docs', 'rules', `${rule.id}.md`);
    assert.ok(fs.existsSync(doc), `missing docs/rules/${rule.id}.md`);
    assert.ok(fs.readFileSync(doc, 'utf8').includes(rule.id), `docs/rules/${rule.id}.md does not mention the id`);

    if (rule.pss) {
      assert.equal(rule.category, 'pod-security');
      assert.ok(['baseline', 'restricted'].includes(rule.pss.level), `level ${rule.pss.level}`);
      assert.equal(rule.severity, rule.pss.level === 'baseline' ? 'error' : 'warning', 'baseline is error, restricted-only is warning');
      assert.equal(PSA_CHECKS[rule.pss.check], rule.pss.level, `"${rule.pss.check}" is not a ${rule.pss.level} PSA check`);
    }

    if (rule.defaultEnabled !== false) {
      const dir = path.join(REPO_ROOT, 'test', 'fixtures', 'rules', rule.id);
      for (const f of ['firing.yaml', 'firing.expected.json', 'passing.yaml']) {
        assert.ok(fs.existsSync(path.join(dir, f)), `missing test/fixtures/rules/${rule.id}/${f}`);
      }
    }
  });
}

test('every PSA check is implemented by exactly one rule, with a pss-<kebab-case check> id', () => {
  const byCheck = new Map<string, string[]>();
  for (const r of RULES) if (r.pss) byCheck.set(r.pss.check, [...(byCheck.get(r.pss.check) ?? []), r.id]);
  for (const check of Object.keys(PSA_CHECKS)) {
    assert.deepEqual(byCheck.get(check)?.length, 1, `PSA check ${check}: ${byCheck.get(check)?.join(', ') ?? 'no rule'}`);
    const kebab = check
      .replace(/_/g, '-')
      .replace(/([a-z])([A-Z])/g, '$1-$2')
      .toLowerCase();
    assert.equal(byCheck.get(check)![0], `pss-${kebab}`);
  }
  assert.equal(byCheck.size, Object.keys(PSA_CHECKS).length, 'a rule names an unknown PSA check');
});
