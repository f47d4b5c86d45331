import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import type { Diagnostic, PublishDiagnosticsParams } from 'vscode-languageserver/node';
import { DiagnosticsPublisher } from '../../server/src/lsp/diagnosticsPublisher';
import { ineligibility } from '../../server/src/lsp/eligibility';
import { DEFAULT_SETTINGS } from '../../server/src/lsp/settings';

function diag(message: string): Diagnostic {
  return { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } }, message };
}

test('the publisher sends both parts of a uri together; a document part carries its version, an unchanged workspace part sends nothing', async () => {
  const sent: PublishDiagnosticsParams[] = [];
  const p = new DiagnosticsPublisher((params) => void sent.push(params));
  const uri = 'file:///ws/a.yaml';
  await p.publish(uri, 'document', [diag('own')], 3);
  await p.publish(uri, 'workspace', [diag('cross')]);
  await p.publish(uri, 'workspace', [diag('cross')]);
  await p.publish(uri, 'document', [diag('own 2')], 4);
  assert.deepEqual(
    sent.map((s) => [s.version, s.diagnostics.map((d) => d.message)]),
    [
      [3, ['own']],
      [undefined, ['own', 'cross']],
      [4, ['own 2', 'cross']],
    ],
  );
  assert.deepEqual(p.workspaceUris(), [uri]);
  // `record` updates the workspace part silently: the next document publish carries it.
  assert.equal(p.record(uri, []), true);
  assert.equal(p.record(uri, []), false);
  assert.equal(sent.length, 3);
  await p.publish(uri, 'document', [], 5);
  assert.deepEqual(sent[3], { uri, version: 5, diagnostics: [] });
  assert.deepEqual(p.workspaceUris(), []);
});

test('eligibility: each reason, checked cheapest first; the config file is asked only when the rest pass', () => {
  const base = { uri: 'file:///ws/app/pod.yaml', folder: '/ws', settings: DEFAULT_SETTINGS };
  let asked = 0;
  const configExcludes = (result: boolean) => () => (asked++, result);
  assert.equal(ineligibility({ ...base, text: 'kind: Pod\n', configExcludes: configExcludes(false) }), undefined);
  assert.equal(asked, 1);
  assert.equal(
    ineligibility({ ...base, settings: { ...DEFAULT_SETTINGS, enable: false }, configExcludes: configExcludes(false) }),
    'disabled',
  );
  assert.equal(ineligibility({ ...base, languageId: 'helm', configExcludes: configExcludes(false) }), 'template');
  assert.equal(
    ineligibility({ ...base, settings: { ...DEFAULT_SETTINGS, exclude: ['app/**'] }, configExcludes: configExcludes(false) }),
    'excluded',
  );
  assert.equal(
    ineligibility({ ...base, text: '# vscode-kubernetes-tools: exclude\nkind: Pod\n', configExcludes: configExcludes(false) }),
    'exclude-hint',
  );
  assert.equal(asked, 1, 'not asked once a cheaper check decided');
  assert.equal(ineligibility({ ...base, configExcludes: configExcludes(true) }), 'excluded');
  // maxFileSize counts UTF-16 code units, as the engine's input guard does: 'é' is one unit (two UTF-8 bytes).
  const settings = { ...DEFAULT_SETTINGS, maxFileSize: 4 };
  assert.equal(ineligibility({ ...base, settings, text: 'éééé' }), undefined);
  assert.equal(ineligibility({ ...base, settings, text: 'ééééé' }), 'too-large');
  // Untitled documents have no path: globs never exclude them.
  assert.equal(ineligibility({ ...base, uri: 'untitled:Untitled-1', settings: { ...DEFAULT_SETTINGS, exclude: ['**'] } }), undefined);
});
