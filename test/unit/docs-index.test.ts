import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { RULES } from '../../server/src/core/rules/registry';
import type { RuleMeta } from '../../server/src/core/rules/types';
import { WORKSPACE_RULES } from '../../server/src/core/workspace/rules';
import { REPO_ROOT } from '../helpers';

/**
 * docs/rules/README.md (the rule index) and the rule counts quoted in README.md are
 * derived from the registries; this test keeps them true. `UPDATE_DOCS=1` rewrites the
 * index instead of comparing.
 */
const INDEX = path.join(REPO_ROOT, 'docs', 'rules', 'README.md');

const CATEGORY_TITLES: Record<string, string> = {
  'pod-security': 'Pod Security Standards',
  workload: 'Workload hardening',
  host: 'Host access',
  'service-account': 'Service accounts',
  secrets: 'Secrets',
  exposure: 'Exposure',
  rbac: 'RBAC',
  tls: 'TLS and mTLS',
  network: 'NetworkPolicy (workspace)',
  custom: 'Custom',
};

/** What the index shows of a rule; both registries' rules have it. */
type Listed = Omit<RuleMeta, 'appliesTo'>;

function row(r: Listed, scope: string): string {
  const level = r.pss ? `${r.pss.level} (\`${r.pss.check}\`)` : scope;
  return `| [\`${r.id}\`](${r.id}.md) | ${r.title} | ${r.severity}${r.defaultEnabled === false ? ', off by default' : ''} | ${level} |`;
}

function expectedIndex(): string {
  const all: Array<[Listed, string]> = [...RULES.map((r): [Listed, string] => [r, 'per object']), ...WORKSPACE_RULES.map((r): [Listed, string] => [r, 'workspace'])];
  const categories = [...new Set(all.map(([r]) => r.category))].sort((a, b) => Object.keys(CATEGORY_TITLES).indexOf(a) - Object.keys(CATEGORY_TITLES).indexOf(b));
  const out = [
    '# Rules',
    '',
    `${all.length} rules: ${RULES.length} that judge one object and ${WORKSPACE_RULES.length} that need the whole workspace. Generated from the registries by \`UPDATE_DOCS=1 node --test out/test/unit/docs-index.test.js\`; a test keeps it current.`,
    '',
    'Plus the pseudo-rules [`unused-suppression`](unused-suppression.md), which reports suppressions that suppress nothing, and [`yaml-syntax`](yaml-syntax.md), which reports a YAML syntax error in a manifest.',
    '',
  ];
  for (const c of categories) {
    out.push(`## ${CATEGORY_TITLES[c] ?? c}`, '', '| rule | title | default | scope |', '|---|---|---|---|');
    for (const [r, scope] of all.filter(([x]) => x.category === c)) out.push(row(r, scope));
    out.push('');
  }
  return out.join('\n');
}

test('docs/rules/README.md lists every rule as the registries define it', () => {
  const expected = expectedIndex();
  if (process.env.UPDATE_DOCS) fs.writeFileSync(INDEX, expected);
  assert.equal(fs.readFileSync(INDEX, 'utf8'), expected);
});

test('README.md quotes the current rule counts', () => {
  const readme = fs.readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8');
  const m = /(\d+) rules \((\d+) per object, (\d+) across the workspace\)/.exec(readme);
  assert.ok(m, 'README states "<n> rules (<n> per object, <n> across the workspace)"');
  assert.deepEqual([Number(m[1]), Number(m[2]), Number(m[3])], [RULES.length + WORKSPACE_RULES.length, RULES.length, WORKSPACE_RULES.length]);
});
