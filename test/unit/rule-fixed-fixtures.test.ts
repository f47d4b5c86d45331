/**
 * Exact fixed text per fixable rule, as ESLint's RuleTester pins `output:`. Beside each
 * rule's `firing.yaml` (test/fixtures/rules/<rule-id>/), with only that rule enabled:
 * - `firing.fixed.yaml` is the whole file after fix-all;
 * - `firing.fixed.<n>.yaml` is the whole file after the single quick fix of the rule's n-th
 *   finding (1-based, in the order of `firing.expected.json`); a finding offered no verified
 *   fix has no file, so a fix that appears or disappears fails too.
 * The generic fix tests prove that a fix parses and removes its finding; these prove it is
 * the right fix: the right key at the right path, and nothing else touched.
 *
 * `UPDATE_FIXTURES=1` rewrites the files from the current engine (and deletes stale ones);
 * read every changed file before committing it.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { analyzeText } from '../../server/src/core/engine/analyze';
import { DEFAULT_OPTIONS, type AnalysisOptions } from '../../server/src/core/engine/options';
import { applyEdits, computeFix, fixAll } from '../../server/src/core/fix';
import { RULES } from '../../server/src/core/rules/registry';
import { REPO_ROOT } from '../helpers';

const FIXTURES = path.join(REPO_ROOT, 'test', 'fixtures', 'rules');
const UPDATE = process.env.UPDATE_FIXTURES === '1';
const FIXED_FILE = /^firing\.fixed(\.\d+)?\.yaml$/;

/** The analysis options of a rule's fixtures: that rule alone, plus the fixture's options.json. */
function optionsFor(ruleId: string, dir: string): AnalysisOptions {
  const extraFile = path.join(dir, 'options.json');
  const extra = fs.existsSync(extraFile) ? JSON.parse(fs.readFileSync(extraFile, 'utf8')) : {};
  const rules = Object.fromEntries(RULES.map((r) => [r.id, r.id === ruleId ? r.severity : 'off']));
  return { ...DEFAULT_OPTIONS, ...extra, rules };
}

/** File name -> expected content, computed by the engine, for one rule's firing fixture. */
function fixedTexts(ruleId: string, dir: string): Map<string, string> {
  const options = optionsFor(ruleId, dir);
  const text = fs.readFileSync(path.join(dir, 'firing.yaml'), 'utf8');
  const reanalyse = (t: string) => analyzeText(t, options);
  const analysis = reanalyse(text);
  const out = new Map<string, string>();
  analysis.findings
    .filter((f) => f.ruleId === ruleId)
    .forEach((f, i) => {
      const edits = computeFix(analysis, f, reanalyse);
      if (edits) out.set(`firing.fixed.${i + 1}.yaml`, applyEdits(text, edits));
    });
  const all = fixAll(analysis, reanalyse, { filter: (f) => f.ruleId === ruleId });
  if (all.edits.length) out.set('firing.fixed.yaml', all.text);
  return out;
}

function fixedFilesIn(dir: string): string[] {
  return fs
    .readdirSync(dir)
    .filter((n) => FIXED_FILE.test(n))
    .sort();
}

const RULE_DIRS = RULES.map((r) => ({ ruleId: r.id, dir: path.join(FIXTURES, r.id) })).filter((r) =>
  fs.existsSync(path.join(r.dir, 'firing.yaml')),
);

test('fixed-text fixtures exist for the fixable rules (pss-privileged among them), so the loop below is not vacuous', () => {
  assert.ok(fixedFilesIn(path.join(FIXTURES, 'pss-privileged')).includes('firing.fixed.yaml'));
});

for (const { ruleId, dir } of RULE_DIRS) {
  test(`${ruleId}: single fixes and fix-all give exactly the firing.fixed*.yaml texts`, () => {
    const expected = fixedTexts(ruleId, dir);
    if (UPDATE) {
      for (const stale of fixedFilesIn(dir)) if (!expected.has(stale)) fs.rmSync(path.join(dir, stale));
      for (const [name, text] of expected) fs.writeFileSync(path.join(dir, name), text);
    }
    assert.deepEqual(fixedFilesIn(dir), [...expected.keys()].sort(), 'the fixed-text files are those of the fixes offered');
    for (const [name, text] of expected) {
      assert.equal(text, fs.readFileSync(path.join(dir, name), 'utf8'), `${ruleId}/${name}`);
    }
  });
}
