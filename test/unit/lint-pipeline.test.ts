import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { parseConfig } from '../../server/src/core/config';
import { DEFAULT_OPTIONS } from '../../server/src/core/engine/options';
import { lintFile, lintWorkspace, type WorkspaceFileScope } from '../../server/src/core/lint';
import { getRule } from '../../server/src/core/rules/registry';
import { WorkspaceIndex } from '../../server/src/core/workspace/workspaceIndex';
import { yaml } from '../helpers';

/**
 * The one findings pipeline (core/lint), in the order the README documents: levels, inline
 * suppressions, config exemptions, then unused-suppression (off / re-levelled by `rules`,
 * never exempted). Both front ends call it; these pin the order itself.
 */

const RULES = [getRule('pss-privileged')!, getRule('pss-host-namespaces')!];
const POD = yaml(
  'apiVersion: v1',
  'kind: Pod',
  'metadata: {name: p, namespace: shop}',
  'spec:',
  '  hostNetwork: true',
  '  containers:',
  '  - name: a',
  '    image: nginx:1.27',
  '    securityContext:',
  '      # kube-guardrails-disable-next-line pss-privileged, pss-host-ports',
  '      privileged: true',
);

function config(...lines: string[]) {
  const { config, problems } = parseConfig(yaml(...lines));
  assert.deepEqual(problems, []);
  return config;
}

const brief = (fs: ReadonlyArray<{ ruleId: string; severity: string; range: { start: number } }>) =>
  fs.map((f) => `${f.ruleId}@${f.range.start}:${f.severity}`);

test('lintFile: suppressions before exemptions (a directive an exemption also covers counts as used); unused re-levelled, never exempted', () => {
  const exemptAll = config('exemptions:', "  - rules: '*'", '    reason: everything');
  const r = lintFile(POD, {
    options: { ...DEFAULT_OPTIONS, rules: { 'unused-suppression': 'error' } },
    strict: false,
    exemptions: { config: exemptAll, filePath: 'pod.yaml' },
    rules: RULES,
    today: '2026-12-04',
  });
  const unusedAt = POD.indexOf('pss-host-ports');
  // pss-privileged: suppressed by the directive (so its id is used); pss-host-namespaces: exempted;
  // the directive's second id suppressed nothing: unused, at error, despite the '*' exemption.
  assert.deepEqual(brief(r.findings), [`unused-suppression@${unusedAt}:error`]);
  assert.equal(r.findings[0]!.message, 'Unused suppression: no "pss-host-ports" finding on the next line.');
  assert.deepEqual(r.notAnalyzed, []);
});

test('lintFile: strict mode ignores the directive (nothing unused), exemptions still apply; `off` drops unused-suppression', () => {
  const exemptNetwork = config('exemptions:', '  - rules: [pss-host-namespaces]', '    reason: node agent');
  const strict = lintFile(POD, {
    options: DEFAULT_OPTIONS,
    strict: true,
    exemptions: { config: exemptNetwork, filePath: 'pod.yaml' },
    rules: RULES,
  });
  assert.deepEqual(brief(strict.findings), [`pss-privileged@${POD.indexOf('privileged: true')}:error`]);
  const off = lintFile(POD, { options: { ...DEFAULT_OPTIONS, rules: { 'unused-suppression': 'off' } }, strict: false, rules: RULES });
  assert.deepEqual(brief(off.findings), [`pss-host-namespaces@${POD.indexOf('hostNetwork')}:error`]);
});

test('lintFile: an expired exemption no longer applies and is returned once as a problem', () => {
  const expired = config('exemptions:', '  - rules: [pss-host-namespaces]', '    reason: until the migration', '    expires: 2026-01-31');
  const r = lintFile(POD, {
    options: DEFAULT_OPTIONS,
    strict: true,
    exemptions: { config: expired, filePath: 'pod.yaml' },
    rules: RULES,
    today: '2026-12-04',
  });
  assert.deepEqual(brief(r.findings), [
    `pss-host-namespaces@${POD.indexOf('hostNetwork')}:error`,
    `pss-privileged@${POD.indexOf('privileged: true')}:error`,
  ]);
  assert.deepEqual(
    r.expiredExemptionProblems.map((p) => p.code),
    ['config-expired-exemption'],
  );
});

test('lintWorkspace: per-file levels, suppressions, exemptions and unused-suppression; no scope drops the file', () => {
  const index = new WorkspaceIndex();
  const a = yaml('apiVersion: v1', 'kind: Pod', 'metadata: {name: a, namespace: x}', 'spec:', '  containers: [{name: c, image: i}]');
  const b = yaml(
    'apiVersion: v1',
    'kind: Pod',
    'metadata:',
    '  name: b',
    '  namespace: y',
    '  annotations:',
    '    ignore-check.kube-guardrails.io/netpol-ingress-isolation: "ingress by mesh"',
    '    ignore-check.kube-guardrails.io/dangling-service: "typo stays unused"',
    'spec:',
    '  containers: [{name: c, image: i}]',
  );
  index.setFileText('a.yaml', a);
  index.setFileText('b.yaml', b);
  index.setFileText('c.yaml', a.replace('name: a', 'name: c'));
  const exemptDeny = config('exemptions:', '  - rules: [netpol-default-deny]', '    reason: test');
  const { byFile, ruleFailures } = lintWorkspace(index, (file): WorkspaceFileScope | undefined => {
    if (file === 'a.yaml') return { rules: { 'netpol-ingress-isolation': 'off', 'netpol-egress-isolation': 'warning' }, strict: false };
    if (file === 'b.yaml')
      return { rules: { 'unused-suppression': 'warning' }, strict: false, exemptions: { config: exemptDeny, filePath: 'b.yaml' } };
    return undefined;
  });
  assert.deepEqual(ruleFailures, []);
  assert.deepEqual([...byFile.keys()], ['a.yaml', 'b.yaml']);
  assert.deepEqual(
    byFile.get('a.yaml')!.map((f) => `${f.ruleId}:${f.severity}`),
    ['netpol-default-deny:info', 'netpol-egress-isolation:warning'],
  );
  // b.yaml: ingress isolation suppressed by its annotation, default-deny exempted by its config;
  // egress isolation at its default level; the annotation for dangling-service suppressed nothing.
  assert.deepEqual(
    byFile.get('b.yaml')!.map((f) => `${f.ruleId}:${f.severity}@${f.range.start}`),
    [
      `netpol-egress-isolation:info@${b.indexOf('name: b')}`,
      `unused-suppression:warning@${b.indexOf('ignore-check.kube-guardrails.io/dangling-service')}`,
    ],
  );
});
