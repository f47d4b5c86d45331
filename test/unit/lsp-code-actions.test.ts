import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { CodeActionKind, type CodeAction, type Diagnostic } from 'vscode-languageserver/node';
import { RULES } from '../../server/src/core/rules/registry';
import { WORKSPACE_RULES } from '../../server/src/core/workspace/rules';
import { yaml } from '../helpers';
import { applyWorkspaceEdit, TestClient, VSCODE_LIKE } from '../lsp/harness';

/**
 * Every rule off but the named ones (the cross-file rules too: they run over the open
 * documents when no folder is open): the expected texts then depend on those rules only.
 */
function only(...ids: string[]): Record<string, unknown> {
  return { rules: Object.fromEntries([...RULES, ...WORKSPACE_RULES].map((r) => [r.id, ids.includes(r.id) ? r.severity : 'off'])) };
}

async function withClient(settings: Record<string, unknown>, fn: (c: TestClient) => Promise<void>): Promise<void> {
  const c = new TestClient();
  try {
    await c.initialize({ settings });
    await fn(c);
  } finally {
    c.dispose();
  }
}

async function actionsFor(c: TestClient, uri: string, d: Diagnostic): Promise<CodeAction[]> {
  return c.codeActions(uri, d.range, [d]);
}

function preferred(actions: CodeAction[]): CodeAction {
  const p = actions.filter((a) => a.isPreferred);
  assert.equal(p.length, 1, `one preferred fix expected, got ${actions.map((a) => a.title).join(' | ')}`);
  assert.equal(p[0]!.kind, CodeActionKind.QuickFix);
  assert.ok(p[0]!.edit, 'the fix carries its edit');
  assert.equal(p[0]!.command, undefined, 'no command round-trip');
  return p[0]!;
}

/** Opens `text`, takes the one diagnostic of `ruleId`, applies its preferred fix and returns the new text. */
async function quickFixed(c: TestClient, uri: string, text: string, ruleId: string): Promise<string> {
  const ds = (await c.open(uri, text)).filter((d) => d.code === ruleId);
  assert.equal(ds.length, 1, `one ${ruleId} diagnostic expected`);
  return applyWorkspaceEdit(text, uri, preferred(await actionsFor(c, uri, ds[0]!)).edit);
}

const PRIVILEGED_CASES: Array<[string, string, string]> = [
  [
    '2-space',
    yaml(
      'apiVersion: v1',
      'kind: Pod',
      'metadata:',
      '  name: p',
      'spec:',
      '  containers:',
      '  - name: c',
      '    image: x:1',
      '    securityContext:',
      '      privileged: true',
    ),
    yaml(
      'apiVersion: v1',
      'kind: Pod',
      'metadata:',
      '  name: p',
      'spec:',
      '  containers:',
      '  - name: c',
      '    image: x:1',
      '    securityContext:',
      '      privileged: false',
    ),
  ],
  [
    '4-space',
    yaml(
      'apiVersion: v1',
      'kind: Pod',
      'metadata:',
      '    name: p',
      'spec:',
      '    containers:',
      '        - name: c',
      '          image: x:1',
      '          securityContext:',
      '              privileged: true',
      '              runAsUser: 1000',
    ),
    yaml(
      'apiVersion: v1',
      'kind: Pod',
      'metadata:',
      '    name: p',
      'spec:',
      '    containers:',
      '        - name: c',
      '          image: x:1',
      '          securityContext:',
      '              privileged: false',
      '              runAsUser: 1000',
    ),
  ],
  [
    'CRLF',
    'apiVersion: v1\r\nkind: Pod\r\nmetadata:\r\n  name: p\r\nspec:\r\n  containers:\r\n  - name: c\r\n    image: x:1\r\n    securityContext:\r\n      privileged: true\r\n',
    'apiVersion: v1\r\nkind: Pod\r\nmetadata:\r\n  name: p\r\nspec:\r\n  containers:\r\n  - name: c\r\n    image: x:1\r\n    securityContext:\r\n      privileged: false\r\n',
  ],
  [
    'flow-style',
    yaml(
      'apiVersion: v1',
      'kind: Pod',
      'metadata: {name: p}',
      'spec:',
      '  containers:',
      '  - {name: c, image: "x:1", securityContext: {privileged: true, runAsUser: 1000}}',
    ),
    yaml(
      'apiVersion: v1',
      'kind: Pod',
      'metadata: {name: p}',
      'spec:',
      '  containers:',
      '  - {name: c, image: "x:1", securityContext: {privileged: false, runAsUser: 1000}}',
    ),
  ],
  [
    'commented',
    yaml(
      '# leading comment',
      'apiVersion: v1',
      'kind: Pod',
      'metadata:',
      '  name: p  # the name',
      'spec:',
      '  containers:',
      '  - name: c',
      '    image: x:1',
      '    securityContext:',
      '      # needs devices',
      '      privileged: true   # why',
      '      # trailing',
    ),
    yaml(
      '# leading comment',
      'apiVersion: v1',
      'kind: Pod',
      'metadata:',
      '  name: p  # the name',
      'spec:',
      '  containers:',
      '  - name: c',
      '    image: x:1',
      '    securityContext:',
      '      # needs devices',
      '      privileged: false   # why',
      '      # trailing',
    ),
  ],
];

