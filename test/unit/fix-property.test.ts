import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { analyzeText, type FileAnalysis } from '../../server/src/core/engine/analyze';
import type { Finding } from '../../server/src/core/engine/finding';
import { DEFAULT_OPTIONS, type AnalysisOptions } from '../../server/src/core/engine/options';
import { applyEdits, explainFix, findingKey, fixAll, verifyFix } from '../../server/src/core/fix';
import { RULES } from '../../server/src/core/rules/registry';
import type { TextEdit } from '../../server/src/core/types';
import { parseFile } from '../../server/src/core/yaml/parseFile';
import { REPO_ROOT, SHARED } from '../helpers';

/*
 * Property: every finding that carries a fix, on every rule fixture and every real-world
 * document, when its fix is rendered and applied alone, yields YAML that parses, no
 * longer has that finding, and differs from the original only inside the edit ranges.
 * Fix-all on each file parses and leaves none of the findings it fixed.
 *
 * Refusals are allowed only for the reasons the design lists (alias, anchor, merge key,
 * tag, parse error) or a fix that would change nothing; anything else fails.
 */

const FIXTURES = path.join(REPO_ROOT, 'test', 'fixtures', 'rules');
const REALWORLD = path.join(SHARED, 'corpus', 'realworld');
const ALLOWED_REFUSALS = /alias|anchor|merge|tag|parse error|nothing to change|block scalar/;

/** Every rule on at its default severity, so opt-in rules' fixes are exercised too. */
const ALL_ON: AnalysisOptions = { ...DEFAULT_OPTIONS, rules: Object.fromEntries(RULES.map((r) => [r.id, r.severity])) };

function walk(dir: string, out: string[] = []): string[] {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) walk(p, out);
    else if (/\.ya?ml$/.test(e.name)) out.push(p);
  }
  return out.sort();
}

function errorFree(a: FileAnalysis): boolean {
  return a.parsed.documents.every((d) => !d.error && d.doc.errors.length === 0);
}

/** Independent of applyEdits: the bytes between edits must reappear in order, unchanged. */
function onlyEditRangesChanged(before: string, after: string, edits: readonly TextEdit[]): boolean {
  const sorted = [...edits].sort((a, b) => a.start - b.start);
  let src = 0;
  let dst = 0;
  for (const e of sorted) {
    const gap = before.slice(src, e.start);
    if (after.slice(dst, dst + gap.length) !== gap) return false;
    dst += gap.length;
    if (after.slice(dst, dst + e.newText.length) !== e.newText) return false;
    dst += e.newText.length;
    src = e.end;
  }
  return after.slice(dst) === before.slice(src) && dst + (before.length - src) === after.length;
}

interface Stats {
  checked: number;
  /** Fixes that pass the property but that verifyFix would not offer (a new finding appears). */
  unverified: string[];
  refused: Map<string, number>;
}

/** Checks every single fix of one text; returns failures as readable strings. */
function checkEachFix(label: string, text: string, options: AnalysisOptions, stats: Stats): string[] {
  const failures: string[] = [];
  const reanalyze = (t: string) => analyzeText(t, options);
  const analysis = reanalyze(text);
  const baseErrors = !errorFree(analysis);
  for (const f of analysis.findings) {
    if (!f.fix) continue;
    const where = `${label}: ${f.ruleId} "${f.message}"`;
    const { edits, refused } = explainFix(analysis.parsed, f.fix);
    if (!edits) {
      stats.refused.set(refused!, (stats.refused.get(refused!) ?? 0) + 1);
      if (!ALLOWED_REFUSALS.test(refused!)) failures.push(`${where}: refused (${refused})`);
      continue;
    }
    stats.checked++;
    const out = applyEdits(text, edits);
    if (!onlyEditRangesChanged(text, out, edits)) failures.push(`${where}: bytes outside the edits changed`);
    const after = reanalyze(out);
    if (!baseErrors && !errorFree(after)) {
      failures.push(`${where}: result does not parse:\n${out}`);
      continue;
    }
    const count = (list: readonly Finding[]) => list.filter((x) => findingKey(x) === findingKey(f)).length;
    if (count(after.findings) >= count(analysis.findings)) failures.push(`${where}: finding still reported after ${JSON.stringify(edits)}`);
    else if (!verifyFix(text, f, edits, reanalyze, analysis)) stats.unverified.push(where);
  }
  return failures;
}

