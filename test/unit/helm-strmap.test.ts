/** How string functions keep a string's source map (template/strmap.ts): exact pieces for indent, quote and trims. */
import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { UNPLACED, type Segment } from '../../server/src/core/sources/helm/template/output';
import { alignMap, keptMap } from '../../server/src/core/sources/helm/template/strmap';

/** A literal piece of template `t.yaml` at source offset `src`, covering [start, end) of the string. */
const lit = (start: number, end: number, src: number): Segment => ({
  template: 't.yaml',
  kind: 'literal',
  start,
  end,
  srcStart: src,
  srcEnd: src + end - start,
});
const inserted = (start: number, end: number): Segment => ({ template: UNPLACED, srcStart: 0, srcEnd: 0, kind: 'action', start, end });
const path = ['sc', 'x'] as const;

test('nindent: the inserted line break and padding map to the action, every original character to its own source', () => {
  // "a: 1\nb: 2": the first line from a literal at 100, the second from a values key.
  const map = [lit(0, 5, 100), { ...inserted(5, 9), valuesPath: path }];
  assert.deepEqual(alignMap('a: 1\nb: 2', map, '\n  a: 1\n  b: 2'), [
    inserted(0, 3),
    lit(3, 8, 100),
    inserted(8, 10),
    { ...inserted(10, 14), valuesPath: path },
  ]);
});

test('quote: the quotes and escapes are inserted; the quoted characters keep their sources', () => {
  assert.deepEqual(alignMap('a"b', [lit(0, 3, 10)], '"a\\"b"'), [
    inserted(0, 1),
    lit(1, 2, 10),
    inserted(2, 3),
    lit(3, 5, 11),
    inserted(5, 6),
  ]);
});

test('trims keep the part of the map they keep; a result that is not that part has no map', () => {
  const map = [lit(0, 4, 0), lit(4, 8, 50)];
  // trimSuffix "-": "name-ab-" -> "name-ab"
  assert.deepEqual(keptMap('prefix', 'name-ab-', map, 'name-ab'), [lit(0, 4, 0), lit(4, 7, 50)]);
  // trimPrefix "na": "name-ab-" -> "me-ab-"
  assert.deepEqual(keptMap('suffix', 'name-ab-', map, 'me-ab-'), [lit(0, 2, 2), lit(2, 6, 50)]);
  // trim: "  ab  " -> "ab"
  assert.deepEqual(keptMap('inner', '  ab  ', [lit(0, 6, 7)], 'ab'), [lit(0, 2, 9)]);
  assert.equal(keptMap('prefix', 'name', map, 'other'), undefined);
});
