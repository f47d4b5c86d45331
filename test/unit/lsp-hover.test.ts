import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as path from 'path';
import { pathToFileURL } from 'url';
import type { MarkupContent } from 'vscode-languageserver/node';
import type { Finding } from '../../server/src/core/engine/finding';
import { getRule } from '../../server/src/core/rules/registry';
import { describeFinding } from '../../server/src/lsp/hover';
import { PRIVILEGED_POD, REPO_ROOT } from '../helpers';
import { rangeStr, TestClient } from '../lsp/harness';

test('hover on a finding: title, message, why, remediation, PSS check, equivalents, docs link', { timeout: 20000 }, async () => {
  const c = new TestClient();
  try {
    await c.initialize({ settings: { profile: 'baseline' } });
    const uri = 'file:///ws/hover.yaml';
    await c.open(uri, PRIVILEGED_POD);
    const h = await c.hover(uri, 9, 10);
    assert.ok(h);
    assert.equal(rangeStr(h.range!), '9:6-9:22');
    const md = (h.contents as MarkupContent).value;
    const rule = getRule('pss-privileged')!;
    const docs = pathToFileURL(path.join(REPO_ROOT, 'docs', 'rules', 'pss-privileged.md')).toString();
    assert.equal(
      md,
      [
        '**Privileged container** — `pss-privileged` (error)',
        'Container "app" of Pod "web" is privileged.',
        `**Why it matters:** ${rule.description}`,
        `**Remediation:** ${rule.remediation}`,
        '**Pod Security Standards:** check `privileged`, baseline level.',
        `**Equivalent checks:** kube-linter \`${rule.equivalents!['kube-linter']![0]}\` · Polaris \`${rule.equivalents!.polaris![0]}\` · kubesec \`${rule.equivalents!.kubesec![0]}\` · Trivy \`${rule.equivalents!.trivy![0]}\` · Checkov \`${rule.equivalents!.checkov![0]}\` · Kubescape \`${rule.equivalents!.kubescape![0]}\``,
        `[Documentation for pss-privileged](${docs})`,
      ].join('\n\n'),
    );
    // Outside any finding: no hover (Red Hat YAML's schema hover stays alone).
    assert.equal(await c.hover(uri, 1, 3), null);
  } finally {
    c.dispose();
  }
});

test('hover shows manifest text as text: Markdown characters in a message are escaped (no emphasis, code, link or HTML)', () => {
  const finding: Finding = {
    ruleId: 'pss-privileged',
    severity: 'error',
    message: 'Container "*a*" of Pod "[x](https://example.com) <b>`c`</b> ~~d~~ | _e_ \\" is privileged.',
    range: { start: 0, end: 1 },
    object: { apiVersion: 'v1', kind: 'Pod', name: 'p' },
    documentIndex: 0,
  };
  const shown = describeFinding(finding).split('\n\n')[1];
  assert.equal(
    shown,
    'Container "\\*a\\*" of Pod "\\[x\\](https://example.com) \\<b\\>\\`c\\`\\</b\\> \\~\\~d\\~\\~ \\| \\_e\\_ \\\\" is privileged.',
  );
});
