import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import {
  applyExemptions,
  findConfigFile,
  isExcluded,
  loadConfigFile,
  parseConfig,
  todayUtc,
  toConfigRelative,
  type ResolvedConfig,
} from '../../server/src/core/config';
import type { Finding } from '../../server/src/core/engine/finding';
import type { ObjectRef } from '../../server/src/core/types';
import { rangeOfText, rangeString, yaml } from '../helpers';

function finding(ruleId: string, object: Partial<ObjectRef>, start = 0): Finding {
  return {
    ruleId,
    severity: 'error',
    message: `${ruleId} fired`,
    range: { start, end: start + 1 },
    object: { apiVersion: 'apps/v1', kind: 'Deployment', ...object },
    documentIndex: 0,
  };
}

function cfg(...lines: string[]): ResolvedConfig {
  const r = parseConfig(yaml(...lines), { knownRuleIds: ['pss-privileged', 'pss-host-ports', 'pss-run-as-user'] });
  assert.deepEqual(r.problems, [], 'test config must be valid');
  return r.config;
}

const TODAY = '2026-06-15';

test('an exemption applies only when every selector it gives matches', () => {
  const config = cfg(
    'exemptions:',
    '  - rules: [pss-privileged]',
    '    namespaces: ["team-*"]',
    '    kinds: [daemonset]',
    '    names: ["agent-*"]',
    '    files: ["infra/**"]',
    '    reason: agents',
  );
  const match = finding('pss-privileged', { kind: 'DaemonSet', namespace: 'team-a', name: 'agent-1' });
  const cases: Array<[string, Finding, string | undefined, boolean]> = [
    ['all match (kind case-insensitive)', match, 'infra/agents.yaml', true],
    ['other rule', { ...match, ruleId: 'pss-host-ports' }, 'infra/agents.yaml', false],
    ['other namespace', { ...match, object: { ...match.object, namespace: 'prod' } }, 'infra/agents.yaml', false],
    [
      'no namespace on the object',
      { ...match, object: { apiVersion: 'apps/v1', kind: 'DaemonSet', name: 'agent-1' } },
      'infra/agents.yaml',
      false,
    ],
    ['other kind', { ...match, object: { ...match.object, kind: 'Deployment' } }, 'infra/agents.yaml', false],
    ['other name', { ...match, object: { ...match.object, name: 'web' } }, 'infra/agents.yaml', false],
    ['other file', match, 'apps/agents.yaml', false],
    ['file given with ./ and backslashes', match, '.\\infra\\x\\agents.yaml'.replace(/^\.\\/, './'), true],
    ['no file path (untitled)', match, undefined, false],
  ];
  for (const [label, f, filePath, exempted] of cases) {
    const r = applyExemptions([f], { filePath }, config, TODAY);
    assert.equal(r.exempted.length, exempted ? 1 : 0, label);
    assert.equal(r.kept.length, exempted ? 0 : 1, label);
  }
});

test('rules: "*" with no selectors exempts everything; the exemption and its reason are returned', () => {
  const config = cfg('exemptions:', "  - rules: '*'", '    reason: sandbox');
  const fs1 = [finding('pss-privileged', {}), finding('pss-host-ports', {}, 5)];
  const r = applyExemptions(fs1, { filePath: 'a.yaml' }, config, TODAY);
  assert.deepEqual(r.kept, []);
  assert.deepEqual(
    r.exempted.map((e) => [e.finding.ruleId, e.exemption.reason]),
    [
      ['pss-privileged', 'sandbox'],
      ['pss-host-ports', 'sandbox'],
    ],
  );
  assert.deepEqual(r.expiredExemptionProblems, []);
});

test('an expired exemption stops applying and is reported once; it applies through its expiry day', () => {
  const text = yaml(
    'exemptions:',
    '  - rules: [pss-privileged]',
    '    reason: migration',
    '    expires: 2026-06-14',
    '  - rules: [pss-host-ports]',
    '    reason: later',
    '    expires: 2026-06-15',
  );
  const config = parseConfig(text).config;
  const r = applyExemptions(
    [
      finding('pss-privileged', { name: 'a' }),
      finding('pss-privileged', { name: 'b' }, 3),
      finding('pss-host-ports', {}, 9),
      finding('pss-run-as-user', {}, 12),
    ],
    { filePath: 'x.yaml' },
    config,
    TODAY,
  );
  assert.deepEqual(
    r.kept.map((f) => f.ruleId),
    ['pss-privileged', 'pss-privileged', 'pss-run-as-user'],
  );
  assert.deepEqual(
    r.exempted.map((e) => e.finding.ruleId),
    ['pss-host-ports'],
  );
  assert.equal(r.expiredExemptionProblems.length, 1);
  const p = r.expiredExemptionProblems[0];
  assert.equal(p!.severity, 'warning');
  assert.equal(p!.code, 'config-expired-exemption');
  assert.equal(rangeString(text, p!.range), rangeOfText(text, '2026-06-14'));
  assert.equal(
    p!.message,
    'exemptions[0] (pss-privileged: "migration") expired on 2026-06-14; its findings are reported again. Renew or remove it.',
  );
});

