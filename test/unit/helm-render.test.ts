/**
 * The Helm environment on small in-memory charts: values coalescing (subcharts, global, -f,
 * --set), built-in objects, Helm's functions, output assembly and ordering, the source map,
 * and bounded rendering of hostile charts.
 */
import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { renderChart, type RenderOptions } from '../../server/src/core/sources/helm/helm/render';
import { toYaml } from '../../server/src/core/sources/helm/helm/yaml';
import { newMap } from '../../server/src/core/sources/helm/template/values';
import { memFiles } from './helm-files';

function chart(templates: Record<string, string>, values = '', extra: Record<string, string> = {}): Record<string, string> {
  const files: Record<string, string> = {
    'c/Chart.yaml': 'apiVersion: v2\nname: demo\nversion: 1.2.3\nappVersion: "4.5"\n',
    'c/values.yaml': values,
    ...extra,
  };
  for (const [k, v] of Object.entries(templates)) files[`c/templates/${k}`] = v;
  return files;
}

function render(files: Record<string, string>, opts: RenderOptions = {}) {
  return renderChart(memFiles(files), 'c', { releaseName: 'rel', namespace: 'ns1', ...opts });
}

test('output is assembled like helm template: Source headers, kind install order, partials and NOTES.txt not emitted', () => {
  const r = render(
    chart({
      'b-deploy.yaml': 'kind: Deployment\nmetadata:\n  name: d\n',
      'a-svc.yaml': 'kind: Service\nmetadata:\n  name: s\n---\nkind: ServiceAccount\nmetadata:\n  name: sa\n',
      '_helpers.tpl': '{{ define "x" }}kind: Secret{{ end }}',
      'NOTES.txt': 'thanks',
      'empty.yaml': '{{ if false }}kind: Pod{{ end }}\n',
    }),
  );
  assert.equal(r.error, undefined);
  assert.equal(
    r.output,
    '---\n# Source: demo/templates/a-svc.yaml\nkind: ServiceAccount\nmetadata:\n  name: sa\n' +
      '---\n# Source: demo/templates/a-svc.yaml\nkind: Service\nmetadata:\n  name: s\n' +
      '---\n# Source: demo/templates/b-deploy.yaml\nkind: Deployment\nmetadata:\n  name: d\n',
  );
  assert.deepEqual(
    r.documents.map((d) => d.text),
    ['kind: ServiceAccount\nmetadata:\n  name: sa', 'kind: Service\nmetadata:\n  name: s', 'kind: Deployment\nmetadata:\n  name: d'],
  );
});

test('.Release, .Chart, .Capabilities and .Template as helm template sets them', () => {
  const r = render(
    chart({
      'x.yaml': [
        'r: {{ .Release.Name }} {{ .Release.Namespace }} {{ .Release.IsInstall }} {{ .Release.IsUpgrade }} {{ .Release.Revision }} {{ .Release.Service }}',
        'c: {{ .Chart.Name }} {{ .Chart.Version }} {{ .Chart.AppVersion }} {{ .Chart.IsRoot }}',
        'k: {{ .Capabilities.KubeVersion.Version }} {{ .Capabilities.KubeVersion.Minor }} {{ .Capabilities.APIVersions.Has "policy/v1" }} {{ .Capabilities.APIVersions.Has "monitoring.coreos.com/v1" }} {{ .Capabilities.APIVersions.Has "x.io/v1" }}',
        't: {{ .Template.Name }} {{ .Template.BasePath }}',
        's: {{ semverCompare ">=1.21-0" .Capabilities.KubeVersion.GitVersion }}',
      ].join('\n'),
    }),
    { kubeVersion: '1.33', apiVersions: ['x.io/v1'] },
  );
  assert.equal(
    r.documents[0]!.text,
    [
      'r: rel ns1 true false 1 Helm',
      'c: demo 1.2.3 4.5 true',
      'k: v1.33.0 33 true false true',
      't: demo/templates/x.yaml demo/templates',
      's: true',
    ].join('\n'),
  );
});

