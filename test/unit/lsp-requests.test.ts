import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import {
  CancellationTokenSource,
  CodeActionKind,
  LogMessageNotification,
  type CodeAction,
  type CodeActionParams,
  type Diagnostic,
  type LogMessageParams,
} from 'vscode-languageserver/node';
import { DEFAULT_OPTIONS } from '../../server/src/core/engine/options';
import { lintDocument } from '../../server/src/lsp/lintedDocument';
import { BudgetExceeded } from '../../server/src/lsp/budget';
import { codeActionsFor, resolveFixAll, type CodeActionEnv } from '../../server/src/lsp/codeActions';
import { FIX_ALL_KIND } from '../../server/src/lsp/commands';
import { coreServices } from '../../server/src/lsp/coreServices';
import type { Services } from '../../server/src/lsp/services';
import { yaml } from '../helpers';
import { TestClient, VSCODE_LIKE } from '../lsp/harness';

/** A pod with several fixable findings (privileged, privilege escalation, capabilities, ...). */
const POD = yaml(
  'apiVersion: v1',
  'kind: Pod',
  'metadata:',
  '  name: marker-7f3a',
  'spec:',
  '  containers:',
  '  - name: app',
  '    image: nginx:1.27',
  '    securityContext:',
  '      privileged: true',
  '      allowPrivilegeEscalation: true',
);

const RESOLVING = {
  ...VSCODE_LIKE,
  textDocument: { ...VSCODE_LIKE.textDocument, codeAction: { resolveSupport: { properties: ['edit'] } } },
};

function fixable(ds: Diagnostic[]): Diagnostic[] {
  return ds.filter((d) => (d.data as { fixable?: boolean } | undefined)?.fixable === true);
}

