import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { RULES } from '../../server/src/core/rules/registry';
import { WORKSPACE_RULES } from '../../server/src/core/workspace/rules';
import { REPO_ROOT } from '../helpers';
import { cli, tree } from './cli-helpers';

/**
 * `scan --fix` gives the editor's fix-all result: for every rule fixture with a pinned
 * fix-all output (`firing.fixed.yaml`, rule-fixed-fixtures.test.ts, computed with that rule
 * alone), the CLI run with a config enabling only that rule writes exactly that text, and
 * `--fix-dry-run` prints a diff that leads there.
 */
const FIXTURES = path.join(REPO_ROOT, 'test', 'fixtures', 'rules');
const ALL_IDS = [...RULES.map((r) => r.id), ...WORKSPACE_RULES.map((r) => r.id)];

/** A config that switches on `ruleId` at its severity (opt-in rules too) and off every other rule and the unused-suppression report. */
function onlyRule(ruleId: string): string {
  const severity = RULES.find((r) => r.id === ruleId)?.severity;
  assert.ok(severity, ruleId);
  const levels = ALL_IDS.map((id) => `  ${id}: ${id === ruleId ? severity : 'off'}`);
  return ['rules:', ...levels, '  unused-suppression: off', ''].join('\n');
}

test('scan --fix writes exactly each fixable rule fixture firing.fixed.yaml (the editor fix-all output)', () => {
  const fixable = fs.readdirSync(FIXTURES).filter((id) => fs.existsSync(path.join(FIXTURES, id, 'firing.fixed.yaml')));
  assert.ok(fixable.length >= 30, `fixtures with a pinned fix-all exist (${fixable.length}), so the loop below is not vacuous`);
  for (const id of fixable) {
    const firing = fs.readFileSync(path.join(FIXTURES, id, 'firing.yaml'), 'utf8');
    const fixed = fs.readFileSync(path.join(FIXTURES, id, 'firing.fixed.yaml'), 'utf8');
    const t = tree({ '.kube-guardrails.yaml': onlyRule(id), 'firing.yaml': firing });
    try {
      const dry = cli('scan', '--fix-dry-run', t.p('firing.yaml'));
      assert.equal(dry.stderr, '', id);
      assert.match(dry.stdout, /^--- a\/.*firing\.yaml\n\+\+\+ b\/.*firing\.yaml\n@@ -\d+(,\d+)? \+\d+(,\d+)? @@\n/, id);
      assert.equal(fs.readFileSync(t.p('firing.yaml'), 'utf8'), firing, `${id}: --fix-dry-run changes nothing`);
      const r = cli('scan', '-f', 'json', '--fix', t.p('firing.yaml'));
      assert.equal(r.stderr, '', id);
      assert.equal(fs.readFileSync(t.p('firing.yaml'), 'utf8'), fixed, id);
      const remaining = (JSON.parse(r.stdout) as { findings: Array<{ ruleId: string }> }).findings;
      assert.ok(
        remaining.every((f) => f.ruleId === id),
        id,
      );
    } finally {
      t.cleanup();
    }
  }
});
