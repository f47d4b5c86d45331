import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as path from 'path';
import { REPO_ROOT } from '../helpers';
import { cli } from './cli-helpers';

test('workload-sa-permissions summarises full wildcard access as "do anything", not a list of every grant', () => {
  const out = JSON.parse(cli('scan', '--no-config', '-f', 'json', path.join(REPO_ROOT, 'examples')).stdout);
  // The plain manifests' workload (the chart and the overlay beside them are bound by the same ClusterRoleBinding).
  const plain = (file: string) => !file.includes(`${path.sep}helm${path.sep}`) && !file.includes(`${path.sep}kustomize${path.sep}`);
  const f = out.findings.filter((x: { ruleId: string; file: string }) => x.ruleId === 'workload-sa-permissions' && plain(x.file));
  assert.deepEqual(
    f.map((x: { message: string; range: unknown }) => [x.message, x.range]),
    [
      [
        'Deployment "payments-api" runs as ServiceAccount "default", whose RBAC grants let it do anything (cluster-admin) (via ClusterRoleBinding "deployer-anyone").',
        { start: { line: 5, character: 2 }, end: { line: 5, character: 20 } },
      ],
    ],
  );
});

test('stylish output prints the related locations of a cross-file finding under it, 1-based', () => {
  const out = cli('scan', '--no-config', path.join(REPO_ROOT, 'examples')).stdout.split('\n');
  const row = out.findIndex((l) => l.endsWith('psa-namespace-enforce'));
  assert.ok(row >= 0);
  assert.equal(
    out[row + 1]!.trim(),
    `related: ${path.join(REPO_ROOT, 'examples', 'namespace.yaml')}:8:5  Namespace "shop" enforces baseline, latest.`,
  );
});
