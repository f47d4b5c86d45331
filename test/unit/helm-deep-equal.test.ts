/**
 * Sprig's uniq, has, without and deepEqual compare as Go's reflect.DeepEqual: nested lists and
 * maps by content, and Go types kept apart (an int is no int64 nor float64). Expected outputs are
 * helm's (v4.1.4) for the same template.
 */
import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { renderChart } from '../../server/src/core/sources/helm/helm/render';
import { memFiles } from './helm-files';

function line(template: string, set: string[] = []): string | undefined {
  const files = memFiles({
    'c/Chart.yaml': 'apiVersion: v2\nname: chart\nversion: 0.1.0\n',
    'c/values.yaml': 'f: 3\nl: [1, 2]\n',
    'c/templates/x.yaml': template,
  });
  const r = renderChart(files, 'c', { releaseName: 'rel', set });
  return r.error ?? r.output.split('\n')[2];
}

test('uniq, has and without compare nested maps and lists by content (no BigInt serialisation error)', () => {
  assert.equal(line('v: {{ list (dict "a" 1) (dict "a" 1) (dict "a" 2) | uniq | toJson }}'), 'v: [{"a":1},{"a":2}]');
  assert.equal(line('v: {{ list (list 1 2) (list 1 2) | uniq | toJson }}'), 'v: [[1,2]]');
  assert.equal(
    line(
      'v: {{ has (dict "a" 1) (list (dict "a" 1)) }} {{ has (list 1) (list (list 1)) }} {{ has 1 (list 1.0) }} {{ has 3 (list .Values.f) }}',
    ),
    'v: true true false false',
  );
  assert.equal(line('v: {{ without (list (dict "a" 1) (dict "b" 2)) (dict "a" 1) | toJson }}'), 'v: [{"b":2}]');
});

test('deepEqual keeps Go types apart: an int64 from --set is not the int 3, Sprig math gives int64', () => {
  assert.equal(
    line('v: {{ deepEqual .Values.s 3 }} {{ deepEqual .Values.s (add 1 2) }} {{ list .Values.s 3 (add 1 2) | uniq | len }}', ['s=3']),
    'v: false true 2',
  );
  assert.equal(
    line(
      'v: {{ deepEqual .Values.f 3.0 }} {{ deepEqual (list 1 (dict "x" nil)) (list 1 (dict "x" nil)) }} {{ deepEqual .Values.l (list 1 2) }}',
    ),
    'v: true true false',
  );
});
