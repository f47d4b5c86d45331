import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { editsInLiteral, templateLiteral } from '../../server/src/core/sources/helm/templateLiteral';

/** A template's literal YAML: actions blanked out at their own offsets; only edits outside `{{ }}` pass. */

const SRC = [
  'securityContext:',
  '  privileged: {{ .Values.p }}',
  '  runAsUser: 1000',
  '  {{- if .Values.x }}',
  '  x: 1',
  '  {{- end }}',
  '',
].join('\n');

test('the masked text keeps offsets and line breaks; actions become spaces', () => {
  const t = templateLiteral(SRC)!;
  assert.equal(t.masked.length, SRC.length);
  const blank = (action: string) => ' '.repeat(action.length);
  assert.equal(
    t.masked,
    SRC.replace('{{ .Values.p }}', blank('{{ .Values.p }}'))
      .replace('{{- if .Values.x }}', blank('{{- if .Values.x }}'))
      .replace('{{- end }}', blank('{{- end }}')),
  );
});

test('edits inside or across an action are refused; literal edits and insertions at trimmed whitespace pass', () => {
  const t = templateLiteral(SRC)!;
  const at = (s: string) => SRC.indexOf(s);
  const action = at('{{ .Values.p }}');
  assert.equal(editsInLiteral(t, [{ start: action + 3, end: action + 10, newText: 'x' }]), false);
  assert.equal(editsInLiteral(t, [{ start: action - 2, end: action + 2, newText: '' }]), false);
  assert.equal(editsInLiteral(t, [{ start: action + 1, end: action + 1, newText: 'y' }]), false);
  const user = at('1000');
  assert.equal(editsInLiteral(t, [{ start: user, end: user + 4, newText: '10001' }]), true);
  // The line break and indentation before `{{- if` is text the trim marker removes: an insertion there is outside the action.
  const beforeIf = at('  {{- if');
  assert.equal(editsInLiteral(t, [{ start: beforeIf, end: beforeIf, newText: '  runAsNonRoot: true\n' }]), true);
});

test('a template that does not lex has no literal YAML', () => {
  assert.equal(templateLiteral('a: {{ .Values.x\n'), undefined);
});
