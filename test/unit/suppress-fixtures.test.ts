import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { analyzeText } from '../../server/src/core/engine/analyze';
import { DEFAULT_OPTIONS } from '../../server/src/core/engine/options';
import { applySuppressions } from '../../server/src/core/suppress';
import { rangeString, REPO_ROOT } from '../helpers';

/**
 * `test/fixtures/suppress/<name>.yaml` with `<name>.expected.json`: the findings of the
 * listed rules that are kept (with ranges), suppressed (rule, kind of suppression,
 * reason) and the unused suppressions (range and message), in file order. Only the listed
 * rules are compared, so other rules may come and go without touching these fixtures.
 */
const DIR = path.join(REPO_ROOT, 'test', 'fixtures', 'suppress');

interface Expected {
  rules: string[];
  kept: Array<{ ruleId: string; range: string }>;
  suppressed: Array<{ ruleId: string; kind: string; reason?: string }>;
  unused: Array<{ range: string; message: string }>;
}

for (const file of fs
  .readdirSync(DIR)
  .filter((f) => f.endsWith('.yaml'))
  .sort()) {
  test(`suppression fixture ${file}`, () => {
    const text = fs.readFileSync(path.join(DIR, file), 'utf8');
    const expected: Expected = JSON.parse(fs.readFileSync(path.join(DIR, file.replace(/\.yaml$/, '.expected.json')), 'utf8'));
    const result = applySuppressions(analyzeText(text, DEFAULT_OPTIONS));
    const listed = (id: string) => expected.rules.includes(id);
    assert.deepEqual(
      result.kept.filter((f) => listed(f.ruleId)).map((f) => ({ ruleId: f.ruleId, range: rangeString(text, f.range) })),
      expected.kept,
    );
    assert.deepEqual(
      result.suppressed
        .filter((s) => listed(s.finding.ruleId))
        .map((s) => ({ ruleId: s.finding.ruleId, kind: s.by.kind, ...(s.by.reason !== undefined ? { reason: s.by.reason } : {}) })),
      expected.suppressed,
    );
    assert.deepEqual(
      result.unused.map((u) => ({ range: rangeString(text, u.range), message: u.message })),
      expected.unused,
    );
    assert.ok(result.unused.every((u) => u.ruleId === 'unused-suppression' && u.severity === 'info'));
  });
}
