import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import type { CustomRule } from '../../server/src/core/custom';
import type { Finding } from '../../server/src/core/engine/finding';
import { effectivePermissionsMarkdown } from '../../server/src/core/workspace/permissions';
import { WorkspaceIndex } from '../../server/src/core/workspace/workspaceIndex';
import { describeFinding } from '../../server/src/lsp/hover';

/**
 * Hovers are Markdown, and the client trusts one command link in them
 * (kubeGuardrails.showSecurityMap): workspace text must not add a link, an image (a remote
 * fetch when the hover opens) or formatting. A `]` or `(` left unescaped would let it.
 */
const LINK = '[Show in security map](command:kubeGuardrails.showSecurityMap?%5B%5D)';
const IMAGE = '![](https://example.com/x.png)';

/** Whether Markdown would read a link or image in `md`: a `[` not escaped by a backslash. */
function hasLinkSyntax(md: string): boolean {
  return /(^|[^\\])\[/.test(md.replace(/\\\\/g, ''));
}

test('the permissions hover shows a ServiceAccount and namespace name as text, never a link or an image', () => {
  const index = new WorkspaceIndex();
  const name = `x\` ${LINK} \``;
  const ns = `n ${IMAGE}\n\n${LINK}`;
  index.setFileText(
    'sa.yaml',
    `apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: ${JSON.stringify(name)}\n  namespace: ${JSON.stringify(ns)}`,
  );
  const md = effectivePermissionsMarkdown(index, ns, name);
  assert.equal(
    md.split('\n')[0],
    '**Effective permissions of ServiceAccount x\\` \\[Show in security map\\](command:kubeGuardrails.showSecurityMap?%5B%5D) \\`** (namespace n !\\[\\](https://example.com/x.png)  \\[Show in security map\\](command:kubeGuardrails.showSecurityMap?%5B%5D))',
  );
  assert.equal(hasLinkSyntax(md), false);
});

test("a custom rule's docs text from the config is shown as text", () => {
  const rule = { id: 'my-rule', custom: true, title: 'My rule', docs: `see ${IMAGE} and ${LINK}` } as unknown as CustomRule;
  const f = { ruleId: 'my-rule', severity: 'warning', message: 'msg' } as unknown as Finding;
  const md = describeFinding(f, [rule]);
  assert.ok(
    md.endsWith(
      '**Documentation:** see !\\[\\](https://example.com/x.png) and \\[Show in security map\\](command:kubeGuardrails.showSecurityMap?%5B%5D)',
    ),
    md,
  );
  assert.equal(hasLinkSyntax(md), false);
});