for (const [style, input, expected] of PRIVILEGED_CASES) {
  test(`quick fix pss-privileged (${style}): exact edited text`, { timeout: 20000 }, () =>
    withClient(only('pss-privileged'), async (c) => {
      assert.equal(await quickFixed(c, `file:///ws/${style}.yaml`, input, 'pss-privileged'), expected);
    }),
  );
}

const APE = 'pss-allow-privilege-escalation';
const APE_CASES: Array<[string, string, string]> = [
  [
    '4-space, new securityContext',
    yaml(
      'apiVersion: v1',
      'kind: Pod',
      'metadata:',
      '    name: p',
      'spec:',
      '    containers:',
      '        - name: c',
      '          image: x:1',
    ),
    yaml(
      'apiVersion: v1',
      'kind: Pod',
      'metadata:',
      '    name: p',
      'spec:',
      '    containers:',
      '        - name: c',
      '          image: x:1',
      '          securityContext:',
      '              allowPrivilegeEscalation: false',
    ),
  ],
  [
    'CRLF, into an existing securityContext',
    'apiVersion: v1\r\nkind: Pod\r\nmetadata:\r\n  name: p\r\nspec:\r\n  containers:\r\n  - name: c\r\n    image: x:1\r\n    securityContext:\r\n      runAsUser: 1000\r\n',
    'apiVersion: v1\r\nkind: Pod\r\nmetadata:\r\n  name: p\r\nspec:\r\n  containers:\r\n  - name: c\r\n    image: x:1\r\n    securityContext:\r\n      runAsUser: 1000\r\n      allowPrivilegeEscalation: false\r\n',
  ],
  [
    'flow-style, new key in a flow map',
    yaml(
      'apiVersion: v1',
      'kind: Pod',
      'metadata: {name: p}',
      'spec:',
      '  containers:',
      '  - {name: c, image: "x:1", securityContext: {runAsUser: 1000}}',
    ),
    yaml(
      'apiVersion: v1',
      'kind: Pod',
      'metadata: {name: p}',
      'spec:',
      '  containers:',
      '  - {name: c, image: "x:1", securityContext: {runAsUser: 1000, allowPrivilegeEscalation: false}}',
    ),
  ],
  [
    'commented, every comment kept in place',
    yaml(
      'apiVersion: v1',
      'kind: Pod',
      'metadata:',
      '  name: p',
      'spec:',
      '  containers:',
      '  - name: c  # main',
      '    image: x:1  # pinned',
      '    # hardening below',
      '    securityContext:  # sc',
      '      runAsUser: 1000  # uid',
      '      # end of sc',
      '  # after containers',
    ),
    yaml(
      'apiVersion: v1',
      'kind: Pod',
      'metadata:',
      '  name: p',
      'spec:',
      '  containers:',
      '  - name: c  # main',
      '    image: x:1  # pinned',
      '    # hardening below',
      '    securityContext:  # sc',
      '      runAsUser: 1000  # uid',
      '      allowPrivilegeEscalation: false',
      '      # end of sc',
      '  # after containers',
    ),
  ],
];

for (const [style, input, expected] of APE_CASES) {
  test(`quick fix ${APE} (${style}): exact edited text`, { timeout: 20000 }, () =>
    withClient(only(APE), async (c) => {
      assert.equal(await quickFixed(c, `file:///ws/ape.yaml`, input, APE), expected);
    }),
  );
}

const TWO = yaml(
  'apiVersion: v1',
  'kind: Pod',
  'metadata:',
  '  name: p',
  'spec:',
  '  containers:',
  '  - name: c',
  '    image: x:1',
  '    securityContext:',
  '      privileged: true',
);