test('values: chart defaults, -f files, --set (typed), null deletes a default', () => {
  const files = chart(
    {
      'x.yaml':
        'a: {{ .Values.a }}\nb: {{ .Values.b.c }} {{ .Values.b.d }}\nl: {{ index .Values.list 1 }}\nn: {{ kindOf .Values.n }} {{ .Values.n }}\ngone: {{ hasKey .Values "gone" }}',
    },
    'a: 1\nb:\n  c: x\n  d: y\ngone: here\nn: 1\n',
    { 'over.yaml': 'b:\n  c: fromfile\ngone: null\n' },
  );
  const r = render(files, { valuesFiles: ['over.yaml'], set: ['b.d=set,list[1]=second', 'n=5'] });
  // `--set n=5` is an int64 in Helm (strvals), as helm v4.1.4 prints it.
  assert.equal(r.documents[0]!.text, 'a: 1\nb: fromfile set\nl: second\nn: int64 5\ngone: false');
});

test('subchart values live under its name and receive the parent global; its templates see scoped .Values', () => {
  const files = chart({ 'x.yaml': 'p: {{ .Values.sub.own }}' }, 'global:\n  g: parent\nsub:\n  own: overridden\n', {
    'c/charts/sub/Chart.yaml': 'apiVersion: v2\nname: sub\nversion: 0.1.0\n',
    'c/charts/sub/values.yaml': 'own: default\nkeep: k\nglobal:\n  g: child\n  h: childonly\n',
    'c/charts/sub/templates/y.yaml':
      's: {{ .Values.own }} {{ .Values.keep }} {{ .Values.global.g }} {{ .Values.global.h }} {{ .Chart.Name }} {{ .Chart.IsRoot }}',
  });
  const r = render(files);
  assert.equal(
    r.output,
    '---\n# Source: demo/charts/sub/templates/y.yaml\ns: overridden k parent childonly sub false\n---\n# Source: demo/templates/x.yaml\np: overridden\n',
  );
});

test('a dependency disabled by its condition is not rendered', () => {
  const files = chart({}, 'sub:\n  enabled: false\n', {
    'c/Chart.yaml':
      'apiVersion: v2\nname: demo\nversion: 1.0.0\ndependencies:\n  - name: sub\n    version: 0.1.0\n    condition: sub.enabled\n',
    'c/charts/sub/Chart.yaml': 'apiVersion: v2\nname: sub\nversion: 0.1.0\n',
    'c/charts/sub/templates/y.yaml': 'kind: ConfigMap',
  });
  assert.equal(render(files).output, '');
});

test('include, tpl, required, fail, .Files and toYaml', () => {
  const files = chart(
    {
      '_h.tpl': '{{ define "name" }}{{ .Release.Name }}-{{ .Chart.Name }}{{ end }}',
      'x.yaml': [
        'n: {{ include "name" . | upper }}',
        't: {{ tpl .Values.tmpl . }}',
        'f: {{ .Files.Get "files/a.txt" | trim | quote }}',
        'fl: {{ len (.Files.Lines "files/a.txt") }}',
        'cfg:{{ (.Files.Glob "files/*.txt").AsConfig | nindent 2 }}',
        'y:{{ toYaml .Values.obj | nindent 2 }}',
      ].join('\n'),
    },
    'tmpl: "{{ .Release.Namespace }}"\nobj:\n  z: "true"\n  a: [1, 2.5]\n  s: "a: b"\n  e: ""\n',
    { 'c/files/a.txt': 'hello\nworld\n' },
  );
  assert.equal(
    render(files).documents[0]!.text,
    [
      'n: REL-DEMO',
      't: ns1',
      'f: "hello\\nworld"',
      'fl: 2',
      'cfg:\n  a.txt: |\n    hello\n    world',
      'y:\n  a:\n  - 1\n  - 2.5\n  e: ""\n  s: \'a: b\'\n  z: "true"',
    ].join('\n'),
  );
  const req = render(chart({ 'x.yaml': 'a\n  b: {{ required "image.tag is required" .Values.image.tag }}' }, 'image: {}\n'));
  assert.equal(req.error, 'execution error at (demo/templates/x.yaml:2:8): image.tag is required');
  assert.deepEqual(req.problems[0]!.origin, {
    file: 'c/templates/x.yaml',
    range: { start: 10, end: 10 },
    via: { kind: 'template-action' },
  });
  assert.equal(render(chart({ 'x.yaml': '{{ fail "no" }}' })).error, 'execution error at (demo/templates/x.yaml:1:3): no');
});

