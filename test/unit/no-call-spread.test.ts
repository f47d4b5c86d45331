import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { analyzeText } from '../../server/src/core/engine/analyze';
import { DEFAULT_OPTIONS } from '../../server/src/core/engine/options';
import { REPO_ROOT } from '../helpers';

/**
 * Spreading an array into a call puts every element on the stack: past ~100,000 elements it
 * throws, and inside a rule that silently drops the rule's findings (fail open). Data-sized
 * arrays go through `core/arrays.ts` (pushAll, maxOf, minOf) instead.
 */

/**
 * Reviewed call spreads: over arrays whose size is fixed by the code, not by the input, or
 * whose overflow is caught and reported (a Go method's arguments, as written in one template
 * action: the executor turns a throw into a render error at that action, never a silent loss).
 */
const BOUNDED_SPREADS = new Set(['byKind(...BINDING_KINDS)', 'method(...argv)']);

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? sourceFiles(p) : e.name.endsWith('.ts') ? [p] : [];
  });
}

/** `name(...arg` where the spread is a call argument; rest parameters (`(...xs: T[])`) are not calls. */
const CALL_SPREAD = /([\w$.]+)\(\s*\.\.\.([\w$.]+)(?![\w$.]|\s*:)/g;

test('no array is spread into a call in server/src (push, Math.max/min, any function)', () => {
  const found: string[] = [];
  for (const file of sourceFiles(path.join(REPO_ROOT, 'server', 'src'))) {
    // The whole text, comment lines blanked (line numbers kept): a formatter may put the
    // spread on the line after the call's `(`, which a line-by-line scan would miss.
    const text = fs
      .readFileSync(file, 'utf8')
      .split('\n')
      .map((line) => (/^\s*(\/\/|\*|\/\*)/.test(line) ? '' : line))
      .join('\n');
    for (const m of text.matchAll(CALL_SPREAD)) {
      const call = `${m[1]!.split('.').pop()}(...${m[2]})`;
      const line = text.slice(0, m.index).split('\n').length;
      if (!BOUNDED_SPREADS.has(call)) found.push(`${path.relative(REPO_ROOT, file)}:${line}: ${m[0].replace(/\s+/g, '')}`);
    }
  }
  assert.deepEqual(found, []);
});

test('the guard pattern catches the spreads it exists for', () => {
  const hits = (s: string) => [...s.matchAll(CALL_SPREAD)].map((m) => m[1]);
  assert.deepEqual(hits('out.findings.push(...r.findings);'), ['out.findings.push']);
  assert.deepEqual(hits('replacements.push(\n  ...parseNodes(text),\n);'), ['replacements.push']);
  assert.deepEqual(hits('const w = Math.max(...rows.map((r) => r.length));'), ['Math.max']);
  assert.deepEqual(hits('String.fromCharCode( ...codes)'), ['String.fromCharCode']);
  assert.deepEqual(hits('function f(...xs: string[]) {}'), []);
  assert.deepEqual(hits('const a = [...xs, ...ys];'), []);
});

test('a privileged container followed by 150,000 empty list entries still gets its finding', { timeout: 30_000 }, () => {
  // Flow style, 1,000 entries a line: 150,000 entries in 150 lines (a block list of as many
  // lines is refused whole by the document line limit, see document-limit.test.ts).
  const empties = Array.from({ length: 150 }, () => '    ' + Array(1000).fill('{}').join(', ')).join(',\n');
  const text =
    'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers: [\n    {name: c, image: nginx:1.27, securityContext: {privileged: true}},\n' +
    empties +
    '\n  ]\n';
  // A budget that a shared, loaded machine cannot exhaust: this test is about the stack, not time.
  const r = analyzeText(text, { ...DEFAULT_OPTIONS, documentBudgetMs: 60_000 });
  // Containers past MAX_CONTAINERS_PER_POD are not analysed (and that is said); no rule throws.
  assert.deepEqual([...new Set(r.ruleFailures.map((f) => f.ruleId))], ['analysis-limit']);
  const privileged = r.findings.filter((f) => f.ruleId === 'pss-privileged');
  assert.equal(privileged.length, 1);
  assert.equal(text.slice(privileged[0]!.range.start, privileged[0]!.range.end), 'privileged: true');
});
