import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { RULES } from '../../server/src/core/rules/registry';
import { analyze, REPO_ROOT } from '../helpers';

/**
 * The docs pages of the rbac rules: each starts with the id and title, states the
 * default severity, names every peer id the rule declares, and its "Reported" example
 * really fires the rule while its "Not reported" example does not.
 */
const OWN = RULES.filter((r) => r.category === 'rbac' && r.id.startsWith('rbac-'));

test('the rbac rules are registered', () => {
  assert.ok(OWN.length >= 11, `only ${OWN.length} rbac rules registered`);
});

for (const rule of OWN) {
  test(`${rule.id}: docs page examples match the rule`, () => {
    const file = path.join(REPO_ROOT, 'docs', 'rules', `${rule.id}.md`);
    assert.ok(fs.existsSync(file), `missing ${file}`);
    const md = fs.readFileSync(file, 'utf8');
    assert.ok(md.startsWith(`# ${rule.id}: ${rule.title}\n`), 'page starts with the id and title');
    assert.ok(md.includes(`**Default severity:** ${rule.severity}`), 'page states the default severity');
    assert.ok(md.includes(rule.remediation), 'page states the remediation');
    for (const ids of Object.values(rule.equivalents ?? {})) for (const id of ids ?? []) assert.ok(md.includes('`' + id + '`'), `page names peer id ${id}`);
    const blocks = [...md.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1]);
    assert.equal(blocks.length, 2, 'a Reported and a Not reported example');
    const options = { rules: { [rule.id]: rule.severity } };
    assert.ok(analyze(blocks[0], options).some((f) => f.ruleId === rule.id), 'the Reported example fires');
    assert.deepEqual(analyze(blocks[1], options).filter((f) => f.ruleId === rule.id), [], 'the Not reported example does not fire');
  });
}
