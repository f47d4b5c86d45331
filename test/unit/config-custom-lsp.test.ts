import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { DiagnosticSeverity, MarkupKind, type Diagnostic } from 'vscode-languageserver/node';
import { yaml } from '../helpers';
import { applyWorkspaceEdit, rangeStr, TestClient } from '../lsp/harness';
import { pod } from './cli-helpers';

/** A container rule the hardened `pod()` fails: it sets a memory limit but no CPU limit. */
function cpuRule(severity: string, message: string): string {
  return yaml(
    'customRules:',
    '  - id: cpu-limit',
    '    title: Containers set a CPU limit',
    `    severity: ${severity}`,
    '    kinds: [Pod]',
    '    target: container',
    '    schema:',
    '      properties:',
    '        resources:',
    '          properties:',
    '            limits: { required: [cpu] }',
    `    message: ${message}`,
    '    docs: CPU caps keep one noisy pod from starving its neighbours (https://wiki.example.com/cpu).',
  );
}

function shown(ds: Diagnostic[]): Array<[string, string | number | undefined, DiagnosticSeverity | undefined, string, boolean]> {
  return ds.map((d) => [rangeStr(d.range), d.code, d.severity, d.message, d.codeDescription !== undefined]);
}

test(
  'LSP: a custom rule from .kube-guardrails.yaml gives an exact diagnostic and hover; a config change changes it',
  { timeout: 30000 },
  async () => {
    const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'kg-lsp-custom-')));
    const configFile = path.join(dir, '.kube-guardrails.yaml');
    const configUri = pathToFileURL(configFile).toString();
    fs.writeFileSync(configFile, cpuRule('error', 'Set resources.limits.cpu'));
    const c = new TestClient();
    try {
      await c.initialize({ folders: [{ uri: pathToFileURL(dir).toString(), name: 'ws' }] });
      assert.deepEqual(await c.diagnostics(configUri), []);
      const uri = pathToFileURL(path.join(dir, 'pod.yaml')).toString();
      const first = await c.openOwn(uri, pod('web'));
      assert.deepEqual(shown(first), [
        ['20:8-20:33', 'cpu-limit', DiagnosticSeverity.Error, 'Container "app" of Pod "web": Set resources.limits.cpu.', false],
      ]);
      assert.equal(first[0]!.source, 'kube-guardrails');

      // The hover shows the rule's own docs text, and no docs/rules page link (none exists).
      const hover = await c.hover(uri, 20, 10);
      assert.deepEqual(hover?.contents, {
        kind: MarkupKind.Markdown,
        value: [
          '**Containers set a CPU limit** — `cpu-limit` (error, custom rule from .kube-guardrails.yaml)',
          'Container "app" of Pod "web": Set resources.limits.cpu.',
          '**Documentation:** CPU caps keep one noisy pod from starving its neighbours (https://wiki.example.com/cpu).',
        ].join('\n\n'),
      });

      const actions = await c.codeActions(uri, first[0]!.range, first);
      assert.deepEqual(
        actions.map((x) => x.title),
        ['Ignore cpu-limit for this line', 'Ignore cpu-limit for this object'],
      );
      // An inline suppression names the custom id like any rule id.
      const suppressed = applyWorkspaceEdit(pod('web'), uri, actions[0]!.edit);
      assert.notEqual(suppressed, pod('web'));
      await c.sendChange(uri, suppressed);
      assert.deepEqual(await c.ownDiagnostics(uri), []);
      await c.sendChange(uri, pod('web'));
      assert.deepEqual(shown(await c.ownDiagnostics(uri)), shown(first));

      // Same document text, changed rule: fresh results (no stale cached analysis).
      fs.writeFileSync(configFile, cpuRule('info', 'Cap the CPU'));
      await c.fileChanged(configUri);
      assert.deepEqual(shown(await c.ownDiagnostics(uri)), [
        ['20:8-20:33', 'cpu-limit', DiagnosticSeverity.Information, 'Container "app" of Pod "web": Cap the CPU.', false],
      ]);
      assert.deepEqual(await c.diagnostics(configUri), []);

      // A broken custom rule: an error on the config file at the exact key, and the rule is not run.
      fs.writeFileSync(
        configFile,
        cpuRule('error', 'Set resources.limits.cpu').replace('    kinds: [Pod]', '    kinds: [Pod]\n    kind: Pod'),
      );
      await c.fileChanged(configUri);
      assert.deepEqual(await c.ownDiagnostics(uri), []);
      const problems = await c.diagnostics(configUri);
      assert.deepEqual(
        problems.map((p) => [rangeStr(p.range), p.code, p.severity, p.message]),
        [
          [
            '5:4-5:8',
            'config-custom-rule',
            DiagnosticSeverity.Error,
            'customRules[0].kind: unknown key "kind" (expected one of id, title, severity, kinds, target, schema, message, docs); this custom rule is not used until it is fixed.',
          ],
        ],
      );

      // Removed: only the built-in rules run again.
      fs.writeFileSync(configFile, yaml('profile: restricted'));
      await c.fileChanged(configUri);
      assert.deepEqual(await c.ownDiagnostics(uri), []);
    } finally {
      c.dispose();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  },
);
