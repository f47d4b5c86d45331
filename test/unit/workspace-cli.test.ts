import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as path from 'path';
import { runCli } from '../../server/src/cli/main';
import { CliWorkspace } from '../../server/src/cli/workspace';
import { parseConfig } from '../../server/src/core/config';
import { WORKSPACE_RULES } from '../../server/src/core/workspace/rules';
import type { ScanReport } from '../../server/src/cli/report';
import { LineIndex } from '../../server/src/core/yaml/lineIndex';
import { WORKSPACE_FIXTURES } from './workspace-helpers';

const SHOP = path.join(WORKSPACE_FIXTURES, 'shop');
const WS_IDS = new Set(WORKSPACE_RULES.map((r) => r.id));

function scanJson(args: string[]): { code: number; json: { findings: Array<Record<string, unknown>>; errors: unknown[] } } {
  let out = '';
  const code = runCli(['scan', '--no-config', '--format', 'json', ...args], { stdout: (s) => (out += s), stderr: () => undefined });
  return { code, json: JSON.parse(out) };
}

const r = (l1: number, c1: number, l2: number, c2: number) => ({ start: { line: l1, character: c1 }, end: { line: l2, character: c2 } });

test('scan over a directory adds cross-file findings with related locations (exact)', () => {
  const { code, json } = scanJson([SHOP]);
  assert.equal(code, 1, 'psa-namespace-enforce is an error');
  const rel = (f: string) => path.relative(SHOP, f);
  const got = json.findings
    .filter((f) => WS_IDS.has(f.ruleId as string))
    .map((f) => ({
      ruleId: f.ruleId,
      file: rel(f.file as string),
      range: f.range,
      related: ((f.related as Array<{ file: string; range: unknown }> | undefined) ?? []).map((x) => ({
        file: rel(x.file),
        range: x.range,
      })),
    }));
  const worker = r(3, 2, 3, 14);
  const workerContainer = r(13, 10, 13, 22);
  const policySelector = { file: 'netpol.yaml', range: r(6, 2, 6, 13) };
  assert.deepEqual(got, [
    {
      ruleId: 'netpol-default-deny',
      file: 'namespace.yaml',
      range: r(3, 2, 3, 12),
      related: [
        { file: 'web.yaml', range: r(3, 2, 3, 11) },
        { file: 'worker.yaml', range: worker },
      ],
    },
    { ruleId: 'dangling-role-ref', file: 'rbac.yaml', range: r(14, 2, 14, 21), related: [] },
    { ruleId: 'netpol-egress-isolation', file: 'worker.yaml', range: worker, related: [policySelector] },
    { ruleId: 'netpol-ingress-isolation', file: 'worker.yaml', range: worker, related: [policySelector] },
    {
      ruleId: 'psa-namespace-enforce',
      file: 'worker.yaml',
      range: worker,
      related: [{ file: 'namespace.yaml', range: r(5, 4, 5, 50) }, ...Array(4).fill({ file: 'worker.yaml', range: workerContainer })],
    },
  ]);
  const psa = json.findings.find((f) => f.ruleId === 'psa-namespace-enforce')!;
  assert.equal(psa.severity, 'error');
  assert.equal(
    psa.message,
    'Pods of Deployment "worker" would be rejected in namespace "shop" (restricted, v1.30): allowPrivilegeEscalation, capabilities_restricted, runAsNonRoot, seccompProfile_restricted.',
  );
  assert.equal((psa.related as Array<{ message: string }>)[0]!.message, 'Namespace "shop" enforces restricted, v1.30.');
});

test('scanning one file of the workspace sees only that file: cross-file facts come from the scanned paths', () => {
  const { json } = scanJson([path.join(SHOP, 'web.yaml')]);
  const ids = json.findings.filter((f) => WS_IDS.has(f.ruleId as string)).map((f) => f.ruleId);
  // Without netpol.yaml and rbac.yaml, web is neither isolated nor has its ServiceAccount.
  assert.deepEqual(ids, ['netpol-default-deny', 'netpol-egress-isolation', 'netpol-ingress-isolation', 'dangling-service-account']);
});