test(".Files content loses a leading UTF-8 byte order mark, as Helm's loader strips it (helm v4.1.4's output)", () => {
  const files = chart(
    {
      'x.yaml': [
        'a: {{ len (.Files.GetBytes "data.txt") }}',
        'b: {{ .Files.Get "data.txt" | quote }}',
        'c: {{ len (.Files.Get "data.txt") }}',
        'd: {{ (.Files.Glob "data.txt").AsConfig | quote }}',
        'e: {{ .Files.Lines "data.txt" | toJson | quote }}',
        'f: {{ (.Files.Glob "data.txt").AsSecrets | quote }}',
        'g: {{ range $p, $b := .Files.Glob "data.txt" }}{{ len $b }}{{ end }}',
      ].join('\n'),
    },
    '',
    { 'c/data.txt': '\ufeffhe\n' },
  );
  assert.equal(
    render(files).documents[0]!.text,
    ['a: 3', 'b: "he\\n"', 'c: 3', 'd: "data.txt: |\\n  he"', 'e: "[\\"he\\"]"', 'f: "data.txt: aGUK"', 'g: 3'].join('\n'),
  );
});

test('toYaml folds long strings at 80 columns and orders keys like go-yaml v2', () => {
  const long = 'word '.repeat(20).trim();
  const obj = Object.assign(newMap(), { b_x: 1, bY: 2, a10: 3, a9: 4, text: long });
  assert.equal(toYaml(obj), `a9: 4\na10: 3\nb_x: 1\nbY: 2\ntext: ${'word '.repeat(15)}word\n  ${'word '.repeat(3)}word`);
});

test('source map: literal text maps to its template offset, a printed value to its values key', () => {
  const tpl = 'kind: Pod\nimage: "{{ .Values.image.tag }}"\nname: {{ .Release.Name }}\n';
  const values = 'image:\n  tag: v1\n';
  const r = render(chart({ 'pod.yaml': tpl }, values));
  const doc = r.documents[0]!;
  assert.equal(doc.text, 'kind: Pod\nimage: "v1"\nname: rel');
  assert.deepEqual(doc.provenance.originAt(doc.text.indexOf('Pod')), {
    file: 'c/templates/pod.yaml',
    range: { start: 6, end: 7 },
    via: { kind: 'literal' },
  });
  assert.deepEqual(doc.provenance.originAt(doc.text.indexOf('v1')), {
    file: 'c/values.yaml',
    range: { start: values.indexOf('v1'), end: values.indexOf('v1') + 2 },
    via: { kind: 'values', path: ['image', 'tag'] },
  });
  const act = tpl.indexOf('{{ .Release');
  assert.deepEqual(doc.provenance.originAt(doc.text.indexOf('rel')), {
    file: 'c/templates/pod.yaml',
    range: { start: act, end: act + '{{ .Release.Name }}'.length },
    via: { kind: 'template-action' },
  });
});

test('source map follows values through toYaml | nindent and quote, and prefers the -f file that set the key', () => {
  const tpl = 'sc:{{ toYaml .Values.sc | nindent 2 }}\nq: {{ .Values.q | quote }}\n';
  const r = render(chart({ 'x.yaml': tpl }, 'sc:\n  privileged: true\nq: a\n', { 'o.yaml': 'q: b\n' }), { valuesFiles: ['o.yaml'] });
  const doc = r.documents[0]!;
  assert.equal(doc.text, 'sc:\n  privileged: true\nq: "b"');
  // toYaml maps key by key: the output's `privileged: true` is the values node of sc.privileged.
  assert.deepEqual(doc.provenance.originAt(doc.text.indexOf('privileged')), {
    file: 'c/values.yaml',
    range: { start: 18, end: 22 },
    via: { kind: 'values', path: ['sc', 'privileged'] },
  });
  assert.deepEqual(doc.provenance.originAt(doc.text.indexOf('"b"')), {
    file: 'o.yaml',
    range: { start: 3, end: 4 },
    via: { kind: 'values', path: ['q'] },
  });
});

