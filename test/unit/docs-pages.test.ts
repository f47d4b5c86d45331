import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { RULES } from '../../server/src/core/rules/registry';
import { analyze, REPO_ROOT } from '../helpers';

/**
 * Every registered rule's docs page stays true: it exists, starts with the id and title,
 * states the default severity, names every peer id the rule declares, its "Reported"
 * example fires the rule and its "Not reported" example does not; PSS pages also name
 * their PSA check and level:check. Replaces pss-, rbac-, tls- and rules-docs.test.ts.
 */
const count = (pred: (r: (typeof RULES)[number]) => boolean) => RULES.filter(pred).length;

test('the rule families are registered', () => {
  assert.ok(count((r) => r.category === 'rbac' && r.id.startsWith('rbac-')) >= 11, 'rbac rules');
  assert.ok(count((r) => r.category === 'tls' && r.id.startsWith('tls-') && r.id !== 'tls-secret-private-key') >= 11, 'tls rules');
  const hardening = new Set(['workload', 'host', 'service-account', 'secrets', 'exposure']);
  assert.ok(count((r) => hardening.has(r.category)) >= 23, 'hardening rules');
});

for (const rule of RULES) {
  test(`docs/rules/${rule.id}.md: page and examples match the rule`, () => {
    const file = path.join(REPO_ROOT, 'docs', 'rules', `${rule.id}.md`);
    assert.ok(fs.existsSync(file), `missing ${file}`);
    const md = fs.readFileSync(file, 'utf8');
    assert.ok(md.startsWith(`# ${rule.id}: ${rule.title}\n`), 'page starts with the id and title');
    assert.ok(md.includes(`**Default severity:** ${rule.severity}`), 'page states the default severity');
    if (rule.category === 'rbac' || rule.category === 'tls') assert.ok(md.includes(rule.remediation), 'page states the remediation');
    for (const ids of Object.values(rule.equivalents ?? {})) for (const id of ids ?? []) assert.ok(md.includes('`' + id + '`'), `page names peer id ${id}`);
    assert.equal([...md.matchAll(/```yaml\n/g)].length, 2, 'exactly a Reported and a Not reported example');
    const reported = /Reported:\s*```yaml\n([\s\S]*?)```/.exec(md);
    const notReported = /Not reported:\s*```yaml\n([\s\S]*?)```/.exec(md);
    assert.ok(reported && notReported, 'page needs a "Reported:" and a "Not reported:" yaml example');
    const options = { rules: { [rule.id]: rule.severity } } as never;
    assert.ok(analyze(reported[1], options).some((f) => f.ruleId === rule.id), 'the Reported example fires');
    assert.deepEqual(analyze(notReported[1], options).filter((f) => f.ruleId === rule.id).map((f) => f.message), [], 'the Not reported example does not fire');
    if (rule.pss) {
      assert.ok(md.includes(`\`${rule.pss.check}\``), 'page names the PSA check');
      assert.ok(md.includes(`${rule.pss.level}:${rule.pss.check}`), 'page lists the PSS level:check equivalent');
    }
  });
}
