/**
 * Go text/template semantics, independent of the corpus: expectations are Go's documented
 * behaviour (text/template docs, fmt docs) and the outputs of Go's own exec tests.
 */
import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { addGoBuiltins } from '../../server/src/core/sources/helm/template/builtins';
import { Executor, type FuncMap, type NamedTemplate } from '../../server/src/core/sources/helm/template/exec';
import { sprintf } from '../../server/src/core/sources/helm/template/fmt';
import { Output } from '../../server/src/core/sources/helm/template/output';
import { parseTemplate, TemplateSyntaxError } from '../../server/src/core/sources/helm/template/parser';
import { newMap } from '../../server/src/core/sources/helm/template/values';

function m(o: Record<string, unknown>): Record<string, unknown> {
  return Object.assign(newMap(), o);
}

export function run(src: string, data: unknown = null, name = 't'): string {
  const funcs: FuncMap = new Map();
  addGoBuiltins(funcs);
  const t = parseTemplate(name, src);
  const templates = new Map<string, NamedTemplate>();
  for (const [n, body] of t.defines) templates.set(n, { body, tmpl: t });
  const exec = new Executor(funcs, templates, { maxDepth: 100, maxOutput: 1_000_000, deadline: Date.now() + 10_000 });
  const out = new Output(1_000_000);
  exec.run(t.root, t, name, { v: data }, out);
  return out.text();
}

test('trim markers remove the adjacent white space, including newlines', () => {
  assert.equal(run('a  {{- 3 -}}  b'), 'a3b');
  assert.equal(run('a\n  {{- "x" }}\n  b'), 'ax\n  b');
  assert.equal(run('{{ 1 }}\n{{- /* comment */ -}}\n{{ 2 }}'), '12');
  assert.equal(run('{{-3}}'), '-3', '{{- without a space is a negative number');
});

test('numbers, strings, chars and raw strings as Go lexes them', () => {
  assert.equal(run('{{ 0x1F }} {{ 1e3 }} {{ 1.5 }} {{ \'a\' }} {{ `r\\n` }} {{ "q\\t" }}'), '31 1000 1.5 97 r\\n q\t');
  assert.equal(run('{{ 1_000 }} {{ 0o17 }} {{ 017 }}'), '1000 15 15');
  // Plain decimals (read without the general rules) up to int64's edge, and past it Go's error.
  assert.equal(run('{{ 0 }} {{ 63 }} {{ 999999999999999999 }} {{ 9223372036854775807 }}'), '0 63 999999999999999999 9223372036854775807');
  assert.throws(() => run('{{ 9223372036854775808 }}'), /integer overflow: "9223372036854775808"/);
});

test("number and char literals follow Go's scanNumber, ParseInt and ParseFloat (outputs and messages are helm v4.1.4's)", () => {
  assert.equal(
    run(
      "{{ 0x1p-2 }} {{ 0x1.8p1 }} {{ 0x.8p1 }} {{ 0x1.p1 }} {{ -0x1p-2 }} {{ 0x_1p4 }} {{ 0x1P-1_0 }} {{ 1_0e1_0 }} {{ 1_000.5 }} {{ 1e-400 }} {{ 09.5 }} {{ 0b1_0 }} {{ 0_7 }} {{ 0x_1 }} {{ '\\x41' }} {{ 'é' }}",
    ),
    '0.25 3 1 2 -0.25 16 0.0009765625 1e+11 1000.5 0 9.5 2 7 1 65 233',
  );
  // Go's message; Helm keeps its last ": " part (render.ts), which the chart test below checks.
  const syntax = (src: string) => {
    try {
      parseTemplate('t', src);
    } catch (e) {
      return e instanceof TemplateSyntaxError ? e.message : `not a syntax error: ${String(e)}`;
    }
    return 'parsed';
  };
  assert.equal(syntax('{{ 08 }}'), 'integer overflow: "08"');
  assert.equal(syntax('{{ 99999999999999999999 }}'), 'integer overflow: "99999999999999999999"');
  assert.equal(syntax('{{ 1_ }}'), 'illegal number syntax: "1_"');
  assert.equal(syntax('{{ 1__0 }}'), 'illegal number syntax: "1__0"');
  assert.equal(syntax('{{ 1._5 }}'), 'illegal number syntax: "1._5"');
  assert.equal(syntax('{{ 1e400 }}'), 'illegal number syntax: "1e400"');
  assert.equal(syntax('{{ 0x1p }}'), 'illegal number syntax: "0x1p"');
  assert.equal(syntax('{{ 0_x1 }}'), 'bad number syntax: "0_x"');
  assert.equal(syntax("{{ 'ab' }}"), "malformed character constant: 'ab'");
  assert.equal(syntax("{{ '' }}"), 'invalid syntax');
});

