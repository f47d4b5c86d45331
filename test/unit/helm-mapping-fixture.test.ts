import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { REPO_ROOT } from '../helpers';
import { cli, inFolder, tree } from './cli-helpers';

/**
 * Issue #17's mapping cases on one fixture chart (test/fixtures/helm/mapping), one template
 * per case, every other field hardened so each template shows only its own case: where each
 * finding on the rendered objects is placed (rule, file, range), and what `--fix` writes.
 */

const CHART = path.join(REPO_ROOT, 'test', 'fixtures', 'helm', 'mapping');
const FILES = [
  'Chart.yaml',
  'values.yaml',
  'templates/_pod.tpl',
  'templates/common.yaml',
  'templates/from-action.yaml',
  'templates/from-values.yaml',
  'templates/guarded.yaml',
  'templates/literal-insert.yaml',
  'templates/literal.yaml',
  'templates/shared-a.yaml',
  'templates/shared-b.yaml',
  'templates/to-yaml.yaml',
];
const read = (rel: string) => fs.readFileSync(path.join(CHART, rel), 'utf8');

interface Pos {
  line: number;
  character: number;
}
interface JsonFinding {
  ruleId: string;
  file: string;
  message: string;
  range: { start: Pos; end: Pos };
  related?: Array<{ file: string; range: { start: Pos; end: Pos }; message: string }>;
  valuesPath?: string;
}

/** A copy of the chart in a temporary folder (so `--fix` can write), scanned without config. */
function withChart(body: (root: string, p: (rel: string) => string) => void): void {
  const t = tree(Object.fromEntries(FILES.map((f) => [path.join('mapping', f), read(f)])));
  try {
    body(t.root, t.p);
  } finally {
    t.cleanup();
  }
}

const span = (r: { start: Pos; end: Pos }) => `${r.start.line + 1}:${r.start.character}-${r.end.line + 1}:${r.end.character}`;
const where = (root: string, f: { file: string; range: { start: Pos; end: Pos } }) => `${path.relative(root, f.file)} ${span(f.range)}`;

function scan(root: string): JsonFinding[] {
  const run = cli('scan', '--no-config', '-f', 'json', root);
  const report = JSON.parse(run.stdout) as { findings: JsonFinding[]; errors: unknown[] };
  assert.deepEqual(report.errors, []);
  return report.findings;
}

test('each mapping case is placed where a person fixes it', () => {
  withChart((root) => {
    const findings = scan(root);
    assert.deepEqual(findings.map((f) => `${f.ruleId} ${where(root, f)}`).sort(), [
      // (c) a missing field: on the container's `- name:` line of the template.
      'cpu-request-missing mapping/templates/literal.yaml 8:6-8:19',
      'memory-limit-missing mapping/templates/literal.yaml 8:6-8:19',
      'memory-request-missing mapping/templates/literal.yaml 8:6-8:19',
      // Under `with .Values.guarded.securityContext` (empty): nothing is rendered, so on the container.
      'pss-allow-privilege-escalation mapping/templates/guarded.yaml 8:6-8:19',
      'pss-capabilities-restricted mapping/templates/guarded.yaml 8:6-8:19',
      // A value an action computes (`default true`): on the template text that printed it.
      'pss-host-namespaces mapping/templates/from-action.yaml 7:2-7:47',
      // (e) one values key two templates print: one finding on the key.
      'pss-host-namespaces mapping/values.yaml 13:0-13:17',
      // (b) literal text of a template: on that text.
      'pss-privileged mapping/templates/literal.yaml 12:8-12:24',
      // (a) a value printed by `privileged: {{ .Values.web.privileged }}`: on the values key.
      'pss-privileged mapping/values.yaml 5:2-5:18',
      'read-only-root-filesystem mapping/templates/guarded.yaml 8:6-8:19',
      // (c) a missing field of a map written in the template: on the key introducing it.
      'read-only-root-filesystem mapping/templates/literal-insert.yaml 12:6-12:21',
      // (d) the map is `toYaml .Values.worker.securityContext`: on the values key `securityContext`.
      'read-only-root-filesystem mapping/values.yaml 8:2-8:17',
    ]);
    const values = findings.filter((f) => f.file.endsWith('values.yaml'));
    const related = (f: JsonFinding) =>
      (f.related ?? []).filter((r) => !r.file.endsWith('Chart.yaml')).map((r) => `${where(root, r)} ${r.message}`);

    const web = values.find((f) => f.ruleId === 'pss-privileged')!;
    assert.equal(
      web.message,
      'Container "web" of Pod "release-name-web" is privileged. (Pod "release-name-web" built by ' +
        root +
        '/mapping, from values web.privileged)',
    );
    assert.equal(web.valuesPath, 'web.privileged');
    assert.deepEqual(related(web), ['mapping/templates/from-values.yaml 13:8-13:48 the value is used here for Pod "release-name-web"']);

    const shared = values.find((f) => f.ruleId === 'pss-host-namespaces')!;
    assert.equal(
      shared.message,
      'Pod "release-name-shared-a" shares the host network namespace (hostNetwork: true). (2 built objects from values hostNetwork: ' +
        `Pod "release-name-shared-a" built by ${root}/mapping; Pod "release-name-shared-b" built by ${root}/mapping)`,
    );
    assert.equal(shared.valuesPath, 'hostNetwork');
    assert.deepEqual(related(shared), [
      'mapping/templates/shared-a.yaml 7:2-7:40 the value is used here for Pod "release-name-shared-a"',
      'mapping/templates/shared-b.yaml 7:2-7:40 the value is used here for Pod "release-name-shared-b"',
    ]);

    const worker = values.find((f) => f.ruleId === 'read-only-root-filesystem')!;
    assert.equal(
      worker.message,
      `Container "worker" of Pod "release-name-worker" does not set readOnlyRootFilesystem: true. (Pod "release-name-worker" built by ${root}/mapping, from values worker.securityContext)`,
    );
    // (d) the missing field is placed on the values key of the `toYaml` map: its path is the map's.
    assert.equal(worker.valuesPath, 'worker.securityContext');
    // Findings placed in templates name no values path, in the message or the JSON.
    for (const f of findings.filter((x) => !x.file.endsWith('values.yaml'))) {
      assert.equal(f.valuesPath, undefined, f.message);
      assert.doesNotMatch(f.message, /from values/);
    }
  });
});

