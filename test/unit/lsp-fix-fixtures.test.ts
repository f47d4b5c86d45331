import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { analyzeText } from '../../server/src/core/engine/analyze';
import { DEFAULT_OPTIONS, type AnalysisOptions } from '../../server/src/core/engine/options';
import { applyEdits, computeFix } from '../../server/src/core/fix';
import { RULES } from '../../server/src/core/rules/registry';
import { REPO_ROOT } from '../helpers';
import { applyWorkspaceEdit, TestClient } from '../lsp/harness';

/**
 * Every registered rule whose firing fixture yields a fix is driven through the language
 * server: the preferred quick fix must be exactly the core's verified fix (LSP positions
 * converted back to the same bytes), must make that finding disappear on re-analysis, and
 * must give the same text with CRLF line endings when the input uses CRLF. New rules are
 * covered as soon as their fixtures land.
 */
const FIXTURES = path.join(REPO_ROOT, 'test', 'fixtures', 'rules');
const crlf = (t: string) => t.replace(/\r?\n/g, '\r\n');

interface Case {
  ruleId: string;
  text: string;
  options: AnalysisOptions;
  settings: Record<string, unknown>;
}

function cases(): Case[] {
  const out: Case[] = [];
  for (const rule of RULES) {
    const dir = path.join(FIXTURES, rule.id);
    const firing = path.join(dir, 'firing.yaml');
    if (!fs.existsSync(firing)) continue;
    const extra = fs.existsSync(path.join(dir, 'options.json')) ? JSON.parse(fs.readFileSync(path.join(dir, 'options.json'), 'utf8')) : {};
    const rules = Object.fromEntries(RULES.map((r) => [r.id, r.id === rule.id ? rule.severity : 'off']));
    const options: AnalysisOptions = { ...DEFAULT_OPTIONS, ...extra, rules };
    const settings: Record<string, unknown> = {
      rules,
      profile: options.profile,
      pssVersion: options.pssVersion === Infinity ? 'latest' : `v1.${options.pssVersion}`,
    };
    out.push({ ruleId: rule.id, text: fs.readFileSync(firing, 'utf8'), options, settings });
  }
  return out;
}

/** The core's verified fixes for each finding of the rule, applied; null where none is offered. */
function coreFixed(c: Case, text: string): Array<string | null> {
  const a = analyzeText(text, c.options);
  return a.findings
    .filter((f) => f.ruleId === c.ruleId)
    .map((f) => {
      const edits = computeFix(a, f, (t) => analyzeText(t, c.options));
      return edits ? applyEdits(text, edits) : null;
    });
}

const ALL = cases();
const FIXABLE = ALL.filter((c) => coreFixed(c, c.text).some((t) => t !== null));

test('fixtures with fixes exist (pss-privileged at least), so the loop below is not vacuous', () => {
  assert.ok(FIXABLE.some((c) => c.ruleId === 'pss-privileged'));
});

for (const c of FIXABLE) {
  test(`${c.ruleId}: LSP quick fixes equal the verified core fixes (LF and CRLF) and remove the finding`, { timeout: 60000 }, async () => {
    const client = new TestClient();
    try {
      await client.initialize({ settings: c.settings });
      for (const [variant, text] of [
        ['lf', c.text],
        ['crlf', crlf(c.text)],
      ] as const) {
        const expected = coreFixed(c, c.text);
        const uri = `file:///fixtures/${c.ruleId}.${variant}.yaml`;
        const ds = (await client.open(uri, text)).filter((d) => d.code === c.ruleId);
        assert.equal(ds.length, expected.length, `${variant}: diagnostics of ${c.ruleId}`);
        for (let i = 0; i < ds.length; i++) {
          const actions = await client.codeActions(uri, ds[i]!.range, [ds[i]!]);
          const fix = actions.filter((a) => a.isPreferred);
          if (expected[i] === null) {
            assert.equal(fix.length, 0, `${variant} #${i}: no verified fix, so none offered`);
            continue;
          }
          assert.equal(fix.length, 1, `${variant} #${i}: one preferred fix`);
          const fixed = applyWorkspaceEdit(text, uri, fix[0]!.edit);
          assert.equal(fixed, variant === 'lf' ? expected[i] : crlf(expected[i]!), `${variant} #${i}: edited text`);
          const after = (await client.changeOwn(uri, fixed)).filter((d) => d.code === c.ruleId);
          assert.equal(after.length, ds.length - 1, `${variant} #${i}: the finding is gone after re-analysis`);
          await client.changeOwn(uri, text);
        }
        await client.close(uri);
        await client.diagnostics(uri);
      }
    } finally {
      client.dispose();
    }
  });
}
