/**
 * The Helm source map through helpers and functions, on small in-memory charts: nested
 * includes and {{template}} (the outermost call site), tpl of a toYaml string, toYaml inside
 * a helper, printf arguments, and subchart and global values.
 */
import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { anchorOrigin } from '../../server/src/core/sources/helm/helm/anchor';
import { renderChart } from '../../server/src/core/sources/helm/helm/render';
import { memFiles } from './helm-files';
import { brief, type Brief } from './helm-origins';

const NESTED = {
  'c/Chart.yaml': 'apiVersion: v2\nname: demo\nversion: 0.1.0\n',
  'c/values.yaml': 'sc:\n  privileged: false\nextra:\n  a: 1\nglobal:\n  level: high\n',
  'c/templates/_h.tpl': [
    '{{- define "outer" }}{{ include "inner" . }}{{ end -}}',
    '{{- define "inner" }}x: {{ .Values.global.level }}{{ end -}}',
    '{{- define "sc" }}{{ toYaml .Values.sc }}{{ end -}}',
    '',
  ].join('\n'),
  'c/templates/a.yaml': [
    'kind: A',
    'outer:',
    '  {{- include "outer" . | nindent 2 }}',
    'sc:',
    '  {{- include "sc" . | nindent 2 }}',
    'tpl:',
    '  {{- tpl (toYaml .Values.extra) . | nindent 2 }}',
    '{{ template "inner" . }}',
    '',
  ].join('\n'),
};

test('source map: nested includes and {{template}} take the outermost call site; tpl maps through its string; toYaml in a helper', () => {
  const files = memFiles(NESTED);
  const r = renderChart(files, 'c');
  assert.equal(r.error, undefined);
  const doc = r.documents[0]!;
  assert.equal(doc.text, 'kind: A\nouter:\n  x: high\nsc:\n  privileged: false\ntpl:\n  a: 1\nx: high');
  const at = (offset: number) => brief(files, doc.provenance.originAt(offset));
  const outerSite: Brief = {
    file: 'c/templates/a.yaml',
    range: '2:2-2:38',
    text: '{{- include "outer" . | nindent 2 }}',
    via: { kind: 'template-action' },
  };
  const x = doc.text.indexOf('x: high');
  assert.deepEqual(at(x), { file: 'c/templates/_h.tpl', range: '1:21-1:22', text: 'x', via: { kind: 'literal' }, callSite: outerSite });
  assert.deepEqual(at(doc.text.indexOf('high')), {
    file: 'c/values.yaml',
    range: '5:9-5:13',
    text: 'high',
    via: { kind: 'values', path: ['global', 'level'] },
    callSite: outerSite,
  });
  const scSite: Brief = {
    file: 'c/templates/a.yaml',
    range: '4:2-4:35',
    text: '{{- include "sc" . | nindent 2 }}',
    via: { kind: 'template-action' },
  };
  assert.deepEqual(at(doc.text.indexOf('privileged')), {
    file: 'c/values.yaml',
    range: '1:14-1:19',
    text: 'false',
    via: { kind: 'values', path: ['sc', 'privileged'] },
    callSite: scSite,
  });
  // tpl of a toYaml string: the string's own map still says which values key each line is.
  assert.deepEqual(at(doc.text.indexOf('a: 1')), {
    file: 'c/values.yaml',
    range: '3:5-3:6',
    text: '1',
    via: { kind: 'values', path: ['extra', 'a'] },
  });
  // {{template}} writes straight into the file's output: its call site is that action.
  assert.deepEqual(at(doc.text.lastIndexOf('x: high')), {
    file: 'c/templates/_h.tpl',
    range: '1:21-1:22',
    text: 'x',
    via: { kind: 'literal' },
    callSite: { file: 'c/templates/a.yaml', range: '7:0-7:24', text: '{{ template "inner" . }}', via: { kind: 'template-action' } },
  });
  // A toYaml map printed by a helper: its values key, with the include as call site.
  assert.deepEqual(brief(files, anchorOrigin(doc.provenance, doc.text.indexOf('sc:'))), {
    file: 'c/values.yaml',
    range: '1:2-1:19',
    text: 'privileged: false',
    via: { kind: 'values', path: ['sc'] },
    callSite: scSite,
  });
});