test(
  'the action list for a fixable finding: fix (preferred), ignore line, ignore object, docs; fix-all only with 2+',
  { timeout: 20000 },
  () =>
    withClient(only('pss-privileged', APE), async (c) => {
      const uri = 'file:///ws/two.yaml';
      const ds = await c.open(uri, TWO);
      assert.deepEqual(ds.map((d) => d.code).sort(), [APE, 'pss-privileged']);
      const priv = ds.find((d) => d.code === 'pss-privileged')!;
      const actions = await actionsFor(c, uri, priv);
      assert.deepEqual(
        actions.map((a) => [a.title, a.kind, a.isPreferred === true]),
        [
          ['Set privileged: false', 'quickfix', true],
          ['Ignore pss-privileged for this line', 'quickfix', false],
          ['Ignore pss-privileged for this object', 'quickfix', false],
          ['Show documentation for pss-privileged', 'quickfix', false],
          ['Fix all auto-fixable problems', 'quickfix', false],
        ],
      );
      const docs = actions[3];
      assert.equal(docs!.edit, undefined);
      assert.deepEqual(docs!.command, {
        title: 'Show documentation for pss-privileged',
        command: 'kubeGuardrails.showRuleDocs',
        arguments: ['pss-privileged'],
      });
      // Each edit is versioned: the editor refuses it if the document changed meanwhile.
      const dc = actions[0]!.edit!.documentChanges![0] as { textDocument: { uri: string; version: number } };
      assert.deepEqual(dc.textDocument, { uri, version: 1 });
    }),
);

test('a single fixable finding gets no fix-all quick fix', { timeout: 20000 }, () =>
  withClient(only('pss-privileged'), async (c) => {
    const uri = 'file:///ws/one.yaml';
    const [d] = await c.open(uri, TWO);
    const titles = (await actionsFor(c, uri, d!)).map((a) => a.title);
    assert.ok(!titles.includes('Fix all auto-fixable problems'));
  }),
);

