/**
 * The Helm source map on a small fixture chart (test/fixtures/helm/sourcemap): exact origins
 * (file, line:col range, via, callSite) for literal text, values printed directly and through
 * quote/default/toYaml/nindent/include/tpl/range/with, the -f file that won, and the anchor
 * of "missing field" findings (issue #17).
 */
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { test } from 'node:test';
import { anchorOrigin } from '../../server/src/core/sources/helm/helm/anchor';
import { renderChart } from '../../server/src/core/sources/helm/helm/render';
import type { BuiltDocument, Origin, SourceFiles } from '../../server/src/core/sources/types';
import { rangeString, REPO_ROOT } from '../helpers';
import { dirFiles, memFiles } from './helm-files';

const FIXTURE = path.join(REPO_ROOT, 'test', 'fixtures', 'helm', 'sourcemap');

interface Brief {
  file: string;
  range: string;
  text: string;
  via: Origin['via'];
  callSite?: Brief;
}

/** An origin as line:col (0-based) plus the text it covers, so expectations read like the files. */
function brief(files: SourceFiles, o: Origin | undefined): Brief | undefined {
  if (!o) return undefined;
  const text = files.read(o.file) ?? '';
  const b: Brief = { file: o.file, range: rangeString(text, o.range), text: text.slice(o.range.start, o.range.end), via: o.via };
  if (o.callSite) b.callSite = brief(files, o.callSite)!;
  return b;
}

function renderFixture(): { files: SourceFiles; doc: BuiltDocument } {
  const files = dirFiles(FIXTURE);
  const r = renderChart(files, 'chart', { valuesFiles: ['override.yaml'] });
  assert.equal(r.error, undefined);
  assert.equal(r.documents.length, 1);
  return { files, doc: r.documents[0]! };
}

const DEPLOYMENT = 'chart/templates/deployment.yaml';
const HELPERS = 'chart/templates/_helpers.tpl';
const VALUES = 'chart/values.yaml';
const INCLUDE_SITE: Brief = {
  file: DEPLOYMENT,
  range: '5:4-5:46',
  text: '{{- include "demo.labels" . | nindent 4 }}',
  via: { kind: 'template-action' },
};

test('fixture chart renders as expected (the text the origins below refer to)', () => {
  const { doc } = renderFixture();
  assert.match(doc.text, /^ {4}app: demo\n {4}tier: web\n/m);
  assert.match(doc.text, /\n {10}securityContext:\n {12}runAsNonRoot: true\n {12}runAsUser: 1000\n/);
  assert.match(doc.text, /image: "nginx:1\.26"/);
  assert.match(doc.text, /note: release-name-note/);
});

test('source map: literal text, direct values, quote/default, the -f file that won', () => {
  const { files, doc } = renderFixture();
  const at = (needle: string) => brief(files, doc.provenance.originAt(doc.text.indexOf(needle)));
  assert.deepEqual(at('Deployment'), { file: DEPLOYMENT, range: '1:6-1:7', text: 'D', via: { kind: 'literal' } });
  assert.deepEqual(at('nginx'), {
    file: VALUES,
    range: '1:14-1:19',
    text: 'nginx',
    via: { kind: 'values', path: ['image', 'repository'] },
  });
  // image.tag is 1.25 in values.yaml and 1.26 in override.yaml: the -f file wins.
  assert.deepEqual(at('1.26'), {
    file: 'override.yaml',
    range: '1:7-1:13',
    text: '"1.26"',
    via: { kind: 'values', path: ['image', 'tag'] },
  });
  // `quote` keeps the value's origin; `default "demo"` over an empty value is the action's own text.
  assert.deepEqual(at('IfNotPresent'), {
    file: VALUES,
    range: '3:12-3:24',
    text: 'IfNotPresent',
    via: { kind: 'values', path: ['pullPolicy'] },
  });
  assert.deepEqual(at('"demo"'), {
    file: DEPLOYMENT,
    range: '3:8-3:51',
    text: '{{ .Values.name | default "demo" | quote }}',
    via: { kind: 'template-action' },
  });
});

