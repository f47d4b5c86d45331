import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { cli, tree } from './cli-helpers';

/**
 * Which values key a rendered value is placed on (the review of issue #17, items 2 and 6): a
 * value `--set` gives (or a `--set` of a prefix of its path, or of a list holding it) is on no
 * values key, so it stays on the template action that printed it; a `global` key inside a map
 * that is not a subchart is that map's own key, not the parent's top-level `global`.
 */

const CHART = {
  'c/Chart.yaml': 'apiVersion: v2\nname: c\nversion: 0.1.0\n',
  'c/values.yaml': [
    'web:',
    '  privileged: false',
    'sidecars:',
    '  - privileged: false',
    'global:',
    '  hostNetwork: false',
    'server:',
    '  global:',
    '    hostNetwork: true',
    '',
  ].join('\n'),
  'c/templates/pod.yaml': [
    'apiVersion: v1',
    'kind: Pod',
    'metadata:',
    '  name: web',
    'spec:',
    '  hostNetwork: {{ .Values.server.global.hostNetwork }}',
    '  containers:',
    '    - name: web',
    '      image: registry.example.com/app:1.2.3',
    '      securityContext:',
    '        privileged: {{ .Values.web.privileged }}',
    '    - name: side',
    '      image: registry.example.com/app:1.2.3',
    '      securityContext:',
    '        privileged: {{ (index .Values.sidecars 0).privileged }}',
    '',
  ].join('\n'),
};

interface JsonFinding {
  ruleId: string;
  file: string;
  message: string;
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
  valuesPath?: string;
}

/** `rule file:line:col-line:col valuesPath` of the pss-privileged and pss-host-namespaces findings. */
function placed(...flags: string[]): string[] {
  const t = tree(CHART);
  try {
    const run = cli('scan', '--no-config', '-f', 'json', ...flags, t.p('c'));
    const report = JSON.parse(run.stdout) as { findings: JsonFinding[]; errors: unknown[] };
    assert.deepEqual(report.errors, []);
    return report.findings
      .filter((f) => f.ruleId === 'pss-privileged' || f.ruleId === 'pss-host-namespaces')
      .map((f) => {
        const r = f.range;
        const at = `${r.start.line + 1}:${r.start.character}-${r.end.line + 1}:${r.end.character}`;
        return `${f.ruleId} ${f.file.slice(t.root.length + 1)}:${at} ${f.valuesPath ?? '-'}${f.message.includes('from values') ? ' (named)' : ''}`;
      })
      .sort();
  } finally {
    t.cleanup();
  }
}

test("a `global` key inside a map that is not a subchart is that map's key, not the top-level global", () => {
  assert.deepEqual(placed(), ['pss-host-namespaces c/values.yaml:9:4-9:21 server.global.hostNetwork (named)']);
});

test('a value --set gives stays on the template action: no values key, no values path', () => {
  assert.deepEqual(placed('--set', 'web.privileged=true'), [
    'pss-host-namespaces c/values.yaml:9:4-9:21 server.global.hostNetwork (named)',
    'pss-privileged c/templates/pod.yaml:11:8-11:48 -',
  ]);
});

test("--set of an item of a list replaces the whole list: the item's keys in values.yaml hold nothing rendered", () => {
  assert.deepEqual(placed('--set', 'sidecars[0].privileged=true'), [
    'pss-host-namespaces c/values.yaml:9:4-9:21 server.global.hostNetwork (named)',
    'pss-privileged c/templates/pod.yaml:15:8-15:63 -',
  ]);
  // Without it, the item's key in values.yaml holds the value (false: no finding), and a --set of another key changes nothing here.
  assert.deepEqual(placed('--set', 'web.other=1'), ['pss-host-namespaces c/values.yaml:9:4-9:21 server.global.hostNetwork (named)']);
});

/** Containers whose fields are missing: one literal whose name comes from values, and a list printed by `toYaml`. */
const NAMED = {
  'n/Chart.yaml': 'apiVersion: v2\nname: n\nversion: 0.1.0\n',
  'n/values.yaml': ['containerName: web', 'sidecars:', '  - name: proxy', '    image: registry.example.com/proxy:1.0.0', ''].join('\n'),
  'n/templates/pod.yaml': [
    'apiVersion: v1',
    'kind: Pod',
    'metadata:',
    '  name: named',
    'spec:',
    '  containers:',
    '    - name: {{ .Values.containerName }}',
    '      image: registry.example.com/app:1.2.3',
    '    {{- toYaml .Values.sidecars | nindent 4 }}',
    '',
  ].join('\n'),
};

test('a field missing from a container whose name comes from values: on the template `- name:` line, or on the values list item for `toYaml`', () => {
  const t = tree(NAMED);
  try {
    const report = JSON.parse(cli('scan', '--no-config', '-f', 'json', t.p('n')).stdout) as { findings: JsonFinding[]; errors: unknown[] };
    assert.deepEqual(report.errors, []);
    const cpu = report.findings
      .filter((f) => f.ruleId === 'cpu-request-missing')
      .map((f) => {
        const r = f.range;
        return `${f.file.slice(t.root.length + 1)}:${r.start.line + 1}:${r.start.character}-${r.end.line + 1}:${r.end.character} ${f.valuesPath ?? '-'}`;
      })
      .sort();
    assert.deepEqual(cpu, ['n/templates/pod.yaml:7:6-7:39 -', 'n/values.yaml:3:4-3:15 sidecars[0]']);
  } finally {
    t.cleanup();
  }
});