function checkFixAll(label: string, text: string, options: AnalysisOptions): string[] {
  const reanalyze = (t: string) => analyzeText(t, options);
  const analysis = reanalyze(text);
  const result = fixAll(analysis, reanalyze);
  if (!result.fixed.length) return [];
  const after = reanalyze(result.text);
  const failures: string[] = [];
  if (errorFree(analysis) && !errorFree(after)) failures.push(`${label}: fix-all result does not parse`);
  if (!onlyEditRangesChanged(text, result.text, result.edits)) failures.push(`${label}: fix-all changed bytes outside its edits`);
  // Counted, not a set: several findings may share rule, object and message.
  const count = (list: readonly Finding[]) => {
    const m = new Map<string, number>();
    for (const f of list) m.set(findingKey(f), (m.get(findingKey(f)) ?? 0) + 1);
    return m;
  };
  const was = count(analysis.findings);
  const now = count(after.findings);
  const fixed = count(result.fixed);
  for (const [k, n] of fixed) {
    if ((now.get(k) ?? 0) > (was.get(k) ?? 0) - n)
      failures.push(`${label}: fix-all left ${k.split('\u0000')[0]} "${k.split('\u0000').pop()}"`);
  }
  return failures;
}

function fixtureOptions(dir: string, ruleId: string): AnalysisOptions {
  const p = path.join(dir, 'options.json');
  const opts = fs.existsSync(p) ? (JSON.parse(fs.readFileSync(p, 'utf8')) as Partial<AnalysisOptions>) : {};
  return {
    ...ALL_ON,
    ...opts,
    rules: { ...ALL_ON.rules, ...(opts.rules ?? {}), [ruleId]: RULES.find((r) => r.id === ruleId)?.severity ?? 'warning' },
  };
}

test('every fix on every rule fixture applies alone cleanly, and fix-all on each fixture', (t) => {
  const stats: Stats = { checked: 0, unverified: [], refused: new Map() };
  const failures: string[] = [];
  for (const file of walk(FIXTURES)) {
    const dir = path.dirname(file);
    const options = fixtureOptions(dir, path.basename(dir));
    const text = fs.readFileSync(file, 'utf8');
    const label = path.relative(FIXTURES, file);
    failures.push(...checkEachFix(label, text, options, stats), ...checkFixAll(label, text, options));
  }
  t.diagnostic(
    `fixtures: ${stats.checked} fixes checked; refused: ${JSON.stringify([...stats.refused])}; not verified: ${stats.unverified.length}`,
  );
  for (const u of stats.unverified.slice(0, 20)) t.diagnostic(`not verified: ${u}`);
  assert.deepEqual(failures, []);
  assert.ok(stats.checked >= 20, `expected many fixes in the fixtures, got ${stats.checked}`);
});

test('every fix on every real-world document applies alone cleanly, and fix-all on each file', (t) => {
  assert.ok(fs.existsSync(REALWORLD), `the shared corpus is missing: ${REALWORLD}`);
  const files = walk(REALWORLD);
  assert.ok(files.length > 50, `expected the real-world corpus, found ${files.length} files`);
  const stats: Stats = { checked: 0, unverified: [], refused: new Map() };
  const failures: string[] = [];
  const seen = new Set<string>();
  for (const file of files) {
    const text = fs.readFileSync(file, 'utf8');
    const label = path.relative(REALWORLD, file);
    // Each document alone (identical documents, e.g. the joined bundle, once).
    for (const d of parseFile(text).documents) {
      const slice = text.slice(d.start, d.end);
      if (seen.has(slice)) continue;
      seen.add(slice);
      failures.push(...checkEachFix(`${label}#${d.index}`, slice, ALL_ON, stats));
    }
    failures.push(...checkFixAll(label, text, ALL_ON));
  }
  t.diagnostic(
    `real world: ${stats.checked} fixes checked; refused: ${JSON.stringify([...stats.refused])}; not verified: ${stats.unverified.length}`,
  );
  for (const u of stats.unverified.slice(0, 20)) t.diagnostic(`not verified: ${u}`);
  assert.deepEqual(failures, []);
  assert.ok(stats.checked >= 50, `expected many fixes in the real-world corpus, got ${stats.checked}`);
});