test('source map: toYaml | nindent maps each nested key to its own values node', () => {
  const { files, doc } = renderFixture();
  const at = (needle: string) => brief(files, doc.provenance.originAt(doc.text.indexOf(needle)));
  const runAsUser = { file: VALUES, range: '8:13-8:17', text: '1000', via: { kind: 'values', path: ['securityContext', 'runAsUser'] } };
  assert.deepEqual(at('runAsUser'), runAsUser);
  assert.deepEqual(at('1000'), runAsUser);
  assert.deepEqual(at('runAsNonRoot'), {
    file: VALUES,
    range: '7:16-7:20',
    text: 'true',
    via: { kind: 'values', path: ['securityContext', 'runAsNonRoot'] },
  });
});

test('source map: include maps into the define body with the including action as callSite', () => {
  const { files, doc } = renderFixture();
  const at = (needle: string) => brief(files, doc.provenance.originAt(doc.text.indexOf(needle)));
  assert.deepEqual(at('demo\n'), { file: HELPERS, range: '1:5-1:6', text: 'd', via: { kind: 'literal' }, callSite: INCLUDE_SITE });
  assert.deepEqual(at('tier'), { file: HELPERS, range: '2:0-2:1', text: 't', via: { kind: 'literal' }, callSite: INCLUDE_SITE });
  // `default "web"` over a missing value: the helper's action, still with its call site.
  assert.deepEqual(at('web'), {
    file: HELPERS,
    range: '2:6-2:40',
    text: '{{ .Values.tier | default "web" }}',
    via: { kind: 'template-action' },
    callSite: INCLUDE_SITE,
  });
});

test('source map: range over a values list and a values map inside with, and tpl of a values string', () => {
  const { files, doc } = renderFixture();
  const at = (needle: string) => brief(files, doc.provenance.originAt(doc.text.indexOf(needle)));
  assert.deepEqual(at('443'), { file: VALUES, range: '11:4-11:7', text: '443', via: { kind: 'values', path: ['ports', 1] } });
  assert.deepEqual(at('info'), { file: VALUES, range: '13:13-13:17', text: 'info', via: { kind: 'values', path: ['env', 'LOG_LEVEL'] } });
  // A map key is no values node: it is the action that printed it.
  assert.deepEqual(at('LOG_LEVEL'), { file: DEPLOYMENT, range: '24:20-24:28', text: '{{ $k }}', via: { kind: 'template-action' } });
  // tpl's output (its literal text and what its actions printed) is the values string it rendered.
  const note = { file: VALUES, range: '5:6-5:32', text: '"{{ .Release.Name }}-note"', via: { kind: 'values', path: ['note'] } };
  assert.deepEqual(at('release-name-note'), note);
  assert.deepEqual(at('-note'), note);
});

test('anchorOrigin: a missing field goes to the values key of a toYaml map, else the template key that emits the map', () => {
  const { files, doc } = renderFixture();
  const anchor = (needle: string) => brief(files, anchorOrigin(doc.provenance, doc.text.indexOf(needle)));
  // securityContext's map is `toYaml .Values.securityContext`: the values key, where a fix adds the field.
  assert.deepEqual(anchor('securityContext'), {
    file: VALUES,
    range: '7:2-8:17',
    text: 'runAsNonRoot: true\n  runAsUser: 1000',
    via: { kind: 'values', path: ['securityContext'] },
  });
  // A container (a list item): its `- name:` line; `env:` holds a list, so its map is the container too.
  const containerName = { file: DEPLOYMENT, range: '12:10-12:14', text: 'name', via: { kind: 'literal' } };
  assert.deepEqual(anchor('name: app'), containerName);
  assert.deepEqual(anchor('env:'), containerName);
  // A map written in the template, or included from a helper: the template key that introduces it.
  assert.deepEqual(anchor('labels'), { file: DEPLOYMENT, range: '4:2-4:8', text: 'labels', via: { kind: 'literal' } });
  assert.deepEqual(anchor('metadata'), { file: DEPLOYMENT, range: '2:0-2:8', text: 'metadata', via: { kind: 'literal' } });
  assert.deepEqual(anchor('containerPort: 80'), {
    file: DEPLOYMENT,
    range: '19:14-19:27',
    text: 'containerPort',
    via: { kind: 'literal' },
  });
  // The root map: its first key.
  assert.deepEqual(anchor('kind'), { file: DEPLOYMENT, range: '0:0-0:10', text: 'apiVersion', via: { kind: 'literal' } });
});

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
    via: { kind: 'values', path: ['sub', 'global', 'g'] },
  });
});