test('hostile charts end as a problem, never a crash or a hang: recursion, output size, time budget, bad syntax', () => {
  const recursive = render(chart({ 'x.yaml': '{{ define "r" }}{{ include "r" . }}{{ end }}{{ include "r" . }}' }));
  assert.match(recursive.error ?? '', /exceeded max recursion depth|maximum nesting depth/);
  const huge = render(chart({ 'x.yaml': '{{ range 100000 }}xxxxxxxxxx{{ end }}' }), { maxOutput: 10_000 });
  assert.match(huge.error ?? '', /rendered output exceeds 10000 characters/);
  const slow = render(chart({ 'x.yaml': '{{ range 100000000 }}{{ end }}' }), { timeBudgetMs: 50 });
  assert.match(slow.error ?? '', /time budget/);
  const bad = render(chart({ 'x.yaml': 'a\n{{ if }}' }));
  assert.equal(bad.error, 'parse error at (demo/templates/x.yaml:2): missing value for if');
  assert.equal(bad.documents.length, 0);
  // Helm keeps the last ": " part of Go's message (`illegal number syntax: "1_"`), as helm v4.1.4 prints.
  assert.equal(render(chart({ 'x.yaml': 'a: {{ 1_ }}' })).error, 'parse error at (demo/templates/x.yaml:1): "1_"');
  assert.equal(render(chart({ 'x.yaml': "a: {{ 'ab' }}" })).error, "parse error at (demo/templates/x.yaml:1): 'ab'");
});

test('a packaged (.tgz) subchart that cannot be read as bytes is reported as a problem, not silently dropped', () => {
  // memFiles has no readBytes (text only); archives themselves: helm-archive.test.ts.
  const r = render(chart({ 'x.yaml': 'kind: Pod' }, '', { 'c/charts/dep-1.0.0.tgz': 'binary' }));
  assert.equal(r.problems.length, 1);
  assert.equal(r.problems[0]!.message, 'c/charts/dep-1.0.0.tgz: packaged subchart could not be read');
  assert.equal(r.documents.length, 1);
});

test('a chart file outside templates/ is read only when a template or --include-crds asks for it, and is part of the build all the same', () => {
  const files = chart({ 'cm.yaml': 'kind: ConfigMap\ndata:\n  conf: {{ .Files.Get "conf/app.ini" | quote }}\n' }, '', {
    'c/conf/app.ini': 'a=1',
    'c/crds/crd.yaml': 'kind: CustomResourceDefinition\nmetadata:\n  name: x\n',
    'c/big.md': 'never used',
  });
  const mem = memFiles(files);
  const reads: string[] = [];
  // A source that can tell a file exists without reading it (as confinedFiles can).
  const spy = {
    ...mem,
    read: (f: string) => {
      reads.push(f);
      return mem.read(f);
    },
    isFile: (f: string) => mem.read(f) !== undefined,
  };
  const opts = { releaseName: 'rel', namespace: 'ns1' };
  const r = renderChart(spy, 'c', opts);
  assert.equal(r.error, undefined);
  assert.equal(r.output, '---\n# Source: demo/templates/cm.yaml\nkind: ConfigMap\ndata:\n  conf: "a=1"\n');
  assert.deepEqual(reads.filter((f) => !f.includes('templates/')).sort(), [
    'c/.helmignore',
    'c/Chart.yaml',
    'c/conf/app.ini',
    'c/values.yaml',
  ]);
  assert.deepEqual(r.filesRead.sort(), [
    'c/Chart.yaml',
    'c/big.md',
    'c/conf/app.ini',
    'c/crds/crd.yaml',
    'c/templates/cm.yaml',
    'c/values.yaml',
  ]);
  reads.length = 0;
  const withCrds = renderChart(spy, 'c', { ...opts, includeCrds: true });
  assert.ok(withCrds.output.startsWith('---\n# Source: demo/crds/crd.yaml\nkind: CustomResourceDefinition\nmetadata:\n  name: x\n\n---\n'));
  assert.ok(reads.includes('c/crds/crd.yaml') && !reads.includes('c/big.md'));
  // Without isFile every file is read as it is listed, with the same result.
  assert.equal(render(files).output, r.output);
  assert.deepEqual(render(files).filesRead.sort(), r.filesRead);
});
