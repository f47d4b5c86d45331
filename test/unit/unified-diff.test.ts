import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { unifiedDiff } from '../../server/src/cli/unifiedDiff';
import { applyEdits } from '../../server/src/core/fix/edits';
import type { TextEdit } from '../../server/src/core/types';

/** `n` numbered lines `l1`..`ln`, each ending in `eol`. */
const numbered = (n: number, eol = '\n') => Array.from({ length: n }, (_, i) => `l${i + 1}${eol}`).join('');
const at = (text: string, needle: string) => {
  const i = text.indexOf(needle);
  assert.ok(i >= 0, needle);
  return i;
};
const replace = (text: string, needle: string, newText: string): TextEdit => ({
  start: at(text, needle),
  end: at(text, needle) + needle.length,
  newText,
});

test('one changed line: three lines of context each side, git-style header and counts', () => {
  const text = numbered(10);
  assert.equal(
    unifiedDiff('dir/f.yaml', text, [replace(text, 'l5', 'five')]),
    ['--- a/dir/f.yaml', '+++ b/dir/f.yaml', '@@ -2,7 +2,7 @@', ' l2', ' l3', ' l4', '-l5', '+five', ' l6', ' l7', ' l8', ''].join('\n'),
  );
});

test('changes more than six lines apart are separate hunks; the second hunk counts the lines the first added', () => {
  const text = numbered(20);
  const edits = [{ start: at(text, 'l3\n') + 3, end: at(text, 'l3\n') + 3, newText: 'new-a\nnew-b\n' }, replace(text, 'l15', 'fifteen')];
  assert.equal(
    unifiedDiff('f', text, edits),
    [
      '--- a/f',
      '+++ b/f',
      '@@ -1,6 +1,8 @@',
      ' l1',
      ' l2',
      ' l3',
      '+new-a',
      '+new-b',
      ' l4',
      ' l5',
      ' l6',
      '@@ -12,7 +14,7 @@',
      ' l12',
      ' l13',
      ' l14',
      '-l15',
      '+fifteen',
      ' l16',
      ' l17',
      ' l18',
      '',
    ].join('\n'),
  );
});

test('changes at most six lines apart share one hunk (their contexts touch)', () => {
  const text = numbered(14);
  assert.equal(
    unifiedDiff('f', text, [replace(text, 'l3', 'x'), replace(text, 'l10', 'y')]),
    [
      '--- a/f',
      '+++ b/f',
      '@@ -1,13 +1,13 @@',
      ' l1',
      ' l2',
      '-l3',
      '+x',
      ...[4, 5, 6, 7, 8, 9].map((n) => ` l${n}`),
      '-l10',
      '+y',
      ' l11',
      ' l12',
      ' l13',
      '',
    ].join('\n'),
  );
});

test('CRLF lines keep their carriage return; a last line without a line break is marked', () => {
  const text = 'a: 1\r\nb: 2\r\nc: 3';
  assert.equal(
    unifiedDiff('f', text, [replace(text, '3', '4')]),
    [
      '--- a/f',
      '+++ b/f',
      '@@ -1,3 +1,3 @@',
      ' a: 1\r',
      ' b: 2\r',
      '-c: 3',
      '\\ No newline at end of file',
      '+c: 4',
      '\\ No newline at end of file',
      '',
    ].join('\n'),
  );
  // Adding the missing break changes the last line: only the old side is marked.
  assert.equal(
    unifiedDiff('f', 'x', [{ start: 1, end: 1, newText: '\n' }]),
    ['--- a/f', '+++ b/f', '@@ -1 +1 @@', '-x', '\\ No newline at end of file', '+x', ''].join('\n'),
  );
});

test('an edit inside a line that joins it to the next takes both lines; no edits or a no-op edit give no diff', () => {
  const text = 'k: v\nnext: 1\nlast: 2\n';
  assert.equal(
    unifiedDiff('f', text, [{ start: at(text, 'v\n') + 1, end: at(text, 'v\n') + 2, newText: '' }]),
    ['--- a/f', '+++ b/f', '@@ -1,3 +1,2 @@', '-k: v', '-next: 1', '+k: vnext: 1', ' last: 2', ''].join('\n'),
  );
  assert.equal(unifiedDiff('f', text, []), '');
  assert.equal(unifiedDiff('f', text, [{ start: 2, end: 2, newText: '' }]), '');
  assert.equal(unifiedDiff('f', text, [replace(text, 'v', 'v')]), '');
});

test('inserting into an empty file', () => {
  assert.equal(
    unifiedDiff('f', '', [{ start: 0, end: 0, newText: 'a\nb\n' }]),
    ['--- a/f', '+++ b/f', '@@ -0,0 +1,2 @@', '+a', '+b', ''].join('\n'),
  );
});

/** Applies a unified diff to `text` the way `patch` does, checking every context and removed line. */
function applyPatch(text: string, diff: string): string {
  const old = text.match(/[^\n]*\n|[^\n]+$/g) ?? [];
  const rows = diff.split('\n');
  const out: string[] = [];
  let next = 0; // next old line to copy
  for (let i = 2; i < rows.length; i++) {
    const header = /^@@ -(\d+)(?:,(\d+))? \+\d+(?:,\d+)? @@$/.exec(rows[i]!);
    if (!header) continue;
    const count = header[2] === undefined ? 1 : Number(header[2]);
    const start = count === 0 ? Number(header[1]) : Number(header[1]) - 1;
    while (next < start) out.push(old[next++]!);
    for (i++; i < rows.length && !rows[i]!.startsWith('@@') && rows[i] !== ''; i++) {
      const row = rows[i]!;
      const noBreak = rows[i + 1] === '\\ No newline at end of file';
      const content = row.slice(1) + (noBreak ? '' : '\n');
      if (row[0] === ' ' || row[0] === '-') assert.equal(old[next++], content, `line ${next} of the old text`);
      if (row[0] === ' ' || row[0] === '+') out.push(content);
      if (noBreak) i++;
    }
    i--;
  }
  while (next < old.length) out.push(old[next++]!);
  return out.join('');
}

test('property: the diff of random edits, applied to the old text, gives the new text (LF and CRLF, with and without a final break)', () => {
  let seed = 7;
  const rand = (n: number) => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed % n;
  };
  const pieces = ['', 'A', 'B\n', '\n', 'C\nD', 'l1\n', 'x\r\n'];
  let nonEmpty = 0;
  for (let run = 0; run < 300; run++) {
    const eol = rand(2) ? '\n' : '\r\n';
    let text = Array.from({ length: rand(25) }, () => `l${rand(5)}${eol}`).join('');
    if (rand(3) === 0) text = text.replace(/\r?\n$/, '');
    const edits: TextEdit[] = [];
    for (let pos = 0, k = rand(4) + 1; k > 0 && pos <= text.length; k--) {
      const start = pos + rand(Math.min(15, text.length - pos + 1));
      const end = start + rand(Math.min(6, text.length - start + 1));
      edits.push({ start, end, newText: pieces[rand(pieces.length)]! });
      pos = end + 1;
    }
    const diff = unifiedDiff('f', text, edits);
    const after = applyEdits(text, edits);
    if (diff) nonEmpty++;
    assert.equal(diff ? applyPatch(text, diff) : text, after, JSON.stringify({ text, edits }));
  }
  assert.ok(nonEmpty > 200, `most runs change something (${nonEmpty}), so the check is not vacuous`);
});
