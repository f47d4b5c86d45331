import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { RULES } from '../../server/src/core/rules/registry';
import { analyze, REPO_ROOT } from '../helpers';

/**
 * The PSS docs pages stay true: the "Reported" example of each page produces a finding of
 * its rule and the "Not reported" example none (at latest, restricted profile), and the
 * page names its PSA check and level.
 */
for (const rule of RULES.filter((r) => r.pss)) {
  test(`docs/rules/${rule.id}.md: examples and PSS facts match the rule`, () => {
    const page = fs.readFileSync(path.join(REPO_ROOT, 'docs', 'rules', `${rule.id}.md`), 'utf8');
    const reported = /Reported:\s*```yaml\n([\s\S]*?)```/.exec(page);
    const notReported = /Not reported:\s*```yaml\n([\s\S]*?)```/.exec(page);
    assert.ok(reported && notReported, 'page needs a "Reported:" and a "Not reported:" yaml example');
    const options = { rules: { [rule.id]: rule.severity } } as never;
    assert.ok(analyze(reported[1], options).some((f) => f.ruleId === rule.id), 'the Reported example must fire');
    assert.deepEqual(analyze(notReported[1], options).filter((f) => f.ruleId === rule.id).map((f) => f.message), []);
    assert.ok(page.includes(`\`${rule.pss!.check}\``), 'page names the PSA check');
    assert.ok(page.includes(`${rule.pss!.level}:${rule.pss!.check}`), 'page lists the PSS level:check equivalent');
    assert.ok(page.includes(`**Default severity:** ${rule.severity}`), 'page states the default severity');
  });
}
