import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { LineIndex } from '../../server/src/core/yaml/lineIndex';
import { DocumentLines } from '../../server/src/lsp/documentLines';

const TEXTS = ['', 'a', 'a\n', 'ab\ncd\n\nef', 'ab\r\ncd\r\n\r\nef\r\n', 'a\rb\r\nc\nd\r', '\n\n\r\r\n', 'x: 1\r\n---\r\ny: "é😀"\n'];

/** Every query `LineIndex` answers, over every offset and position (some out of range). */
function answers(lines: LineIndex, text: string): unknown[] {
  const out: unknown[] = [lines.lineCount];
  for (let o = -2; o <= text.length + 2; o++) out.push(lines.positionAt(o));
  for (let l = -1; l <= lines.lineCount + 1; l++) {
    out.push(lines.lineStart(l), l >= 0 ? lines.lineEnd(l) : null);
    for (const ch of [0, 1, 2, 3, 50]) out.push(lines.offsetAt({ line: l, character: ch }));
  }
  out.push(lines.rangeOf({ start: 0, end: text.length }));
  return out;
}

test('DocumentLines answers exactly as LineIndex over LF, CRLF, lone-CR and mixed texts', () => {
  for (const text of TEXTS) {
    const doc = TextDocument.create('file:///t.yaml', 'yaml', 1, text);
    assert.deepEqual(answers(new DocumentLines(doc, 1, text), text), answers(new LineIndex(text), text), JSON.stringify(text));
  }
});

test('after incremental edits it still agrees; a stale one answers for the text it was made for', () => {
  const text = 'a: 1\r\nb: 2\nc: 3\n';
  const doc = TextDocument.create('file:///t.yaml', 'yaml', 1, text);
  const v1 = new DocumentLines(doc, 1, text);
  v1.positionAt(3); // the document computes its line offsets, then keeps them up to date
  TextDocument.update(doc, [{ range: { start: { line: 1, character: 0 }, end: { line: 1, character: 0 } }, text: 'x: 0\n\r\n' }], 2);
  TextDocument.update(doc, [{ range: { start: { line: 0, character: 1 }, end: { line: 0, character: 2 } }, text: '' }], 3);
  const now = doc.getText();
  assert.equal(now, 'a 1\r\nx: 0\n\r\nb: 2\nc: 3\n');
  assert.deepEqual(answers(new DocumentLines(doc, 3, now), now), answers(new LineIndex(now), now));
  assert.deepEqual(answers(v1, text), answers(new LineIndex(text), text));
});