test('source map: printf maps each %s argument to its value or helper text, the format to the action', () => {
  const files = memFiles({
    'c/Chart.yaml': 'apiVersion: v2\nname: demo\nversion: 0.1.0\n',
    'c/values.yaml': 'image:\n  repository: nginx\n  tag: "1.25"\n',
    'c/templates/_h.tpl': '{{- define "n" }}app{{ end -}}\n',
    'c/templates/p.yaml':
      'kind: P\nimage: {{ printf "%s:%s" .Values.image.repository .Values.image.tag }}\nname: {{ printf "%s-x-" (include "n" .) | trimSuffix "-" }}\n',
  });
  const r = renderChart(files, 'c');
  const doc = r.documents[0]!;
  assert.equal(doc.text, 'kind: P\nimage: nginx:1.25\nname: app-x');
  const at = (offset: number) => brief(files, doc.provenance.originAt(offset));
  assert.deepEqual(at(doc.text.indexOf('nginx')), {
    file: 'c/values.yaml',
    range: '1:14-1:19',
    text: 'nginx',
    via: { kind: 'values', path: ['image', 'repository'] },
  });
  assert.deepEqual(at(doc.text.indexOf('1.25')), {
    file: 'c/values.yaml',
    range: '2:7-2:13',
    text: '"1.25"',
    via: { kind: 'values', path: ['image', 'tag'] },
  });
  const imageAction = '{{ printf "%s:%s" .Values.image.repository .Values.image.tag }}';
  assert.deepEqual(at(doc.text.indexOf(':1.25')), {
    file: 'c/templates/p.yaml',
    range: `1:7-1:${7 + imageAction.length}`,
    text: imageAction,
    via: { kind: 'template-action' },
  });
  const nameAction = '{{ printf "%s-x-" (include "n" .) | trimSuffix "-" }}';
  const nameSite: Brief = {
    file: 'c/templates/p.yaml',
    range: `2:6-2:${6 + nameAction.length}`,
    text: nameAction,
    via: { kind: 'template-action' },
  };
  assert.deepEqual(at(doc.text.indexOf('app')), {
    file: 'c/templates/_h.tpl',
    range: '0:17-0:18',
    text: 'a',
    via: { kind: 'literal' },
    callSite: nameSite,
  });
  assert.deepEqual(at(doc.text.indexOf('-x')), { ...nameSite });
});

test('source map: a subchart value maps to the parent values.yaml when the parent sets it, else the subchart default; global to the parent global', () => {
  const files = memFiles({
    'c/Chart.yaml': 'apiVersion: v2\nname: demo\nversion: 0.1.0\n',
    'c/values.yaml': 'sub:\n  x: px\nglobal:\n  g: pg\n',
    'c/charts/sub/Chart.yaml': 'apiVersion: v2\nname: sub\nversion: 0.1.0\n',
    'c/charts/sub/values.yaml': 'x: sx\nw: sw\nglobal:\n  g: sg\n',
    'c/charts/sub/templates/s.yaml': 'kind: S\nx: {{ .Values.x }}\nw: {{ .Values.w }}\ng: {{ .Values.global.g }}\n',
  });
  const r = renderChart(files, 'c');
  assert.equal(r.error, undefined);
  const doc = r.documents[0]!;
  assert.equal(doc.text, 'kind: S\nx: px\nw: sw\ng: pg');
  const at = (needle: string) => brief(files, doc.provenance.originAt(doc.text.indexOf(needle)));
  assert.deepEqual(at('px'), { file: 'c/values.yaml', range: '1:5-1:7', text: 'px', via: { kind: 'values', path: ['sub', 'x'] } });
  assert.deepEqual(at('sw'), {
    file: 'c/charts/sub/values.yaml',
    range: '1:3-1:5',
    text: 'sw',
    via: { kind: 'values', path: ['sub', 'w'] },
  });
  assert.deepEqual(at('pg'), {
    file: 'c/values.yaml',
    range: '3:5-3:7',
    text: 'pg',
    // The parent's own key: its path from the parent's values root (what `--set global.g=` overrides).
    via: { kind: 'values', path: ['global', 'g'] },
  });
});

test(
  'a 20,000-key values map through toYaml, tpl, include and nindent renders and maps (no quadratic step; bound by the test timeout)',
  { timeout: 60_000 },
  () => {
    const n = 20_000;
    let values = 'big:\n';
    for (let i = 0; i < n; i++) values += `  k${i}: "{{ .Release.Name }}-${i}"\n`;
    const files = memFiles({
      'c/Chart.yaml': 'apiVersion: v2\nname: demo\nversion: 0.1.0\n',
      'c/values.yaml': values,
      'c/templates/_h.tpl': '{{- define "big" }}{{ tpl (toYaml .Values.big) . }}{{ end -}}\n',
      'c/templates/a.yaml': 'kind: A\ndata:\n  {{- include "big" . | nindent 2 }}\n',
    });
    const r = renderChart(files, 'c');
    assert.equal(r.error, undefined);
    const doc = r.documents[0]!;
    const last = `k${n - 1}`;
    assert.ok(doc.text.endsWith(`\n  ${last}: 'release-name-${n - 1}'`));
    assert.deepEqual(brief(files, doc.provenance.originAt(doc.text.lastIndexOf(last))), {
      file: 'c/values.yaml',
      range: `${n}:${4 + last.length}-${n}:${4 + last.length + `"{{ .Release.Name }}-${n - 1}"`.length}`,
      text: `"{{ .Release.Name }}-${n - 1}"`,
      via: { kind: 'values', path: ['big', last] },
      callSite: {
        file: 'c/templates/a.yaml',
        range: '2:2-2:36',
        text: '{{- include "big" . | nindent 2 }}',
        via: { kind: 'template-action' },
      },
    });
  },
);
