import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { formatValuesPath } from '../../server/src/core/sources/helm/valuesPath';
import { parseSet } from '../../server/src/core/sources/helm/helm/strvals';
import { newMap } from '../../server/src/core/sources/helm/template/values';
import { cli, tree } from './cli-helpers';

/**
 * Issue #17: a finding placed on a values key names that key's values path, written as
 * `--set` takes it (dotted keys, `[0]` list indexes, `\` before a key's `.` `[` `,` `=` `\`),
 * in the message and as `valuesPath` in JSON and SARIF.
 */

test('formatValuesPath: dotted keys, list indexes, escaped syntax characters', () => {
  assert.equal(formatValuesPath(['web', 'securityContext', 'privileged']), 'web.securityContext.privileged');
  assert.equal(formatValuesPath(['sidecars', 0, 'privileged']), 'sidecars[0].privileged');
  assert.equal(formatValuesPath(['m', 1, 2, 'x']), 'm[1][2].x');
  assert.equal(formatValuesPath(['nodeSelector', 'kubernetes.io/os']), 'nodeSelector.kubernetes\\.io/os');
  assert.equal(formatValuesPath(['a[0]', 'b,c=d', 'back\\slash']), 'a\\[0].b\\,c\\=d.back\\\\slash');
  // A key that only looks like an index or holds spaces and `]` is written as it is.
  assert.equal(formatValuesPath(['0', 'with space]']), '0.with space]');
  // An empty key keeps its place: not dropped at the start, not merged with its neighbours.
  assert.equal(formatValuesPath(['', 'x']), '.x');
  assert.equal(formatValuesPath(['a', '', 'b']), 'a..b');
  assert.equal(formatValuesPath(['a', '', 0]), 'a.[0]');
});

test('formatValuesPath: `--set <path>=v` sets exactly the key the path names (round trip through the --set parser)', () => {
  const cases: Array<{ path: (string | number)[]; expected: unknown }> = [
    { path: ['web', 'privileged'], expected: { web: { privileged: 'v' } } },
    { path: ['list', 1, 'x'], expected: { list: [null, { x: 'v' }] } },
    { path: ['nodeSelector', 'kubernetes.io/os'], expected: { nodeSelector: { 'kubernetes.io/os': 'v' } } },
    { path: ['odd', 'a[0],b=c\\d'], expected: { odd: { 'a[0],b=c\\d': 'v' } } },
  ];
  for (const c of cases) {
    const parsed = parseSet(`${formatValuesPath(c.path)}=v`, newMap());
    assert.deepEqual(JSON.parse(JSON.stringify(parsed)), c.expected, formatValuesPath(c.path));
  }
});

const CHART = {
  'p/Chart.yaml': 'apiVersion: v2\nname: parent\nversion: 0.1.0\n',
  'p/values.yaml': [
    'global:',
    '  hostNet: true',
    'sidecars:',
    '  - name: proxy',
    '    privileged: true',
    'containers:',
    '  web.main:',
    '    hostPID: true',
    '',
  ].join('\n'),
  'p/templates/pods.yaml': [
    '{{- range $i, $s := .Values.sidecars }}',
    'apiVersion: v1',
    'kind: Pod',
    'metadata:',
    '  name: side-{{ $i }}',
    'spec:',
    '  containers:',
    '    - name: side',
    '      image: registry.example.com/app:1.2.3',
    '      securityContext:',
    '        privileged: {{ $s.privileged }}',
    '---',
    '{{- end }}',
    '{{- range $name, $c := .Values.containers }}',
    'apiVersion: v1',
    'kind: Pod',
    'metadata:',
    '  name: dotted',
    'spec:',
    '  hostPID: {{ $c.hostPID }}',
    '  containers:',
    '    - name: main',
    '      image: registry.example.com/app:1.2.3',
    '{{- end }}',
    '',
  ].join('\n'),
  'p/charts/sub/Chart.yaml': 'apiVersion: v2\nname: sub\nversion: 0.1.0\n',
  'p/charts/sub/values.yaml': 'priv: true\n',
  'p/charts/sub/templates/pod.yaml': [
    'apiVersion: v1',
    'kind: Pod',
    'metadata:',
    '  name: subpod',
    'spec:',
    '  hostNetwork: {{ .Values.global.hostNet }}',
    '  containers:',
    '    - name: main',
    '      image: registry.example.com/app:1.2.3',
    '      securityContext:',
    '        privileged: {{ .Values.priv }}',
    '',
  ].join('\n'),
};

interface JsonFinding {
  ruleId: string;
  file: string;
  message: string;
  range: { start: { line: number } };
  valuesPath?: string;
}

test('a chart: list indexes, a key with a dot, a subchart value and a global, named in the message and as valuesPath', () => {
  const t = tree(CHART);
  try {
    const report = JSON.parse(cli('scan', '--no-config', '-f', 'json', t.root).stdout) as { findings: JsonFinding[]; errors: unknown[] };
    assert.deepEqual(report.errors, []);
    const onValues = report.findings
      .filter((f) => f.file.endsWith('values.yaml'))
      .map((f) => `${f.file.slice(t.root.length + 1)}:${f.range.start.line + 1} ${f.ruleId} ${f.valuesPath}`);
    assert.deepEqual(onValues, [
      'p/charts/sub/values.yaml:1 pss-privileged sub.priv',
      'p/values.yaml:2 pss-host-namespaces global.hostNet',
      'p/values.yaml:5 pss-privileged sidecars[0].privileged',
      'p/values.yaml:8 pss-host-namespaces containers.web\\.main.hostPID',
    ]);
    const by = (rule: string, file: string) => report.findings.find((f) => f.ruleId === rule && f.file === t.p(file))!;
    const chart = t.p('p');
    assert.equal(
      by('pss-privileged', 'p/values.yaml').message,
      `Container "side" of Pod "side-0" is privileged. (Pod "side-0" built by ${chart}, from values sidecars[0].privileged)`,
    );
    assert.equal(
      by('pss-host-namespaces', 'p/values.yaml').message,
      `Pod "subpod" shares the host network namespace (hostNetwork: true). (Pod "subpod" built by ${chart}, from values global.hostNet)`,
    );
    // Findings placed in a template name no values path.
    const inTemplates = report.findings.filter((f) => f.file.includes('templates'));
    assert.ok(inTemplates.length > 0);
    assert.deepEqual(
      inTemplates.filter((f) => f.valuesPath !== undefined || f.message.includes('from values')),
      [],
    );

    const sarif = JSON.parse(cli('scan', '--no-config', '-f', 'sarif', t.root).stdout) as {
      runs: Array<{ results: Array<{ ruleId: string; properties?: Record<string, unknown> }> }>;
    };
    const paths = sarif.runs[0]!.results.flatMap((r) =>
      r.properties?.valuesPath ? [`${r.ruleId} ${String(r.properties.valuesPath)}`] : [],
    );
    assert.deepEqual(paths.sort(), [
      'pss-host-namespaces containers.web\\.main.hostPID',
      'pss-host-namespaces global.hostNet',
      'pss-privileged sidecars[0].privileged',
      'pss-privileged sub.priv',
    ]);
    const privileged = sarif.runs[0]!.results.find((r) => r.properties?.valuesPath === 'sub.priv')!;
    assert.deepEqual(privileged.properties, { pssCheck: 'privileged', pssLevel: 'baseline', valuesPath: 'sub.priv' });
  } finally {
    t.cleanup();
  }
});
