/**
 * A chart Helm cannot load is never rendered: a listed file that cannot be read and a
 * Chart.yaml or values.yaml that is not a YAML map fail the render with Helm's (v4.1.4) message,
 * checked against `helm template` on the same charts; `scan` reports the chart as not analysed.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { test } from 'node:test';
import { renderChart } from '../../server/src/core/sources/helm/helm/render';
import { confinedFiles } from '../../server/src/node/confinedFiles';
import type { SourceFiles } from '../../server/src/core/sources/types';
import { cli, tree } from './cli-helpers';
import { memFiles } from './helm-files';

const CHART_YAML = 'apiVersion: v2\nname: chart\nversion: 0.1.0\n';
const POD =
  'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: c\n      image: "nginx:{{ .Values.tag }}"\n';

function render(files: SourceFiles) {
  return renderChart(files, 'c', { releaseName: 'rel' });
}

function withValues(values: string, chartYaml = CHART_YAML) {
  return render(memFiles({ 'c/Chart.yaml': chartYaml, 'c/values.yaml': values, 'c/templates/pod.yaml': POD }));
}

test('a values.yaml that is not a map fails the render with helm message, never rendered with {}', () => {
  const list = withValues('- a\n');
  assert.equal(
    list.error,
    'cannot load values.yaml: cannot unmarshal yaml document: error unmarshaling JSON: while decoding JSON: json: cannot unmarshal array into Go value of type map[string]interface {}',
  );
  assert.equal(list.output, '');
  assert.deepEqual(list.documents, []);
  assert.equal(
    withValues('tag: "1"\n- x\n').error?.startsWith(
      'cannot load values.yaml: cannot unmarshal yaml document: error converting YAML to JSON: yaml: ',
    ),
    true,
  );
  // go-yaml's own wording ("line 1: did not find expected node content") is not the yaml library's: the line and its message.
  assert.equal(
    withValues('a: [\n').error,
    'cannot load values.yaml: cannot unmarshal yaml document: error converting YAML to JSON: yaml: line 2: Flow sequence in block collection must be sufficiently indented and end with a ]',
  );
  const bad = withValues('a: [\n');
  assert.equal(bad.output, '');
  assert.deepEqual(
    bad.problems.map((p) => p.origin?.file),
    ['c/values.yaml'],
  );
});

test('a Chart.yaml that is not a map fails the render with helm prefix', () => {
  assert.equal(
    withValues('', 'apiVersion: v2\nname: [\n').error,
    'cannot load Chart.yaml: error converting YAML to JSON: yaml: line 3: Flow sequence in block collection must be sufficiently indented and end with a ]',
  );
});

test('a listed file the source cannot read fails the render, naming it (never an empty .Files entry)', () => {
  const files = memFiles({
    'c/Chart.yaml': CHART_YAML,
    'c/templates/x.yaml': '{{ .Files.Get "files/b.txt" }}',
    'c/files/b.txt': 'secret',
  });
  const unreadable: SourceFiles = { ...files, read: (f) => (f === 'c/files/b.txt' ? undefined : files.read(f)) };
  const r = render(unreadable);
  assert.equal(r.error, 'error reading files/b.txt: the file cannot be read');
  assert.equal(r.output, '');
});

test('on disk: a dangling symbolic link fails as helm does (error evaluating symlink); one leading outside is left out of a glob', () => {
  const t = tree({
    'c/Chart.yaml': CHART_YAML,
    'c/templates/x.yaml': '{{ range $p, $_ := .Files.Glob "files/*" }}{{ $p }} {{ end }}',
    'c/files/a.txt': 'a',
  });
  const outside = tree({ 'secret.txt': 'secret' });
  try {
    fs.symlinkSync('/nonexistent-kg-target', t.p('c/files/dangling.txt'));
    const files = confinedFiles(t.p('c'));
    assert.equal(
      renderChart(files, t.p('c'), {}).error,
      `error evaluating symlink ${t.p('c/files/dangling.txt')}: lstat /nonexistent-kg-target: no such file or directory`,
    );
    fs.unlinkSync(t.p('c/files/dangling.txt'));
    // Helm would read it and list it; we never read outside the folder, and a glob does not see it (docs/helm.md).
    fs.symlinkSync(outside.p('secret.txt'), t.p('c/files/out.txt'));
    const ok = renderChart(files, t.p('c'), {});
    assert.equal(ok.error, undefined);
    assert.equal(ok.output, '---\n# Source: chart/templates/x.yaml\nfiles/a.txt\n');
  } finally {
    t.cleanup();
    outside.cleanup();
  }
});

test('scan: a chart whose values.yaml is broken is reported as not rendered (exit 2), not scanned with {}', () => {
  const t = tree({ 'c/Chart.yaml': CHART_YAML, 'c/values.yaml': 'tag: [\n', 'c/templates/pod.yaml': POD });
  try {
    const run = cli('scan', '--no-config', '-f', 'json', t.p('c'));
    assert.equal(run.code, 2);
    const report = JSON.parse(run.stdout) as { findings: unknown[]; errors: { file: string; reason: string; message: string }[] };
    assert.deepEqual(report.findings, []);
    assert.deepEqual(report.errors, [
      {
        file: t.p('c/values.yaml'),
        reason: 'build-incomplete',
        message: `build of ${t.p('c')} is incomplete: cannot load values.yaml: cannot unmarshal yaml document: error converting YAML to JSON: yaml: line 2: Flow sequence in block collection must be sufficiently indented and end with a ]`,
      },
    ]);
  } finally {
    t.cleanup();
  }
});

test('Chart.yaml checked as helm loads it: not a map (loader.chartBase), then name, version, type, apiVersion', () => {
  const withChart = (chartYaml: string) => withValues('', chartYaml).error;
  assert.equal(
    withChart('just a string\n'),
    'cannot load Chart.yaml: error unmarshaling JSON: while decoding JSON: json: cannot unmarshal string into Go value of type loader.chartBase',
  );
  assert.equal(
    withChart('[a]\n'),
    'cannot load Chart.yaml: error unmarshaling JSON: while decoding JSON: json: cannot unmarshal array into Go value of type loader.chartBase',
  );
  for (const empty of ['', '# comment only\n', 'null\n', 'apiVersion: v2\nversion: 0.1.0\n', 'apiVersion: v3\n'])
    assert.equal(withChart(empty), 'validation: chart.metadata.name is required', empty);
  assert.equal(withChart('apiVersion: v2\nname: c\n'), 'validation: chart.metadata.version is required');
  assert.equal(withChart('apiVersion: v2\nname: c\nversion: abc\n'), 'validation: chart.metadata.version "abc" is invalid');
  assert.equal(withChart('apiVersion: v2\nname: a/b\nversion: 1.0.0\n'), 'validation: chart.metadata.name "a/b" is invalid');
  assert.equal(
    withChart('apiVersion: v2\nname: c\nversion: 1.0.0\ntype: foo\n'),
    'validation: chart.metadata.type must be application or library',
  );
  assert.equal(withChart('apiVersion: v3\nname: c\nversion: 0.1.0\n'), 'invalid chart apiVersion');
  // Loose semver and a missing apiVersion (v1) load as in helm.
  for (const ok of [
    'name: c\nversion: 0.1.0\n',
    'apiVersion: v2\nname: c\nversion: 1.2\n',
    'apiVersion: v1\nname: c\nversion: v1.2.3\n',
    'apiVersion: v2\nname: c\nversion: 1.0.0-rc.1+b.2\n',
  ])
    assert.equal(withChart(ok), undefined, ok);
});