test('source.fixAll.kubeGuardrails fixes every fixable finding in one verified edit', { timeout: 20000 }, () =>
  withClient(only('pss-privileged', APE), async (c) => {
    const uri = 'file:///ws/fixall.yaml';
    await c.open(uri, TWO);
    const actions = await c.codeActions(
      uri,
      { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      [],
      ['source.fixAll.kubeGuardrails'],
    );
    assert.equal(actions.length, 1);
    assert.equal(actions[0]!.kind, 'source.fixAll.kubeGuardrails');
    const fixed = applyWorkspaceEdit(TWO, uri, actions[0]!.edit);
    assert.equal(fixed, TWO.replace('      privileged: true\n', '      privileged: false\n      allowPrivilegeEscalation: false\n'));
    assert.deepEqual(await c.change(uri, fixed), []);
    // `only: ["source"]` (what "Source Action..." asks for) includes it too; `only: ["refactor"]` does not.
    const again = await c.codeActions(uri, { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, [], ['source']);
    assert.deepEqual(again, [], 'nothing left to fix');
    await c.change(uri, TWO);
    assert.equal(
      (await c.codeActions(uri, { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, [], ['source'])).length,
      1,
    );
    assert.deepEqual(await c.codeActions(uri, { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, [], ['refactor']), []);
  }),
);

test('ignore for this line: inserts a directive, then appends to it; the findings disappear after re-analysis', { timeout: 20000 }, () =>
  withClient(only('pss-privileged', APE), async (c) => {
    const uri = 'file:///ws/ignore-line.yaml';
    const text = yaml(
      'apiVersion: v1',
      'kind: Pod',
      'metadata:',
      '  name: p',
      'spec:',
      '  containers:',
      '  - name: c',
      '    image: x:1',
      '    securityContext: {privileged: true, allowPrivilegeEscalation: true}',
    );
    const ds = await c.open(uri, text);
    assert.deepEqual(ds.map((d) => d.code).sort(), [APE, 'pss-privileged']);
    const first = ds.find((d) => d.code === 'pss-privileged')!;
    const ignore1 = (await actionsFor(c, uri, first)).find((a) => a.title === 'Ignore pss-privileged for this line')!;
    const step1 = applyWorkspaceEdit(text, uri, ignore1.edit);
    assert.equal(
      step1,
      text.replace('    securityContext:', '    # kube-guardrails-disable-next-line pss-privileged\n    securityContext:'),
    );
    const ds2 = await c.change(uri, step1);
    assert.deepEqual(
      ds2.map((d) => d.code),
      [APE],
    );
    const ignore2 = (await actionsFor(c, uri, ds2[0]!)).find((a) => a.title === `Ignore ${APE} for this line`)!;
    const step2 = applyWorkspaceEdit(step1, uri, ignore2.edit);
    assert.equal(step2, step1.replace('disable-next-line pss-privileged', `disable-next-line pss-privileged, ${APE}`));
    assert.deepEqual(await c.change(uri, step2), []);
  }),
);

test('ignore for this object: adds the annotation; the finding disappears after re-analysis', { timeout: 20000 }, () =>
  withClient(only('pss-privileged'), async (c) => {
    const uri = 'file:///ws/ignore-object.yaml';
    const [d] = await c.open(uri, TWO);
    const action = (await actionsFor(c, uri, d!)).find((a) => a.title === 'Ignore pss-privileged for this object')!;
    const edited = applyWorkspaceEdit(TWO, uri, action.edit);
    assert.equal(
      edited,
      TWO.replace(
        '  name: p\n',
        '  name: p\n  annotations:\n    ignore-check.kube-guardrails.io/pss-privileged: "TODO: why this is acceptable"\n',
      ),
    );
    assert.deepEqual(await c.change(uri, edited), []);
  }),
);

test('an unused suppression is an information diagnostic; strict mode ignores suppressions', { timeout: 20000 }, () =>
  withClient(only('pss-privileged'), async (c) => {
    const uri = 'file:///ws/unused.yaml';
    const text = TWO.replace('    image: x:1\n', '    # kube-guardrails-disable-next-line pss-privileged\n    image: x:1\n');
    const ds = await c.open(uri, text);
    assert.deepEqual(
      ds.map((d) => [d.code, d.severity, `${d.range.start.line}:${d.range.start.character}-${d.range.end.line}:${d.range.end.character}`]),
      [
        ['unused-suppression', 3, '7:40-7:54'],
        ['pss-privileged', 1, '10:6-10:22'],
      ],
    );
    await c.changeSettings({ ...only('pss-privileged'), disableInlineSuppressions: true });
    const strictText = TWO.replace('    securityContext:', '    # kube-guardrails-disable-next-line pss-privileged\n    securityContext:');
    assert.deepEqual(
      (await c.diagnostics(uri)).map((d) => d.code),
      ['pss-privileged'],
    );
    assert.deepEqual(
      (await c.change(uri, strictText)).map((d) => d.code),
      ['pss-privileged'],
    );
  }),
);

test('a diagnostic whose key is not in the current analysis gets no actions (never matched by message)', { timeout: 20000 }, () =>
  withClient(only('pss-privileged'), async (c) => {
    const uri = 'file:///ws/stale.yaml';
    const [d] = await c.open(uri, TWO);
    const forged = {
      ...d!,
      range: { start: { line: 2, character: 0 }, end: { line: 2, character: 8 } },
      data: { ...(d!.data as object), key: '2:0-2:8|pss-privileged' },
    };
    assert.deepEqual(await actionsFor(c, uri, forged), []);
    const foreign = { ...d!, source: 'YAML' };
    assert.deepEqual(await actionsFor(c, uri, foreign), []);
    // After an edit that moves the finding, the old diagnostic's key no longer matches.
    await c.change(uri, `# moved\n${TWO}`);
    assert.deepEqual(await actionsFor(c, uri, d!), []);
  }),
);

test(
  'with codeAction/resolve support, the fix-all quick fix computes its edit only when picked, for the same version only',
  { timeout: 20000 },
  async () => {
    const c = new TestClient();
    try {
      await c.initialize({
        settings: only('pss-privileged', APE),
        capabilities: {
          ...VSCODE_LIKE,
          textDocument: { ...VSCODE_LIKE.textDocument, codeAction: { resolveSupport: { properties: ['edit'] } } },
        },
      });
      const uri = 'file:///ws/lazy.yaml';
      const [d] = await c.open(uri, TWO);
      const lazy = (await actionsFor(c, uri, d!)).find((a) => a.title === 'Fix all auto-fixable problems')!;
      assert.equal(lazy.edit, undefined);
      const resolved = await c.resolve(lazy);
      assert.equal(
        applyWorkspaceEdit(TWO, uri, resolved.edit),
        TWO.replace('      privileged: true\n', '      privileged: false\n      allowPrivilegeEscalation: false\n'),
      );
      // The preferred single fix is still eager.
      assert.ok((await actionsFor(c, uri, d!)).find((a) => a.isPreferred)!.edit);
      await c.change(uri, `# edited\n${TWO}`);
      assert.equal((await c.resolve(lazy)).edit, undefined, 'stale: resolved without an edit');
    } finally {
      c.dispose();
    }
  },
);
