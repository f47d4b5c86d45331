import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fieldOf, isClusterScoped, typeOfKind } from '../../server/src/core/sources/kustomize/schema';
import { REPO_ROOT, SHARED } from '../helpers';

/** The committed patch-strategy table is exactly what the generator makes from the API table. */
test('patchStrategies.json equals scripts/gen-patch-strategies.mjs output from ../shared', () => {
  const input = path.join(SHARED, 'reference', 'kubernetes-api', 'kubernetes-api-types.json');
  assert.ok(fs.existsSync(input), `the Kubernetes API table is needed to check the committed copy: ${input}`);
  const run = spawnSync(process.execPath, [path.join(REPO_ROOT, 'scripts', 'gen-patch-strategies.mjs'), '--stdout', input], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  assert.equal(run.status, 0, run.stderr);
  const committed = fs.readFileSync(path.join(REPO_ROOT, 'server', 'src', 'core', 'sources', 'kustomize', 'patchStrategies.json'), 'utf8');
  assert.ok(run.stdout === committed, 'the committed table is stale: run node scripts/gen-patch-strategies.mjs');
});

test('the table gives the merge keys kustomize uses', () => {
  const pod = typeOfKind('apps/v1', 'Deployment');
  assert.equal(pod, 'apps/v1.Deployment');
  assert.deepEqual(fieldOf('core/v1.PodSpec', 'containers'), { type: 'core/v1.Container', strategy: 'merge', keys: ['name'] });
  assert.deepEqual(fieldOf('core/v1.Container', 'ports'), { strategy: 'merge', keys: ['containerPort', 'protocol'] });
  assert.deepEqual(fieldOf('core/v1.PodSpec', 'volumes'), { type: 'core/v1.Volume', strategy: 'merge,retainKeys', keys: ['name'] });
  assert.deepEqual(fieldOf('policy/v1.PodDisruptionBudgetSpec', 'selector'), { strategy: 'replace' });
  assert.equal(fieldOf('core/v1.PodSpec', 'tolerations'), undefined);
  assert.equal(typeOfKind('example.com/v1', 'Widget'), undefined);
  assert.equal(isClusterScoped('ClusterRole'), true);
  assert.equal(isClusterScoped('CustomResourceDefinition'), true);
  assert.equal(isClusterScoped('Deployment'), false);
});