function params(uri: string, diagnostics: Diagnostic[], only?: string[]): CodeActionParams {
  return {
    textDocument: { uri },
    range: diagnostics[0]?.range ?? { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
    context: { diagnostics, ...(only ? { only } : {}) },
  };
}

/** Diagnostics each preferred (fix) action is attached to, as rule ids in order. */
function fixedRules(actions: CodeAction[]): string[] {
  return actions.filter((a) => a.isPreferred).map((a) => String(a.diagnostics?.[0]?.code));
}

function collectLogs(c: TestClient): LogMessageParams[] {
  const logs: LogMessageParams[] = [];
  c.conn.onNotification(LogMessageNotification.type, (p) => logs.push(p));
  return logs;
}

test(
  'rule failures (a rule threw, or analysis-abandoned) are logged once per document and rule, with the message and no document text',
  { timeout: 20000 },
  async () => {
    const services: Services = {
      ...coreServices,
      analyze: (text, options, cache) => {
        const a = coreServices.analyze(text, options, cache);
        return {
          ...a,
          ruleFailures: [
            ...a.ruleFailures,
            { ruleId: 'custom-boom', documentIndex: 0, message: "Cannot read properties of undefined (reading 'spec')" },
            {
              ruleId: 'analysis-abandoned',
              documentIndex: 0,
              message: 'analysis of document 1 abandoned after 2004 ms; rules not run: pss-privileged',
            },
          ],
        };
      },
    };
    const c = new TestClient({ services });
    const logs = collectLogs(c);
    try {
      await c.initialize();
      const a = 'file:///ws/a.yaml';
      const b = 'file:///ws/b.yaml';
      await c.open(a, POD);
      for (let i = 0; i < 3; i++) await c.change(a, POD + `# edit ${i}\n`);
      await c.open(b, POD);
      await c.change(b, POD + '# edit\n');
      const lines = logs.map((l) => l.message);
      assert.deepEqual(
        lines.filter((m) => m.includes('custom-boom')),
        [
          `kube-guardrails: ${a}: rule custom-boom failed on document 1: Cannot read properties of undefined (reading 'spec')`,
          `kube-guardrails: ${b}: rule custom-boom failed on document 1: Cannot read properties of undefined (reading 'spec')`,
        ],
      );
      assert.deepEqual(
        lines.filter((m) => m.includes('abandoned')),
        [a, b].map((u) => `kube-guardrails: ${u}: analysis of document 1 abandoned after 2004 ms; rules not run: pss-privileged`),
      );
      assert.ok(!lines.some((m) => m.includes('marker-7f3a') || m.includes('privileged: true')), 'no document text in the log');

      // Closed and reopened: a new session of that document logs again, once.
      await c.close(a);
      await c.diagnostics(a);
      await c.open(a, POD);
      assert.equal(logs.filter((l) => l.message.includes(`${a}: rule custom-boom`)).length, 2);
    } finally {
      c.dispose();
    }
  },
);

test(
  'a code action request stops at its time budget: fixes for the diagnostics answered so far, a log line, and the rest computed by the next request',
  { timeout: 20000 },
  async () => {
    let clock = 0;
    const asked: string[] = [];
    const services: Services = {
      ...coreServices,
      // A slow verification: each fix costs a second of the fake clock.
      quickFix: (_analysis, finding) => {
        asked.push(finding.ruleId);
        clock += 1000;
        return [{ start: 0, end: 0, newText: `# fixed ${finding.ruleId}\n` }];
      },
    };
    const c = new TestClient({ services, now: () => clock, requestBudgetMs: 2500 });
    const logs = collectLogs(c);
    try {
      await c.initialize();
      const uri = 'file:///ws/slow.yaml';
      const ds = fixable(await c.open(uri, POD));
      assert.ok(ds.length >= 5, `fixable diagnostics: ${ds.map((d) => d.code).join(', ')}`);
      const first = await c.codeActions(uri, ds[0]!.range, ds);
      assert.deepEqual(
        fixedRules(first),
        ds.slice(0, 3).map((d) => String(d.code)),
      );
      assert.ok(!first.some((a) => a.title.startsWith('Fix all')), 'no fix-all once the budget is spent');
      assert.deepEqual(
        logs.map((l) => l.message).filter((m) => m.includes('code actions')),
        [`kube-guardrails: code actions for ${uri}: time budget of 2500 ms exceeded; answered 3 of ${ds.length} diagnostics`],
      );

      // The next request reuses the three computed fixes (no cost) and gets further.
      const second = await c.codeActions(uri, ds[0]!.range, ds);
      assert.deepEqual(
        fixedRules(second),
        ds.slice(0, Math.min(6, ds.length)).map((d) => String(d.code)),
      );
      assert.deepEqual(
        asked,
        ds.slice(0, Math.min(6, ds.length)).map((d) => String(d.code)),
        'a fix is computed once, an unanswered one later',
      );
    } finally {
      c.dispose();
    }
  },
);

test(
  'fix-all has its own time budget: resolve and source.fixAll return no edit and log why, without blocking',
  { timeout: 20000 },
  async () => {
    let clock = 0;
    let passes = 0;
    const services: Services = {
      ...coreServices,
      fixAll: (_analysis, _findings, _options, budget) => {
        // Verification passes of a second each; a well-behaved caller's budget stops them.
        for (let pass = 0; pass < 100; pass++) {
          if (budget?.stop) throw new BudgetExceeded();
          passes++;
          clock += 1000;
        }
        return [{ start: 0, end: 0, newText: '# all fixed\n' }];
      },
    };
    const c = new TestClient({ services, now: () => clock, fixAllBudgetMs: 4000 });
    const logs = collectLogs(c);
    try {
      await c.initialize({ capabilities: RESOLVING });
      const uri = 'file:///ws/all.yaml';
      const ds = fixable(await c.open(uri, POD));
      const lazy = (await c.codeActions(uri, ds[0]!.range, [ds[0]!])).find((a) => a.title.startsWith('Fix all'));
      assert.ok(lazy && !lazy.edit, 'fix-all offered lazily');
      const resolved = await c.resolve(lazy);
      assert.equal(resolved.edit, undefined);
      assert.equal(passes, 5, 'stopped at the first check past 4000 ms');
      const explicit = await c.codeActions(uri, ds[0]!.range, ds, [FIX_ALL_KIND]);
      assert.deepEqual(explicit, []);
      assert.deepEqual(
        logs.map((l) => l.message).filter((m) => m.includes('fix-all')),
        [1, 2].map(() => `kube-guardrails: fix-all for ${uri}: time budget of 4000 ms exceeded; no fix-all offered`),
      );
    } finally {
      c.dispose();
    }
  },
);

test('cancellation is honoured between steps: quick fixes answered so far, fix-all not computed', async () => {
  const source = new CancellationTokenSource();
  let fixes = 0;
  let fixAlls = 0;
  const services: Services = {
    ...coreServices,
    quickFix: () => {
      fixes++;
      source.cancel(); // the client gives up while the first fix is being verified
      return [{ start: 0, end: 0, newText: '# fixed\n' }];
    },
    fixAll: () => {
      fixAlls++;
      return [{ start: 0, end: 0, newText: '# all\n' }];
    },
  };
  const uri = 'file:///ws/cancel.yaml';
  const doc = lintDocument({ uri, version: 1, text: POD, options: DEFAULT_OPTIONS, strict: false }, services);
  const logs: string[] = [];
  const env: CodeActionEnv = {
    services,
    documentChanges: true,
    resolveEdits: false,
    requestBudgetMs: 1e9,
    fixAllBudgetMs: 1e9,
    log: (m) => logs.push(m),
  };
  const ds = fixable(doc.diagnostics);
  assert.ok(ds.length >= 2);
  const actions = await codeActionsFor(doc, params(uri, ds), env, source.token);
  assert.equal(fixes, 1);
  assert.deepEqual(fixedRules(actions), [String(ds[0]!.code)]);
  assert.deepEqual(logs, [`kube-guardrails: code actions for ${uri}: cancelled; answered 1 of ${ds.length} diagnostics`]);

  // A cancelled resolve returns the action as it came (the editor applies nothing).
  const action: CodeAction = {
    title: 'Fix all auto-fixable problems',
    kind: CodeActionKind.QuickFix,
    data: { fixAllOf: { uri, version: 1 } },
  };
  assert.deepEqual(resolveFixAll(action, doc, env, source.token), action);
  assert.equal(fixAlls, 0);
  assert.equal(logs[1], `kube-guardrails: fix-all for ${uri}: cancelled; no fix-all offered`);

  // Without cancellation the same document answers fully.
  const all = await codeActionsFor(doc, params(uri, ds), env, new CancellationTokenSource().token);
  assert.equal(fixedRules(all).length, ds.length);
  assert.ok(all.some((a) => a.title === 'Fix all auto-fixable problems' && a.edit));
});
