import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { CodeActionKind, type CodeAction, type Diagnostic } from 'vscode-languageserver/node';
import { RULES } from '../../server/src/core/rules/registry';
import { yaml } from '../helpers';
import { applyWorkspaceEdit, TestClient } from '../lsp/harness';

/** Every rule off but the named ones: the expected texts then depend on those rules only. */
function only(...ids: string[]): Record<string, unknown> {
  return { rules: Object.fromEntries(RULES.map((r) => [r.id, ids.includes(r.id) ? r.severity : 'off'])) };
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
  assert.equal(p[0].kind, CodeActionKind.QuickFix);
  assert.ok(p[0].edit, 'the fix carries its edit');
  assert.equal(p[0].command, undefined, 'no command round-trip');
  return p[0];
}

/** Opens `text`, takes the one diagnostic of `ruleId`, applies its preferred fix and returns the new text. */
async function quickFixed(c: TestClient, uri: string, text: string, ruleId: string): Promise<string> {
  const ds = (await c.open(uri, text)).filter((d) => d.code === ruleId);
  assert.equal(ds.length, 1, `one ${ruleId} diagnostic expected`);
  return applyWorkspaceEdit(text, uri, preferred(await actionsFor(c, uri, ds[0])).edit);
}

const PRIVILEGED_CASES: Array<[string, string, string]> = [
  [
    '2-space',
    yaml('apiVersion: v1', 'kind: Pod', 'metadata:', '  name: p', 'spec:', '  containers:', '  - name: c', '    image: x:1', '    securityContext:', '      privileged: true'),
    yaml('apiVersion: v1', 'kind: Pod', 'metadata:', '  name: p', 'spec:', '  containers:', '  - name: c', '    image: x:1', '    securityContext:', '      privileged: false'),
  ],
  [
    '4-space',
    yaml('apiVersion: v1', 'kind: Pod', 'metadata:', '    name: p', 'spec:', '    containers:', '        - name: c', '          image: x:1', '          securityContext:', '              privileged: true', '              runAsUser: 1000'),
    yaml('apiVersion: v1', 'kind: Pod', 'metadata:', '    name: p', 'spec:', '    containers:', '        - name: c', '          image: x:1', '          securityContext:', '              privileged: false', '              runAsUser: 1000'),
  ],
  [
    'CRLF',
    'apiVersion: v1\r\nkind: Pod\r\nmetadata:\r\n  name: p\r\nspec:\r\n  containers:\r\n  - name: c\r\n    image: x:1\r\n    securityContext:\r\n      privileged: true\r\n',
    'apiVersion: v1\r\nkind: Pod\r\nmetadata:\r\n  name: p\r\nspec:\r\n  containers:\r\n  - name: c\r\n    image: x:1\r\n    securityContext:\r\n      privileged: false\r\n',
  ],
  [
    'flow-style',
    yaml('apiVersion: v1', 'kind: Pod', 'metadata: {name: p}', 'spec:', '  containers:', '  - {name: c, image: "x:1", securityContext: {privileged: true, runAsUser: 1000}}'),
    yaml('apiVersion: v1', 'kind: Pod', 'metadata: {name: p}', 'spec:', '  containers:', '  - {name: c, image: "x:1", securityContext: {privileged: false, runAsUser: 1000}}'),
  ],
  [
    'commented',
    yaml('# leading comment', 'apiVersion: v1', 'kind: Pod', 'metadata:', '  name: p  # the name', 'spec:', '  containers:', '  - name: c', '    image: x:1', '    securityContext:', '      # needs devices', '      privileged: true   # why', '      # trailing'),
    yaml('# leading comment', 'apiVersion: v1', 'kind: Pod', 'metadata:', '  name: p  # the name', 'spec:', '  containers:', '  - name: c', '    image: x:1', '    securityContext:', '      # needs devices', '      privileged: false   # why', '      # trailing'),
  ],
];

for (const [style, input, expected] of PRIVILEGED_CASES) {
  test(`quick fix pss-privileged (${style}): exact edited text`, { timeout: 20000 }, () =>
    withClient(only('pss-privileged'), async (c) => {
      assert.equal(await quickFixed(c, `file:///ws/${style}.yaml`, input, 'pss-privileged'), expected);
    }),
  );
}
