import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import type { Diagnostic } from 'vscode-languageserver/node';
import { applyWorkspaceEdit, rangeStr } from '../lsp/harness';
import { BOTH, editsOf, inChart, replaced, urisOf, withBoth } from '../lsp/helmChart';
import { pathToUri } from '../../server/src/lsp/uris';
import { FIX_ALL_KIND } from '../../server/src/lsp/commands';

/**
 * Issue #17 in the editor: fixes of a chart's findings, through the language server. A literal
 * `privileged: true` written in a template among action lines is fixed in the template's
 * literal text; fix-all in a template edits values.yaml where the single quick fix would (a
 * field missing under `with .Values.x`) and the template's literal text, in one edit verified
 * by re-rendering.
 */

const summary = (ds: readonly Diagnostic[]) => ds.map((d) => `${String(d.code)} ${rangeStr(d.range)}`).sort();

test('a literal `privileged: true` among action lines of a template: the quick fix edits that literal text, and the diagnostic goes away', async () => {
  await inChart(async (c, chart) => {
    const file = path.join(chart, 'templates/literal.yaml');
    const uri = pathToUri(file);
    const text = fs.readFileSync(file, 'utf8');
    await c.open(uri, text);
    await c.settled();
    // The literal is line 12 (0-based 11); the container's resources are missing (no fix): on its `- name:` line.
    assert.deepEqual(summary(c.lastDiagnostics(uri)), [
      'cpu-request-missing 7:6-7:19',
      'memory-limit-missing 7:6-7:19',
      'memory-request-missing 7:6-7:19',
      'pss-privileged 11:8-11:24',
    ]);
    const lines = text.split('\n');
    assert.equal(lines[11], '        privileged: true');
    // Actions on the lines around it: the edit must stay out of them.
    assert.equal(lines[8], '      image: {{ .Values.image }}');
    assert.equal(lines[5], '  {{- include "mapping.podSpec" . | nindent 2 }}');

    const d = c.lastDiagnostics(uri).find((x) => x.code === 'pss-privileged')!;
    const fix = (await c.codeActions(uri, d.range, [d])).find((a) => a.isPreferred);
    assert.equal(fix?.title, 'Set privileged: false');
    assert.deepEqual(urisOf(fix.edit), [uri]);
    const edits = editsOf(fix.edit, uri);
    assert.deepEqual(edits, [{ range: { start: { line: 11, character: 20 }, end: { line: 11, character: 24 } }, newText: 'false' }]);
    // In literal text: the replaced characters are the literal `true`, on a line without `{{ }}`.
    assert.equal(lines[11]!.slice(20, 24), 'true');
    assert.ok(!lines[11]!.includes('{{') && !lines[11]!.includes('}}'));

    const fixed = applyWorkspaceEdit(text, uri, fix.edit);
    assert.equal(fixed, replaced(text, '        privileged: true\n', '        privileged: false\n'));
    await c.sendChange(uri, fixed);
    await c.settled();
    assert.deepEqual(summary(c.lastDiagnostics(uri)), [
      'cpu-request-missing 7:6-7:19',
      'memory-limit-missing 7:6-7:19',
      'memory-request-missing 7:6-7:19',
    ]);
  });
});