test('findings without related locations have no related key in JSON', () => {
  const { json } = scanJson([SHOP]);
  const f = json.findings.find((x) => x.ruleId === 'dangling-role-ref')!;
  assert.equal('related' in f, false);
});

test('each file keeps its own rule levels: off drops, a severity re-levels, opt-in needs naming', () => {
  const ws = new CliWorkspace();
  const a = 'apiVersion: v1\nkind: Pod\nmetadata: {name: a, namespace: x}\nspec:\n  containers: [{name: c, image: i}]\n';
  const ing = 'apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: {name: i, namespace: x}\nspec:\n  tls: [{secretName: s}]\n';
  // i.yaml's config exempts netpol-default-deny there (only there: a.yaml keeps its own).
  const { config, problems } = parseConfig('exemptions:\n  - rules: [netpol-default-deny]\n    files: [i.yaml]\n    reason: test\n');
  assert.deepEqual(problems, []);
  ws.add('a.yaml', a, { rules: { 'netpol-ingress-isolation': 'off', 'netpol-egress-isolation': 'error' }, strict: false });
  ws.add('i.yaml', ing, { rules: { 'dangling-ingress-tls-secret': 'warning' }, strict: false, exemptions: { config, filePath: 'i.yaml' } });
  const report: ScanReport = {
    files: [
      { file: 'a.yaml', lines: new LineIndex(a), findings: [] },
      { file: 'i.yaml', lines: new LineIndex(ing), findings: [] },
    ],
    errors: [],
  };
  ws.addFindingsTo(report);
  assert.deepEqual(
    report.files[0]!.findings.map((f) => [f.ruleId, f.severity]),
    [
      ['netpol-default-deny', 'info'],
      ['netpol-egress-isolation', 'error'],
    ],
  );
  assert.deepEqual(
    report.files[1]!.findings.map((f) => [f.ruleId, f.severity]),
    [['dangling-ingress-tls-secret', 'warning']],
  );
});

test('SARIF carries relatedLocations (1-based) for cross-file findings', () => {
  let out = '';
  runCli(['scan', '--no-config', '--format', 'sarif', SHOP], { stdout: (s) => (out += s), stderr: () => undefined });
  const results = JSON.parse(out).runs[0].results as Array<{
    ruleId: string;
    relatedLocations?: Array<{ physicalLocation: { artifactLocation: { uri: string }; region: unknown }; message: { text: string } }>;
  }>;
  const psa = results.find((r) => r.ruleId === 'psa-namespace-enforce')!;
  assert.equal(psa.relatedLocations!.length, 5);
  assert.ok(psa.relatedLocations![0]!.physicalLocation.artifactLocation.uri.endsWith('/namespace.yaml'));
  assert.deepEqual(psa.relatedLocations![0]!.physicalLocation.region, { startLine: 6, startColumn: 5, endLine: 6, endColumn: 51 });
  assert.equal(psa.relatedLocations![0]!.message.text, 'Namespace "shop" enforces restricted, v1.30.');
});

test('kube-guardrails rules lists the workspace rules too', () => {
  let text = '';
  runCli(['rules'], { stdout: (s) => (text += s), stderr: () => undefined });
  for (const r of WORKSPACE_RULES) assert.match(text, new RegExp(`^${r.id}\\s+workspace:${r.category}\\s`, 'm'));
  assert.match(text, /^dangling-ingress-tls-secret\s+workspace:tls\s+info \(off by default\)/m);
  let json = '';
  runCli(['rules', '--format', 'json'], { stdout: (s) => (json += s), stderr: () => undefined });
  const listed = (JSON.parse(json) as Array<{ id: string; workspace?: boolean }>).filter((r) => r.workspace).map((r) => r.id);
  assert.deepEqual(
    listed,
    WORKSPACE_RULES.map((r) => r.id),
  );
});
