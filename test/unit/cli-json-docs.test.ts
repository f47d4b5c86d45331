import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { docsUrl } from '../../server/src/core/docs';
import { yaml } from '../helpers';
import { cli, pod, tree } from './cli-helpers';

test('JSON docsUrl: built-in rules link to their page; custom rules (no page) have none', () => {
  const config = yaml(
    'customRules:',
    '  - id: cpu-limit',
    '    title: Containers set a CPU limit',
    '    kinds: [Pod]',
    '    target: container',
    '    schema: {properties: {resources: {properties: {limits: {required: [cpu]}}}}}',
    '    message: Set resources.limits.cpu',
  );
  const t = tree({ '.kube-guardrails.yaml': config, 'pod.yaml': pod('web', { containerExtra: ['privileged: true'] }) });
  try {
    const out = JSON.parse(cli('scan', '-f', 'json', t.root).stdout);
    const byRule = new Map(out.findings.map((f: Record<string, unknown>) => [f.ruleId, f]));
    assert.equal((byRule.get('pss-privileged') as Record<string, unknown>).docsUrl, docsUrl('pss-privileged'));
    assert.ok(byRule.has('cpu-limit'));
    assert.equal('docsUrl' in (byRule.get('cpu-limit') as object), false);
  } finally {
    t.cleanup();
  }
});
