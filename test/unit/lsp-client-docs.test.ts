import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { isRuleId, ruleTitle } from '../../client/src/ruleDocsFiles';
import { RULES } from '../../server/src/core/rules/registry';
import { REPO_ROOT } from '../helpers';

test('showRuleDocs only turns kebab-case rule ids into file names', () => {
  assert.equal(isRuleId('pss-privileged'), true);
  assert.equal(isRuleId('../../etc/passwd'), false);
  assert.equal(isRuleId('pss-privileged.md'), false);
  assert.equal(isRuleId('PSS-privileged'), false);
  assert.equal(isRuleId(''), false);
});

test('every registered rule has the bundled page the command and codeDescription link to, with a title for the quick pick', () => {
  for (const r of RULES) {
    const page = path.join(REPO_ROOT, 'docs', 'rules', `${r.id}.md`);
    assert.ok(fs.existsSync(page), `missing ${page}`);
    assert.ok(ruleTitle(fs.readFileSync(page, 'utf8')), `${r.id}.md has no # heading`);
  }
  assert.equal(ruleTitle('intro\n# Privileged container\n\ntext'), 'Privileged container');
  assert.equal(ruleTitle('no heading'), undefined);
});