test('--fix: values fixes in values.yaml (set a key, add a key under the rendered map); literal fixes in the template, outside {{ }}', () => {
  withChart((root, p) => {
    const dry = inFolder(root, () => cli('scan', '--no-config', '--fix-dry-run', '.'));
    assert.equal(
      dry.stdout,
      [
        // A key added after literal lines, before the `{{- if }}` that follows them.
        '--- a/mapping/templates/literal-insert.yaml',
        '+++ b/mapping/templates/literal-insert.yaml',
        '@@ -13,6 +13,7 @@',
        '         allowPrivilegeEscalation: false',
        '         capabilities:',
        '           drop: [ALL]',
        '+        readOnlyRootFilesystem: true',
        '       {{- if .Values.debug }}',
        '       stdin: true',
        '       {{- end }}',
        // (b) the literal `privileged: true`, in a container whose other lines hold actions.
        '--- a/mapping/templates/literal.yaml',
        '+++ b/mapping/templates/literal.yaml',
        '@@ -9,7 +9,7 @@',
        '       image: {{ .Values.image }}',
        '       imagePullPolicy: Always',
        '       securityContext:',
        '-        privileged: true',
        '+        privileged: false',
        '         allowPrivilegeEscalation: false',
        '         readOnlyRootFilesystem: true',
        '         capabilities:',
        '--- a/mapping/values.yaml',
        '+++ b/mapping/values.yaml',
        '@@ -2,15 +2,16 @@',
        ' image: registry.example.com/app:1.2.3',
        ' # (a) an offending value, rendered into one container by templates/from-values.yaml.',
        ' web:',
        '-  privileged: true',
        '+  privileged: false',
        " # (d) a container's whole securityContext, rendered by `toYaml`: readOnlyRootFilesystem is missing.",
        ' worker:',
        '   securityContext:',
        '     allowPrivilegeEscalation: false',
        '     capabilities:',
        '       drop: [ALL]',
        '+    readOnlyRootFilesystem: true',
        ' # (e) one value used by two templates (templates/shared-a.yaml and templates/shared-b.yaml).',
        '-hostNetwork: true',
        '+hostNetwork: false',
        ' # Guarded by `with` in templates/guarded.yaml: empty, so nothing is rendered.',
        ' guarded:',
        // The `with` block's fixes: the findings are on the template's container, the keys go to values.yaml.
        '-  securityContext: {}',
        '+  securityContext: {allowPrivilegeEscalation: false, readOnlyRootFilesystem: true}',
        '',
      ].join('\n'),
    );
    cli('scan', '--no-config', '--fix', root);
    const changed = ['values.yaml', 'templates/literal.yaml', 'templates/literal-insert.yaml'];
    for (const f of FILES.filter((x) => !changed.includes(x)))
      assert.equal(fs.readFileSync(p(path.join('mapping', f)), 'utf8'), read(f), f);
    assert.equal(
      fs.readFileSync(p('mapping/templates/literal.yaml'), 'utf8'),
      read('templates/literal.yaml').replace('privileged: true', 'privileged: false'),
    );
    // What remains: the value `default true` computes inside an action, the container's resources
    // (no fix), and capabilities, whose fix (two ops) the `with` block's fix does not take; now that
    // the map renders, it is on its values key.
    assert.deepEqual(
      scan(root)
        .map((f) => `${f.ruleId} ${where(root, f)}`)
        .sort(),
      [
        'cpu-request-missing mapping/templates/literal.yaml 8:6-8:19',
        'memory-limit-missing mapping/templates/literal.yaml 8:6-8:19',
        'memory-request-missing mapping/templates/literal.yaml 8:6-8:19',
        'pss-capabilities-restricted mapping/values.yaml 17:2-17:17',
        'pss-host-namespaces mapping/templates/from-action.yaml 7:2-7:47',
      ],
    );
  });
});