test('fix-all in a template edits values.yaml as the single quick fix does, and the template literal, in one verified edit', async () => {
  await inChart(async (c, chart) => {
    const template = path.join(chart, 'templates/both.yaml');
    const uri = pathToUri(template);
    const valuesFile = path.join(chart, 'values.yaml');
    const valuesUri = pathToUri(valuesFile);
    const values = fs.readFileSync(valuesFile, 'utf8');
    await c.open(uri, BOTH);
    await c.settled();
    // The literal on its text; the fields the `with` block's map lacks on the container's `- name:` line.
    assert.deepEqual(summary(c.lastDiagnostics(uri)), [
      'pss-allow-privilege-escalation 8:6-8:16',
      'pss-capabilities-restricted 8:6-8:16',
      'pss-host-namespaces 6:2-6:15',
      'read-only-root-filesystem 8:6-8:16',
    ]);

    const actions = await c.codeActions(uri, { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, [], [FIX_ALL_KIND]);
    assert.deepEqual(
      actions.map((a) => [a.title, a.kind]),
      [['Fix all auto-fixable problems', FIX_ALL_KIND]],
    );
    const edit = actions[0]!.edit;
    assert.deepEqual(urisOf(edit), [uri, valuesUri].sort());
    // The open template is edited at its version; values.yaml, not open, with version null.
    assert.deepEqual(
      (edit?.documentChanges ?? []).map((dc) => ('textDocument' in dc ? [dc.textDocument.uri, dc.textDocument.version] : [])).sort(),
      [
        [uri, c.version(uri)],
        [valuesUri, null],
      ].sort(),
    );
    const fixedTemplate = applyWorkspaceEdit(BOTH, uri, edit);
    const fixedValues = applyWorkspaceEdit(values, valuesUri, edit);
    assert.equal(fixedTemplate, replaced(BOTH, '  hostIPC: true\n', '  hostIPC: false\n'));
    assert.equal(
      fixedValues,
      replaced(
        values,
        '\nboth:\n  securityContext: {}\n',
        '\nboth:\n  securityContext: {allowPrivilegeEscalation: false, readOnlyRootFilesystem: true}\n',
      ),
    );
    // The single quick fix of a field under the `with` block edits values.yaml the same way.
    const d = c.lastDiagnostics(uri).find((x) => x.code === 'read-only-root-filesystem')!;
    const single = (await c.codeActions(uri, d.range, [d])).find((a) => a.isPreferred);
    assert.equal(single?.title, 'Set readOnlyRootFilesystem: true (in values.yaml: both.securityContext)');
    assert.deepEqual(urisOf(single.edit), [valuesUri]);

    // Applied: what was fixed is gone; the capabilities the `with` fix does not take now show on the values key.
    await c.sendChange(uri, fixedTemplate);
    await c.open(valuesUri, values);
    await c.sendChange(valuesUri, fixedValues);
    await c.settled();
    assert.deepEqual(summary(c.lastDiagnostics(uri)), []);
    const both = fixedValues.split('\n').indexOf('  securityContext: {allowPrivilegeEscalation: false, readOnlyRootFilesystem: true}');
    assert.deepEqual(
      summary(c.lastDiagnostics(valuesUri)).filter((s) => s.includes(` ${both}:`)),
      [`pss-capabilities-restricted ${both}:2-${both}:17`],
    );
    // On a values key, the message names the values path of the map the template rendered.
    const capabilities = c.lastDiagnostics(valuesUri).find((x) => x.code === 'pss-capabilities-restricted')!;
    assert.match(capabilities.message, / \(Pod "release-name-both" built by mapping, from values both\.securityContext\)$/);
  }, withBoth);
});

test("a subchart's `with` block fix: the title names the subchart's values.yaml and that file's own path", async () => {
  const sub = (chart: string) => path.join(chart, 'charts', 'sub');
  await inChart(
    async (c, chart) => {
      const uri = pathToUri(path.join(sub(chart), 'templates/pod.yaml'));
      await c.open(uri, fs.readFileSync(path.join(sub(chart), 'templates/pod.yaml'), 'utf8'));
      await c.settled();
      const d = c.lastDiagnostics(uri).find((x) => x.code === 'read-only-root-filesystem');
      assert.ok(d, summary(c.lastDiagnostics(uri)).join(', '));
      const fix = (await c.codeActions(uri, d.range, [d])).find((a) => a.isPreferred);
      assert.equal(fix?.title, 'Set readOnlyRootFilesystem: true (in charts/sub/values.yaml: securityContext)');
      const valuesUri = pathToUri(path.join(sub(chart), 'values.yaml'));
      assert.deepEqual(urisOf(fix.edit), [valuesUri]);
      assert.equal(applyWorkspaceEdit('securityContext: {}\n', valuesUri, fix.edit), 'securityContext: {readOnlyRootFilesystem: true}\n');
    },
    (chart) => {
      fs.mkdirSync(path.join(sub(chart), 'templates'), { recursive: true });
      fs.writeFileSync(path.join(sub(chart), 'Chart.yaml'), 'apiVersion: v2\nname: sub\nversion: 0.1.0\n');
      fs.writeFileSync(path.join(sub(chart), 'values.yaml'), 'securityContext: {}\n');
      fs.writeFileSync(
        path.join(sub(chart), 'templates/pod.yaml'),
        [
          'apiVersion: v1',
          'kind: Pod',
          'metadata:',
          '  name: sub',
          'spec:',
          '  containers:',
          '    - name: sub',
          '      image: registry.example.com/app:1.2.3',
          '      {{- with .Values.securityContext }}',
          '      securityContext:',
          '        {{- toYaml . | nindent 8 }}',
          '      {{- end }}',
          '',
        ].join('\n'),
      );
    },
  );
});