test('if / else if / else and Go truthiness (0, "", empty list/map, nil are false)', () => {
  const src = '{{ if .a }}A{{ else if .b }}B{{ else }}C{{ end }}';
  assert.equal(run(src, m({ a: 1n })), 'A');
  assert.equal(run(src, m({ a: 0n, b: 'x' })), 'B');
  assert.equal(run(src, m({ a: [], b: m({}) })), 'C');
  assert.equal(run(src, m({ a: '', b: null })), 'C');
});

test('range over lists with $i, $v; over maps in sorted key order; over an integer; else when empty', () => {
  assert.equal(run('{{ range $i, $v := . }}{{ $i }}={{ $v }};{{ end }}', ['a', 'b']), '0=a;1=b;');
  assert.equal(run('{{ range $k, $v := . }}{{ $k }}:{{ $v }} {{ end }}', m({ z: 1, a: 2, m: 3 })), 'a:2 m:3 z:1 ');
  assert.equal(run('{{ range 3 }}{{ . }}{{ end }}'), '012');
  assert.equal(run('{{ range . }}x{{ else }}empty{{ end }}', []), 'empty');
  // helm v4.1.4: reported at the last argument evaluated.
  assert.throws(
    () => run('a: {{ range $i, $e := len "abc" }}{{ end }}'),
    (e: unknown) =>
      (e as Error).message === 'template: t:1:26: executing "t" at <"abc">: can\'t use 3 to iterate over more than one variable',
  );
  assert.throws(() => run('{{ range $i, $e := 0 }}{{ end }}'), /can't use 0 to iterate over more than one variable/);
});

test('break and continue inside range', () => {
  assert.equal(
    run('{{ range . }}{{ if eq . 2 }}{{ continue }}{{ end }}{{ if eq . 4 }}{{ break }}{{ end }}{{ . }}{{ end }}', [1n, 2n, 3n, 4n, 5n]),
    '13',
  );
});

test('variables: scoping ends with the block, = reassigns the outer variable', () => {
  assert.equal(run('{{ $x := 1 }}{{ if true }}{{ $x := 2 }}{{ $x }}{{ end }}{{ $x }}'), '21');
  assert.equal(run('{{ $x := 1 }}{{ range . }}{{ $x = . }}{{ end }}{{ $x }}', [5n, 6n]), '6');
  assert.equal(run('{{ with .a }}{{ . }}-{{ $.b }}{{ end }}', m({ a: 'A', b: 'B' })), 'A-B');
  assert.equal(run('{{ with .missing }}x{{ else with .b }}{{ . }}{{ end }}', m({ b: 'B' })), 'B');
});

test('define / template / block', () => {
  assert.equal(run('{{ define "t" }}[{{ . }}]{{ end }}{{ template "t" "x" }}'), '[x]');
  assert.equal(run('{{ block "b" . }}default {{ . }}{{ end }}', 'v'), 'default v');
});

test('and/or short-circuit and return the deciding operand; eq takes several operands', () => {
  assert.equal(run('{{ and 1 0 "x" }}|{{ or 0 "" "y" }}|{{ or 0 "" }}'), '0|y|');
  assert.equal(run('{{ if and false (index . 5) }}x{{ else }}safe{{ end }}', []), 'safe', 'index out of range is never evaluated');
  assert.equal(run('{{ eq 3 1 2 3 }} {{ eq "a" "b" }} {{ ne 1 2 }} {{ lt 1 2 }} {{ ge "b" "a" }}'), 'true false true true true');
});

test('comparison of int with float is an error in Go wording, with template name, line and column', () => {
  assert.throws(() => run('\n  {{ eq 1 1.5 }}', null, 'f.yaml'), {
    message: 'template: f.yaml:2:5: executing "f.yaml" at <eq>: error calling eq: incompatible types for comparison',
  });
});

test('missing map keys print as <no value>; a field of a missing key is a nil pointer error', () => {
  assert.equal(run('{{ .a }}', m({})), '<no value>');
  assert.throws(() => run('{{ .a.b }}', m({}), 'x'), {
    message: 'template: x:1:3: executing "x" at <.a.b>: nil pointer evaluating interface {}.b',
  });
  assert.equal(run('{{ (.a).b }}', m({})), '<no value>', 'a nil from a pipeline is an invalid value: no error');
});

test('index, slice and len', () => {
  assert.equal(run('{{ index .l 1 }} {{ index .m "k" }}|{{ index .m "z" }}', m({ l: [10n, 20n], m: m({ k: 'v' }) })), '20 v|<no value>');
  assert.equal(run('{{ index .l 1 0 }} {{ slice "hello" 1 3 }} {{ len "héllo" }} {{ len .l }}', m({ l: [[1n], [2n, 3n]] })), '2 el 6 2');
  assert.throws(() => run('{{ index . 5 }}', [1n]), /error calling index: index out of range: 5/);
});

test('print, println and %v of maps, lists, nil and numbers as Go formats them', () => {
  assert.equal(run('{{ print 1 2 "a" "b" 3 }}'), '1 2ab3', 'Sprint adds spaces only between operands that are both non-strings');
  assert.equal(run('{{ println 1 "a" }}'), '1 a\n');
  assert.equal(run('{{ . }}', m({ b: [1n, 'x'], a: null })), 'map[a:<nil> b:[1 x]]');
  assert.equal(run('{{ .a }} {{ .b }} {{ .c }} {{ .d }}', m({ a: 1000000, b: 123456, c: 1.5, d: 0.00001 })), '1e+06 123456 1.5 1e-05');
});

test('printf verbs', () => {
  assert.equal(
    sprintf('%s-%d-%v-%q-%5.2f-%x-%t-%05d-%-4s|', ['a', 42n, 1.5, 'q"', 3.14159, 255n, true, 42n, 'ab']),
    'a-42-1.5-"q\\""- 3.14-ff-true-00042-ab  |',
  );
  assert.equal(sprintf('%d %s', ['x']), '%!d(string=x) %!s(MISSING)');
  assert.equal(sprintf('%s', ['a', 'b']), 'a%!(EXTRA string=b)');
  assert.equal(sprintf('%v %T %%', [null, 1n]), '<nil> int %');
});

test('html, js and urlquery escape as Go does', () => {
  assert.equal(run('{{ html "<a href=\'x\'>&</a>" }}'), '&lt;a href=&#39;x&#39;&gt;&amp;&lt;/a&gt;');
  assert.equal(run('{{ js "it\'s <b>" }}'), "it\\'s \\u003Cb\\u003E");
  assert.equal(run('{{ urlquery "a b&c" }}'), 'a+b%26c');
  assert.equal(run('{{ not 0 }} {{ not "x" }}'), 'true false');
});

test('syntax errors carry the offset of the bad token', () => {
  assert.throws(
    () => parseTemplate('t', 'ok {{ if }}'),
    (e: unknown) => e instanceof TemplateSyntaxError && e.message === 'missing value for if',
  );
  assert.throws(
    () => parseTemplate('t', '{{ "unterminated }}'),
    (e: unknown) => e instanceof TemplateSyntaxError && e.pos === 3,
  );
  assert.throws(() => parseTemplate('t', '{{ break }}'), /\{\{break\}\} outside \{\{range\}\}/);
  assert.throws(() => parseTemplate('t', '{{ if 1 }}x'), /unexpected EOF/);
});

test('undefined functions and variables are errors, not crashes', () => {
  assert.throws(() => run('{{ nosuch 1 }}'), /function "nosuch" not defined/);
  assert.throws(() => run('{{ $nope }}'), /undefined variable: \$nope/);
});
