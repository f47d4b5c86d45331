import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver/node';
import { coreServices } from '../../server/src/lsp/coreServices';
import type { Services } from '../../server/src/lsp/services';
import { throwingWorkspaceRule, yaml } from '../helpers';
import { TestClient } from '../lsp/harness';

/**
 * Fail closed in the editor (issue #13 item 6): a document whose analysis is incomplete
 * gets one error diagnostic, code `not-analyzed`, on the first line of that `---` document (its `---`)
 * (of the file when the whole file was skipped), naming the reason. The other findings stay.
 */

const CONFIGMAP = yaml('apiVersion: v1', 'kind: ConfigMap', 'metadata: {name: c}');
const POD = yaml(
  'apiVersion: v1',
  'kind: Pod',
  'metadata: {name: p}',
  'spec:',
  '  containers:',
  '  - name: a',
  '    image: nginx:1.27',
  '    securityContext: {privileged: true}',
);

/** The real core, plus the given failures in every analysis (as the engine records them). */
function failing(ruleFailures: Array<{ ruleId: string; documentIndex: number; message: string }>): Services {
  return {
    ...coreServices,
    analyze: (text, options, cache) => {
      const a = coreServices.analyze(text, options, cache);
      return { ...a, ruleFailures: [...a.ruleFailures, ...ruleFailures] };
    },
  };
}

function brief(ds: Diagnostic[]): Array<[string, unknown, number | undefined, string]> {
  return ds.map((d) => [
    `${d.range.start.line}:${d.range.start.character}-${d.range.end.line}:${d.range.end.character}`,
    d.code,
    d.severity,
    d.message,
  ]);
}

test(
  "a rule that threw in the second document: an error on that document's `---` line, the findings still shown",
  { timeout: 20000 },
  async () => {
    const c = new TestClient({ services: failing([{ ruleId: 'pss-privileged', documentIndex: 1, message: 'boom' }]) });
    try {
      await c.initialize();
      const ds = await c.open('file:///ws/two.yaml', `${CONFIGMAP}---\n${POD}`);
      assert.deepEqual(
        brief(ds).filter((d) => d[1] === 'not-analyzed' || d[1] === 'pss-privileged'),
        [
          [
            '3:0-3:3',
            'not-analyzed',
            DiagnosticSeverity.Error,
            'Not analysed (rule-failed): document 2 not fully analysed: rule pss-privileged failed: boom',
          ],
          ['11:22-11:38', 'pss-privileged', DiagnosticSeverity.Error, 'Container "a" of Pod "p" is privileged.'],
        ],
      );
      const notAnalyzed = ds[0];
      assert.equal(notAnalyzed!.source, 'kube-guardrails');
      assert.equal(notAnalyzed!.data, undefined, 'no finding behind it: code actions leave it alone');
    } finally {
      c.dispose();
    }
  },
);

test('any reason code the engine records flows through (analysis-abandoned, first document)', { timeout: 20000 }, async () => {
  const message = 'analysis of document 1 abandoned after 2004 ms; rules not run: pss-privileged';
  const c = new TestClient({ services: failing([{ ruleId: 'analysis-abandoned', documentIndex: 0, message }]) });
  try {
    await c.initialize();
    const ds = await c.open('file:///ws/pod.yaml', POD);
    assert.deepEqual(
      brief(ds).filter((d) => d[1] === 'not-analyzed'),
      [
        [
          '0:0-0:14',
          'not-analyzed',
          DiagnosticSeverity.Error,
          `Not analysed (analysis-abandoned): document 1 not fully analysed: ${message}`,
        ],
      ],
    );
  } finally {
    c.dispose();
  }
});

test(
  'a cross-file rule that throws: every open document shows a not-analyzed error, never looks fully checked',
  { timeout: 20000 },
  async () => {
    const throws = throwingWorkspaceRule();
    const c = new TestClient({ workspaceRules: [throws] });
    try {
      await c.initialize();
      const text = yaml('apiVersion: v1', 'kind: ConfigMap', 'metadata: {name: c}', 'data: {a: b}');
      await c.open('file:///ws/a.yaml', text);
      await c.settled();
      assert.deepEqual(c.lastDiagnostics('file:///ws/a.yaml'), [
        {
          range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
          severity: DiagnosticSeverity.Error,
          source: 'kube-guardrails',
          code: 'not-analyzed',
          message: 'Not analysed (rule-failed): cross-file rule ws-throws failed, its findings are missing for every file: boom',
        },
      ]);
    } finally {
      c.dispose();
    }
  },
);
