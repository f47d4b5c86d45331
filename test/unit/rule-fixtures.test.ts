import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { RULES } from '../../server/src/core/rules/registry';
import { analyze, rangeString, REPO_ROOT } from '../helpers';

/**
 * The fixture convention every rule follows:
 *   test/fixtures/rules/<rule-id>/firing.yaml           must produce exactly the findings in
 *   test/fixtures/rules/<rule-id>/firing.expected.json  [{ "range": "L:C-L:C" }, ...] (0-based)
 *   test/fixtures/rules/<rule-id>/passing.yaml          must produce no finding of the rule
 * Optional `options.json` beside them: AnalysisOptions overrides (profile, pssVersion as a
 * number, rules). The rule itself is always switched on at its default severity, so opt-in
 * rules are tested too.
 */
const FIXTURES = path.join(REPO_ROOT, 'test', 'fixtures', 'rules');

interface Expected {
  range: string;
  message?: string;
}

function readOptions(dir: string): Record<string, unknown> {
  const p = path.join(dir, 'options.json');
  return fs.existsSync(p) ? JSON.parse(fs.readFileSync(p, 'utf8')) : {};
}

for (const rule of RULES) {
  const dir = path.join(FIXTURES, rule.id);
  test(`${rule.id}: firing and passing fixtures`, () => {
    assert.ok(fs.existsSync(path.join(dir, 'firing.yaml')), `missing ${dir}/firing.yaml`);
    assert.ok(fs.existsSync(path.join(dir, 'passing.yaml')), `missing ${dir}/passing.yaml`);
    const opts = readOptions(dir) as { rules?: Record<string, string> };
    const options = { ...opts, rules: { ...(opts.rules ?? {}), [rule.id]: rule.severity } } as never;

    const firing = fs.readFileSync(path.join(dir, 'firing.yaml'), 'utf8');
    const expected: Expected[] = JSON.parse(fs.readFileSync(path.join(dir, 'firing.expected.json'), 'utf8'));
    assert.ok(expected.length > 0, 'firing.expected.json must list at least one finding');
    const got = analyze(firing, options).filter((f) => f.ruleId === rule.id);
    assert.deepEqual(
      got.map((f) => rangeString(firing, f.range)),
      expected.map((e) => e.range),
      `${rule.id} firing ranges`,
    );
    expected.forEach((e, i) => {
      if (e.message !== undefined) assert.equal(got[i]!.message, e.message);
    });

    const passing = fs.readFileSync(path.join(dir, 'passing.yaml'), 'utf8');
    assert.deepEqual(
      analyze(passing, options)
        .filter((f) => f.ruleId === rule.id)
        .map((f) => rangeString(passing, f.range)),
      [],
      `${rule.id} must not fire on passing.yaml`,
    );
  });
}