test('an expired exemption does not hide a later one that still applies', () => {
  const config = cfg(
    'exemptions:',
    "  - rules: '*'",
    '    reason: old',
    '    expires: 2020-01-01',
    '  - rules: [pss-privileged]',
    '    reason: current',
  );
  const r = applyExemptions([finding('pss-privileged', {})], {}, config, TODAY);
  assert.deepEqual(
    r.exempted.map((e) => e.exemption.reason),
    ['current'],
  );
  assert.equal(r.expiredExemptionProblems.length, 1);
});

test('todayUtc is the UTC calendar day', () => {
  assert.equal(todayUtc(new Date('2026-03-01T23:59:59-05:00')), '2026-03-02');
  assert.match(todayUtc(), /^\d{4}-\d{2}-\d{2}$/);
});

test('isExcluded matches globs relative to the config folder, and any folder above the file', () => {
  const config = cfg('exclude:', '  - vendor', '  - "charts/*/templates/"', '  - "**/generated/**"', '  - "*.tmp.yaml"', '  - ./legacy/**');
  const yes = [
    'vendor/a.yaml',
    'vendor/x/y/b.yml',
    'charts/web/templates/d.yaml',
    'a/generated/x.yaml',
    'generated/x.yaml',
    'scratch.tmp.yaml',
    'legacy/old.yaml',
    './vendor/a.yaml',
    'vendor\\win.yaml',
  ];
  const no = [
    'apps/vendor.yaml',
    'charts/web/values.yaml',
    'sub/scratch.tmp.yaml',
    'vendorx/a.yaml',
    '../vendor/a.yaml',
    '/abs/vendor/a.yaml',
    '',
  ];
  for (const p of yes) assert.equal(isExcluded(p, config), true, p);
  for (const p of no) assert.equal(isExcluded(p, config), false, p);
  assert.equal(isExcluded('vendor/a.yaml', cfg('profile: baseline')), false);
});

test('toConfigRelative gives forward-slash paths inside the folder and undefined outside', () => {
  const root = path.resolve('/proj');
  assert.equal(toConfigRelative(root, path.join(root, 'a', 'b.yaml')), 'a/b.yaml');
  assert.equal(toConfigRelative(root, path.resolve('/other/b.yaml')), undefined);
  assert.equal(toConfigRelative(root, root), undefined);
});

test('findConfigFile walks upward to the nearest config and stops at the root; loadConfigFile never throws', () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'kg-config-'));
  try {
    const deep = path.join(tmp, 'repo', 'apps', 'web');
    fs.mkdirSync(deep, { recursive: true });
    assert.equal(findConfigFile(deep), undefined);
    fs.writeFileSync(path.join(tmp, 'repo', '.kube-guardrails.yaml'), 'profile: baseline\n');
    assert.equal(findConfigFile(deep), path.join(tmp, 'repo', '.kube-guardrails.yaml'));
    fs.writeFileSync(path.join(tmp, 'repo', 'apps', '.kube-guardrails.yml'), 'profile: restricted\n');
    assert.equal(findConfigFile(deep), path.join(tmp, 'repo', 'apps', '.kube-guardrails.yml'));
    // a directory with the config's name is not a config
    fs.mkdirSync(path.join(deep, '.kube-guardrails.yaml'));
    assert.equal(findConfigFile(deep), path.join(tmp, 'repo', 'apps', '.kube-guardrails.yml'));

    const loaded = loadConfigFile(path.join(tmp, 'repo', '.kube-guardrails.yaml'));
    assert.equal(loaded.dir, path.join(tmp, 'repo'));
    assert.equal(loaded.config.profile, 'baseline');
    assert.equal(loaded.readError, undefined);
    const missing = loadConfigFile(path.join(tmp, 'nope.yaml'));
    assert.match(missing.readError ?? '', /no such file/);
    const dir = loadConfigFile(path.join(deep, '.kube-guardrails.yaml'));
    assert.match(dir.readError ?? '', /not a file/);
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
});
