/**
 * Template parse errors as `helm template` (v4.1.4) prints them: every expected message below
 * is helm's own output for the same one-file chart (Helm keeps only the last ": " part of Go's
 * message, so `bad number syntax: "1x"` prints as `"1x"`).
 */
import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { renderChart } from '../../server/src/core/sources/helm/helm/render';
import { memFiles } from './helm-files';

function parseError(template: string): string | undefined {
  const files = memFiles({
    'c/Chart.yaml': 'apiVersion: v2\nname: chart\nversion: 0.1.0\n',
    'c/values.yaml': '',
    'c/templates/x.yaml': template,
  });
  return renderChart(files, 'c', { releaseName: 'rel' }).error;
}

const at = (line: number, message: string) => `parse error at (chart/templates/x.yaml:${line}): ${message}`;

test('a printable ASCII character the lexer has no token for is unexpected in its context, as Go reports it', () => {
  assert.equal(parseError('a: 1\nb: {{ .Values.a.b }\n'), at(2, 'unexpected "}" in operand'));
  assert.equal(parseError('{{ .Values.a.b }\n}}'), at(1, 'unexpected "}" in operand'));
  assert.equal(parseError('{{ .Values.a ] }}'), at(1, 'unexpected "]" in operand'));
  assert.equal(parseError('{{ . ; }}'), at(1, 'unexpected ";" in operand'));
  assert.equal(parseError('{{ printf "%d" 1 ~ }}'), at(1, 'unexpected "~" in operand'));
  assert.equal(parseError('{{ (.a }) }}'), at(1, 'unexpected "}" in operand'));
  assert.equal(parseError('{{ . /* x */ }}'), at(1, 'unexpected "/" in operand'));
  // At the start of a command the pipeline's context is named.
  assert.equal(parseError('{{ if } }}{{ end }}'), at(1, 'unexpected "}" in if'));
  assert.equal(parseError('{{ $x := } }}'), at(1, 'unexpected "}" in command'));
  assert.equal(parseError('{{ .Values.a | } }}'), at(1, 'unexpected "}" in command'));
  assert.equal(parseError('{{ /* x */ . }}'), at(1, 'unexpected "/" in command'));
  assert.equal(parseError('{{ template } }}'), at(1, 'unexpected "}" in template clause'));
  assert.equal(parseError('{{ if end }}'), at(1, 'unexpected <end> in if'));
  assert.equal(parseError('{{ print (end) }}'), at(1, 'unexpected <end> in parenthesized pipeline'));
});

test('an operand followed by another without a space is unexpected in operand (no "missing space?")', () => {
  assert.equal(parseError('{{ "a""b" }}'), at(1, 'unexpected "\\"b\\"" in operand'));
  assert.equal(parseError('{{ (1)(2) }}'), at(1, 'unexpected "(" in operand'));
  assert.equal(parseError('{{ .a, }}'), at(1, 'unexpected "," in operand'));
});

test('a field, variable or identifier followed by a character that cannot end it is a bad character (%#U)', () => {
  assert.equal(parseError('{{ .Values.a} }}'), at(1, "bad character U+007D '}'"));
  assert.equal(parseError('{{ .Values.a"x" }}'), at(1, `bad character U+0022 '"'`));
  assert.equal(parseError('{{ .Values.a;}}'), at(1, "bad character U+003B ';'"));
  assert.equal(parseError('{{ $x"a" }}'), at(1, `bad character U+0022 '"'`));
  assert.equal(parseError('{{ $}x }}'), at(1, "bad character U+007D '}'"));
  assert.equal(parseError('{{ .}x }}'), at(1, "bad character U+007D '}'"));
  assert.equal(parseError('{{ print}x }}'), at(1, "bad character U+007D '}'"));
  assert.equal(parseError('{{ .a# }}'), at(1, "bad character U+0023 '#'"));
});

test('a character outside printable ASCII is unrecognized, printed as %#U after Helm keeps the last part', () => {
  assert.equal(parseError('{{ . \u0001 }}'), at(1, 'U+0001'));
  assert.equal(parseError('{{ . € }}'), at(1, "U+20AC '€'"));
});

test('declarations: only range declares two variables', () => {
  assert.equal(parseError('{{ range $i, $v := . }}{{ $v, }}{{ end }}'), at(1, 'too many declarations in command'));
  assert.equal(parseError('{{ if $a, $b := 1 }}{{ end }}'), at(1, 'too many declarations in if'));
  assert.equal(parseError('{{ range $i, 3 }}{{ end }}'), at(1, 'range can only initialize variables'));
});

test('a lexing error after a parse error is not the one reported (Go lexes as the parser reads)', () => {
  assert.equal(parseError('{{ end }}{{ "abc }}'), at(1, 'unexpected {{end}}'));
  assert.equal(parseError('{{ "abc }}'), at(1, 'unterminated quoted string'));
});

test('the other broken templates keep helm messages: unclosed action, stray end/else, bad number, EOF, empty if', () => {
  assert.equal(parseError('{{ .Values.a'), at(1, 'unclosed action'));
  assert.equal(parseError('{{ end }}'), at(1, 'unexpected {{end}}'));
  assert.equal(parseError('{{ else }}'), at(1, 'unexpected {{else}}'));
  assert.equal(parseError('{{ 1x }}'), at(1, '"1x"'));
  assert.equal(parseError('{{ 0x1g }}'), at(1, '"0x1g"'));
  assert.equal(parseError('{{ if .Values.a }}'), at(1, 'unexpected EOF'));
  assert.equal(parseError('{{ if }}{{ end }}'), at(1, 'missing value for if'));
  assert.equal(parseError('{{ define }}'), at(1, 'unexpected "}}" in define clause'));
  assert.equal(parseError('{{ 3 := 1 }}'), at(1, 'unexpected ":=" in operand'));
  assert.equal(parseError('{{ (1 }}'), at(1, 'unclosed left paren'));
  assert.equal(parseError('{{ 1) }}'), at(1, 'unexpected right paren'));
});

test('printing the root context (a struct holding maps) renders instead of crashing', () => {
  const files = memFiles({
    'c/Chart.yaml': 'apiVersion: v2\nname: chart\nversion: 0.1.0\n',
    'c/values.yaml': 'a: 1\n',
    'c/templates/x.yaml': '# {{ $ }}\n',
  });
  const r = renderChart(files, 'c', { releaseName: 'rel' });
  assert.equal(r.error, undefined);
  assert.match(r.output, /^---\n# Source: chart\/templates\/x\.yaml\n# map\[Capabilities:/);
});
