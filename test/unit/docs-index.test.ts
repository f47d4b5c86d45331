import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { BUILT_IN_CATALOGUE, type CatalogueEntry } from '../../server/src/core/rules/catalogue';
import { REPO_ROOT } from '../helpers';

/**
 * docs/rules/README.md (the rule index) and the rule counts quoted in README.md are
 * derived from the rule catalogue; this test keeps them true. `UPDATE_DOCS=1` rewrites the
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
  network: 'Network policies, service mesh and ingress controllers',
  cluster: 'Cluster configuration',
  custom: 'Custom',
};

const SCOPE_TITLES: Partial<Record<CatalogueEntry['scope'], string>> = { object: 'per object', workspace: 'workspace' };
const OBJECT_RULES = BUILT_IN_CATALOGUE.filter((e) => e.scope === 'object');
const WORKSPACE_RULES = BUILT_IN_CATALOGUE.filter((e) => e.scope === 'workspace');
const PSEUDO_RULES = BUILT_IN_CATALOGUE.filter((e) => e.scope === 'pseudo');

function row(r: CatalogueEntry): string {
  const level = r.pss ? `${r.pss.level} (\`${r.pss.check}\`)` : SCOPE_TITLES[r.scope];
  return `| [\`${r.id}\`](${r.id}.md) | ${r.title} | ${r.severity}${r.defaultEnabled ? '' : ', off by default'} | ${level} |`;
}

function expectedIndex(): string {
  const all = [...OBJECT_RULES, ...WORKSPACE_RULES];
  const pseudo = PSEUDO_RULES.map((p) => `[\`${p.id}\`](${p.id}.md), which ${p.summary}`).join('; ');
  const categories = [...new Set(all.map((r) => r.category))].sort(
    (a, b) => Object.keys(CATEGORY_TITLES).indexOf(a) - Object.keys(CATEGORY_TITLES).indexOf(b),
  );
  const out = [
    '# Rules',
    '',
    `${all.length} rules: ${OBJECT_RULES.length} that judge one object and ${WORKSPACE_RULES.length} that need the whole workspace. Generated from the registries by \`UPDATE_DOCS=1 node --test out/test/unit/docs-index.test.js\`; a test keeps it current.`,
    '',
    `Plus the pseudo-rule${PSEUDO_RULES.length > 1 ? 's' : ''} ${pseudo}.`,
    '',
  ];
  for (const c of categories) {
    out.push(`## ${CATEGORY_TITLES[c] ?? c}`, '', '| rule | title | default | scope |', '|---|---|---|---|');
    for (const r of all.filter((x) => x.category === c)) out.push(row(r));
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
  assert.deepEqual(
    [Number(m[1]), Number(m[2]), Number(m[3])],
    [OBJECT_RULES.length + WORKSPACE_RULES.length, OBJECT_RULES.length, WORKSPACE_RULES.length],
  );
});
