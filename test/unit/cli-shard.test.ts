import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as path from 'path';
import { ownsFile, parseShard } from '../../server/src/cli/shard';
import { REPO_ROOT, SHARED } from '../helpers';
import { cli, tree } from './cli-helpers';

interface Report {
  findings: Array<{ file: string }>;
  errors: Array<{ file?: string }>;
}

/**
 * Scans `paths` whole and as `n` shards, and checks the shards partition the full report:
 * every file's findings (in order) and errors come from exactly the shard that owns the file,
 * file-less errors from every shard, and each shard's exit code follows its own report.
 */
function assertShardsUnion(n: number, ...paths: string[]): void {
  const full = cli('scan', '--format', 'json', '--jobs', '1', ...paths);
  const fullReport = JSON.parse(full.stdout) as Report;
  const byFile = (r: Report) => {
    const out = new Map<string, string[]>();
    for (const f of r.findings) out.set(f.file, [...(out.get(f.file) ?? []), JSON.stringify(f)]);
    for (const e of r.errors) if (e.file !== undefined) out.set(e.file, [...(out.get(e.file) ?? []), JSON.stringify(e)]);
    return out;
  };
  const union = new Map<string, string[]>();
  const fileless = new Set<string>();
  let nonEmpty = 0;
  for (let i = 1; i <= n; i++) {
    const shard = cli('scan', '--format', 'json', '--jobs', i % 2 === 0 ? '2' : '1', '--shard', `${i}/${n}`, ...paths);
    const report = JSON.parse(shard.stdout) as Report;
    const expectedCode =
      report.errors.length > 0 ? 2 : report.findings.some((f) => (f as { severity?: string }).severity === 'error') ? 1 : 0;
    assert.equal(shard.code, expectedCode, `shard ${i}/${n} exit code`);
    for (const [file, items] of byFile(report)) {
      assert.ok(!union.has(file), `${file} reported by two shards`);
      assert.ok(ownsFile({ index: i, count: n }, file), `${file} reported by shard ${i}, which does not own it`);
      union.set(file, items);
    }
    for (const e of report.errors) if (e.file === undefined) fileless.add(JSON.stringify(e));
    if (report.findings.length > 0) nonEmpty++;
  }
  assert.ok(nonEmpty >= 2, 'the findings are spread over several shards');
  assert.deepEqual(union, byFile(fullReport));
  assert.deepEqual(
    [...fileless].sort(),
    fullReport.errors
      .filter((e) => e.file === undefined)
      .map((e) => JSON.stringify(e))
      .sort(),
  );
}

test('the shards of the realworld corpus and examples/ together are one full scan', { timeout: 300_000 }, () => {
  assertShardsUnion(3, path.join(SHARED, 'corpus', 'realworld'), path.join(REPO_ROOT, 'examples'));
});

test(
  'shards of a tree with Kustomize overlays sharing a base, a Helm chart and cross-file findings: union = full scan',
  { timeout: 120_000 },
  () => {
    const deployment = (name: string, ns: string) =>
      `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ${name}\n  namespace: ${ns}\nspec:\n  selector:\n    matchLabels: {app: ${name}}\n  template:\n    metadata:\n      labels: {app: ${name}}\n    spec:\n      containers:\n        - name: app\n          image: nginx:1.27\n`;
    const files: Record<string, string> = {
      'base/kustomization.yaml': 'resources: [deploy.yaml]\n',
      'base/deploy.yaml': deployment('web', 'shop'),
      'prod/kustomization.yaml': 'resources: [../base]\nnamePrefix: prod-\n',
      'staging/kustomization.yaml': 'resources: [../base]\nnamePrefix: staging-\n# kube-guardrails-disable-next-line no-such-rule\n',
      'chart/Chart.yaml': 'apiVersion: v2\nname: demo\nversion: 0.1.0\n',
      'chart/values.yaml': 'privileged: true\n',
      'chart/templates/pod.yaml':
        'apiVersion: v1\nkind: Pod\nmetadata:\n  name: demo\n  namespace: shop\nspec:\n  containers:\n    - name: c\n      image: nginx:1.27\n      securityContext:\n        privileged: {{ .Values.privileged }}\n',
      'plain/binary.yaml': 'kind: Pod\n\u0000\u0001',
      // A NetworkPolicy in one file selecting pods of another: its findings need both files.
      'plain/deny.yaml':
        'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: deny\n  namespace: shop\nspec:\n  podSelector: {}\n  policyTypes: [Ingress]\n',
    };
    for (let i = 0; i < 12; i++) files[`plain/app-${i}.yaml`] = deployment(`app-${i}`, i % 2 === 0 ? 'shop' : 'other');
    const t = tree(files);
    try {
      assertShardsUnion(2, t.root);
      assertShardsUnion(4, t.root);
    } finally {
      t.cleanup();
    }
  },
);

test('ownsFile: each file in exactly one shard, by its path alone (stable when other files come and go); 1/1 owns everything', () => {
  const files = Array.from({ length: 200 }, (_, i) => `deploy/team-${i % 7}/svc-${i}.yaml`);
  for (const n of [2, 3, 5]) {
    const sizes = new Array<number>(n).fill(0);
    for (const f of files) {
      const owners = Array.from({ length: n }, (_, i) => i + 1).filter((i) => ownsFile({ index: i, count: n }, f));
      assert.equal(owners.length, 1, f);
      sizes[owners[0]! - 1]!++;
    }
    // A hash spreads files: no shard is empty or holds more than twice its share.
    for (const size of sizes) assert.ok(size > 0 && size < (2 * files.length) / n, `sizes ${sizes.join(',')}`);
  }
  // Windows separators: the same file, the same shard.
  for (const n of [2, 3, 5])
    for (let i = 1; i <= n; i++)
      assert.equal(ownsFile({ index: i, count: n }, 'a\\b\\c.yaml'), ownsFile({ index: i, count: n }, 'a/b/c.yaml'));
  assert.ok(files.every((f) => ownsFile({ index: 1, count: 1 }, f) && ownsFile(undefined, f)));
});

test('--shard i/n: usage errors name the bad value', () => {
  assert.deepEqual(parseShard('2/4'), { index: 2, count: 4 });
  assert.deepEqual(parseShard('1/1'), { index: 1, count: 1 });
  for (const bad of ['0/2', '3/2', '1/0', '2', '1/2/3', 'a/b', ' 1/2', '-1/2']) {
    assert.equal(parseShard(bad), undefined, bad);
    const r = cli('scan', `--shard=${bad}`, 'examples');
    assert.equal(r.code, 2);
    assert.ok(r.stderr.startsWith(`kube-guardrails: --shard must be i/n with 1 <= i <= n (for example 2/4), not "${bad}"\n`), r.stderr);
  }
});
