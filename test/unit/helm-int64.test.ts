/**
 * Go's int64 (`--set` integers, Sprig's integer math) keeps its type wherever the value goes:
 * through lists, maps and the functions that return their elements, as `helm template` (v4.1.4)
 * prints it. Every expected text below is helm's output for the same template and flags.
 */
import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { renderChart } from '../../server/src/core/sources/helm/helm/render';
import { memFiles } from './helm-files';

function render(template: string, set: string[] = ['n=3']) {
  const files = memFiles({
    'c/Chart.yaml': 'apiVersion: v2\nname: chart\nversion: 0.1.0\n',
    'c/values.yaml': 'f: 1.5\n',
    'c/templates/x.yaml': template,
  });
  return renderChart(files, 'c', { releaseName: 'rel', set, setJson: ['j=1.0'] });
}

/** The text a template prints, as a YAML block scalar's line. */
function printed(expression: string, set?: string[]): string {
  const r = render(`x: |\n  {{- $n := .Values.n }}\n  ${expression}\n`, set);
  assert.equal(r.error, undefined, r.error);
  return r.output.replace(/^---\n# Source: chart\/templates\/x\.yaml\nx: \|\n {2}/, '').replace(/\n$/, '');
}

test('an int64 stays one through list functions, dict values, index and get', () => {
  assert.equal(
    printed(
      '{{ typeOf (list $n | first) }} {{ typeOf (list $n | last) }} {{ typeOf (slice (list $n 2) 0 1 | first) }} ' +
        '{{ typeOf (rest (list 1 $n) | first) }} {{ typeOf (initial (list $n 1) | first) }} {{ typeOf (reverse (list $n) | first) }} ' +
        '{{ typeOf (uniq (list $n $n) | first) }} {{ typeOf (compact (list $n) | first) }} {{ typeOf (append (list) $n | first) }} ' +
        '{{ typeOf (concat (list $n) | first) }} {{ typeOf (values (dict "a" $n) | first) }} {{ typeOf (pluck "a" (dict "a" $n) | first) }} ' +
        '{{ typeOf (deepCopy (dict "a" $n)).a }} {{ typeOf (index (list $n) 0) }} {{ typeOf (get (dict "a" $n) "a") }} ' +
        '{{ kindOf (list (add 1 2) | first) }} {{ typeIs "int64" (list (add 1 2) | first) }} {{ kindIs "int64" (list $n | first) }}',
    ),
    'int64 int64 int64 int64 int64 int64 int64 int64 int64 int64 int64 int64 int64 int64 int64 int64 true true',
  );
  assert.equal(
    printed(
      '{{ typeOf (dict "a" $n).a }} {{ $d := dict }}{{ $_ := set $d "k" $n }}{{ typeOf $d.k }} {{ typeOf (merge (dict) (dict "m" $n)).m }} ' +
        '{{ range $k, $v := .Values.m }}{{ typeOf $v }}{{ end }} {{ typeOf (first .Values.l) }} {{ range .Values.l }}{{ typeOf . }}{{ end }} ' +
        '{{ range $i, $v := (list $n) }}{{ typeOf $v }}{{ end }} {{ max $n 1 | typeOf }} {{ default 1 $n | typeOf }} {{ ternary $n 1 true | typeOf }} {{ coalesce 0 $n | typeOf }}',
      ['n=3', 'l={1,2}', 'm.a=4'],
    ),
    'int64 int64 int64 int64 int64 int64int64 int64 int64 int64 int64 int64',
  );
});

test('printf %T names Go types: int64, int, float64, string, bool, maps and lists', () => {
  assert.equal(
    printed('{{ printf "%T %T %T %T %T %T %T %T %T" $n (add 1 2) 1 1.5 .Values.f .Values.j "s" true (dict) }} {{ printf "%T" (list) }}'),
    'int64 int64 int float64 float64 float64 string bool map[string]interface {} []interface {}',
  );
  assert.equal(printed('{{ printf "%T %d %v %s" (list $n | first) $n $n $n }}'), 'int64 3 3 %!s(int64=3)');
});

test('an int64 compares, prints and encodes as its number', () => {
  assert.equal(
    printed(
      '{{ eq $n 3 }} {{ lt $n 4 }} {{ $n | toString | typeOf }} {{ toJson (list $n) }} {{ has 3 (list $n) }} {{ has $n (list $n) }} {{ sub $n 1 }} {{ mod $n 2 }}',
    ),
    'true true string [3] false true 2 1',
  );
  assert.equal(printed('{{ printf "%v %s" .Values.l .Values.m }}', ['l={1,2}', 'm.a=4']), '[1 2] map[a:%!s(int64=4)]');
});

test('%s applies to each element of a list or map, nil elements print <nil>', () => {
  assert.equal(
    printed('{{ printf "%s|%s|%s|%s" (list 1 "a" 1.5 nil) (dict "a" 1 "b" "x") (list (list 2)) (dict "n" nil) }}'),
    '[%!s(int=1) a %!s(float64=1.5) <nil>]|map[a:%!s(int=1) b:x]|[[%!s(int=2)]]|map[n:<nil>]',
  );
});

test('type errors name the int64 (Go rejects an int64 or float64 where a func takes int or string)', () => {
  const message = (template: string) => render(template).error ?? '';
  assert.match(message('{{ upper .Values.n }}'), /: wrong type for value; expected string; got int64$/);
  assert.match(message('{{ b64enc (add 1 2) }}'), /: wrong type for value; expected string; got int64$/);
  assert.match(message('{{ until .Values.n }}'), /: wrong type for value; expected int; got int64$/);
  assert.match(message('{{ until .Values.f }}'), /: wrong type for value; expected int; got float64$/);
  assert.match(message('{{ len .Values.n }}'), /: len of type int64$/);
});
