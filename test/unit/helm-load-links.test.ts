/**
 * Chart.yaml and values.yaml that are listed but do not read fail the load with Helm's (v4.1.4)
 * message, in the CLI's and the editor's sources alike (never values `{}`): dangling links,
 * bytes that are not UTF-8, control characters (go-yaml's reader). Links leading outside the
 * folder: Helm reads them; we never do. A template, Chart.yaml or values.yaml there fails the
 * load; a `.Files` entry there fails the render only when a template reads it. Messages checked
 * with `helm template` on the same charts.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { test } from 'node:test';
import { renderChart } from '../../server/src/core/sources/helm/helm/render';
import { confinedFiles } from '../../server/src/node/confinedFiles';
import type { SourceFiles } from '../../server/src/core/sources/types';
import { tree } from './cli-helpers';
import { memFiles } from './helm-files';

const CHART_YAML = 'apiVersion: v2\nname: c\nversion: 0.1.0\n';
const TEMPLATE = 'kind: X\nv: {{ .Values.a | toJson }}\n';

function onDisk(extra: Record<string, string>, setUp: (t: ReturnType<typeof tree>) => void) {
  const t = tree({ 'c/Chart.yaml': CHART_YAML, 'c/templates/x.yaml': TEMPLATE, ...extra });
  try {
    setUp(t);
    return { t, result: renderChart(confinedFiles(t.p('c')), t.p('c'), {}) };
  } finally {
    t.cleanup();
  }
}

test('a dangling values.yaml or Chart.yaml link fails the load as helm does, never rendered with {}', () => {
  const values = onDisk({}, (t) => fs.symlinkSync('nowhere', t.p('c/values.yaml')));
  assert.equal(
    values.result.error,
    `error evaluating symlink ${values.t.p('c/values.yaml')}: lstat ${values.t.p('c/nowhere')}: no such file or directory`,
  );
  assert.equal(values.result.output, '');
  assert.deepEqual(
    values.result.problems.map((p) => p.origin?.file),
    [values.t.p('c/values.yaml')],
  );
  // Helm: "unable to detect chart at <dir>/Chart.yaml: open ...": the link named as for any listed file.
  const chart = onDisk({}, (t) => {
    fs.unlinkSync(t.p('c/Chart.yaml'));
    fs.symlinkSync('nowhere', t.p('c/Chart.yaml'));
  });
  assert.equal(
    chart.result.error,
    `error evaluating symlink ${chart.t.p('c/Chart.yaml')}: lstat ${chart.t.p('c/nowhere')}: no such file or directory`,
  );
});

test('a values.yaml that is not UTF-8 or holds control characters fails with go-yaml reader message', () => {
  const cases: [string, string][] = [
    ['a: 1 # caf\xe9 x\n', 'invalid trailing UTF-8 octet'],
    ['a: 1 # caf\xe9\n', 'incomplete UTF-8 octet sequence'],
    ['\x80a: 1\n', 'invalid leading UTF-8 octet'],
    ['a: 1 # \xc0\x80\n', 'invalid length of a UTF-8 sequence'],
    ['a: 1 # \xed\xa0\x80\n', 'invalid Unicode character'],
    ['a: "\x00"\n', 'control characters are not allowed'],
    ['a: "\x7f"\n', 'control characters are not allowed'],
  ];
  for (const [bytes, problem] of cases) {
    const { result } = onDisk({}, (t) => fs.writeFileSync(t.p('c/values.yaml'), Buffer.from(bytes, 'latin1')));
    assert.equal(
      result.error,
      `cannot load values.yaml: cannot unmarshal yaml document: error converting YAML to JSON: yaml: ${problem}`,
      bytes,
    );
  }
  const bom = onDisk({}, (t) => fs.writeFileSync(t.p('c/values.yaml'), Buffer.from('\xef\xbb\xbfa: 1\n', 'latin1')));
  assert.equal(bom.result.output, '---\n# Source: c/templates/x.yaml\nkind: X\nv: 1\n');
  const chart = onDisk({}, (t) =>
    fs.writeFileSync(t.p('c/Chart.yaml'), Buffer.from('apiVersion: v2\nname: c # caf\xe9 x\nversion: 0.1.0\n', 'latin1')),
  );
  assert.equal(chart.result.error, 'cannot load Chart.yaml: error converting YAML to JSON: yaml: invalid trailing UTF-8 octet');
});

test("the editor's source (no text for bytes that are not UTF-8, no reason given) fails the same, never {}", () => {
  const bytes = Buffer.from('a: 1 # caf\xe9 x\n', 'latin1');
  const base = memFiles({ 'c/Chart.yaml': CHART_YAML, 'c/values.yaml': '', 'c/templates/x.yaml': TEMPLATE });
  const editor: SourceFiles = {
    ...base,
    read: (f) => (f === 'c/values.yaml' ? undefined : base.read(f)),
    readBytes: (f) => (f === 'c/values.yaml' ? bytes : undefined),
    unreadable: () => undefined,
  };
  const r = renderChart(editor, 'c', {});
  assert.equal(
    r.error,
    'cannot load values.yaml: cannot unmarshal yaml document: error converting YAML to JSON: yaml: invalid trailing UTF-8 octet',
  );
  assert.equal(r.output, '');
  // Without its bytes: still a failure, in words of our own.
  const noBytes: SourceFiles = { ...editor, readBytes: () => undefined };
  assert.equal(
    renderChart(noBytes, 'c', {}).error,
    'cannot load values.yaml: cannot unmarshal yaml document: error converting YAML to JSON: yaml: the file is not UTF-8 text',
  );
  // Not listed: absent, values {} (helm renders null).
  const absent = renderChart(memFiles({ 'c/Chart.yaml': CHART_YAML, 'c/templates/x.yaml': TEMPLATE }), 'c', {});
  assert.equal(absent.output, '---\n# Source: c/templates/x.yaml\nkind: X\nv: null\n');
});

test('links leading outside: a template or values.yaml fails closed; a .Files link fails only when a template reads it', () => {
  const outside = tree({ 'shared/values.yaml': 'a: 5\n', 'shared/_h.tpl': '{{ define "h" }}H{{ end }}', 'shared/ext/f.txt': 'hi\n' });
  try {
    const values = onDisk({}, (t) => fs.symlinkSync(outside.p('shared/values.yaml'), t.p('c/values.yaml')));
    assert.equal(
      values.result.error,
      `error reading values.yaml: ${values.t.p('c/values.yaml')} leads outside the folder, which is never read`,
    );
    const tpl = onDisk({}, (t) => fs.symlinkSync(outside.p('shared/_h.tpl'), t.p('c/templates/_h.tpl')));
    assert.equal(
      tpl.result.error,
      `error reading templates/_h.tpl: ${tpl.t.p('c/templates/_h.tpl')} leads outside the folder, which is never read`,
    );
    // A folder outside that no template reads: rendered as helm renders it.
    const untouched = onDisk({ 'c/files/in.txt': 'in\n' }, (t) => fs.symlinkSync(outside.p('shared/ext'), t.p('c/files/ext')));
    assert.equal(untouched.result.error, undefined);
    assert.equal(untouched.result.output, '---\n# Source: c/templates/x.yaml\nkind: X\nv: null\n');
    // Read by name (helm gives "hi\n"): an error at the call, never an empty string.
    const read = onDisk({ 'c/templates/y.yaml': 'g: {{ .Files.Get "files/ext/f.txt" | quote }}\n' }, (t) => {
      fs.mkdirSync(t.p('c/files'));
      fs.symlinkSync(outside.p('shared/ext'), t.p('c/files/ext'));
    });
    assert.equal(
      read.result.error,
      `template: c/templates/y.yaml:1:6: executing "c/templates/y.yaml" at <.Files.Get>: error calling Get: error reading files/ext: ${read.t.p('c/files/ext')} leads outside the folder, which is never read`,
    );
    // A glob does not see it (never read, never listed), where helm gives "files/in.txt files/out.txt".
    const glob = onDisk(
      {
        'c/files/in.txt': 'in\n',
        'c/templates/y.yaml': 'kind: W\nfiles: {{ range $p, $_ := .Files.Glob "files/**" }}{{ $p }} {{ end }}\n',
      },
      (t) => fs.symlinkSync(outside.p('shared/ext/f.txt'), t.p('c/files/out.txt')),
    );
    assert.equal(glob.result.error, undefined);
    assert.equal(
      glob.result.output,
      '---\n# Source: c/templates/y.yaml\nkind: W\nfiles: files/in.txt\n---\n# Source: c/templates/x.yaml\nkind: X\nv: null\n',
    );
    // A CRD there, asked for with --include-crds: fails, never left out.
    const t = tree({ 'c/Chart.yaml': CHART_YAML, 'c/templates/x.yaml': TEMPLATE });
    try {
      fs.mkdirSync(t.p('c/crds'));
      fs.symlinkSync(outside.p('shared/ext/f.txt'), t.p('c/crds/crd.yaml'));
      const files = confinedFiles(t.p('c'));
      assert.equal(renderChart(files, t.p('c'), {}).error, undefined);
      assert.equal(
        renderChart(files, t.p('c'), { includeCrds: true }).error,
        `error reading crds/crd.yaml: ${t.p('c/crds/crd.yaml')} leads outside the folder, which is never read`,
      );
    } finally {
      t.cleanup();
    }
  } finally {
    outside.cleanup();
  }
});
