import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { buildKustomization } from '../../server/src/core/sources/kustomize/build';
import { ParseCache } from '../../server/src/core/sources/kustomize/load';
import { SHARED } from '../helpers';
import { deployment, memFiles, snapshot } from './kustomize-helpers';

/**
 * The editor rebuilds a root after every edit with one ParseCache: files re-parsed only when
 * their text changed, included kustomizations re-built only when something they read changed.
 * Whatever the cache holds, a build must equal a cold one: same texts, same origins, same
 * problems, same files read.
 */

const cold = (root: string, files: Record<string, string>) => snapshot(buildKustomization(root, memFiles(files)));

function readTree(dir: string, under: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const rel of fs.readdirSync(path.join(dir, under), { recursive: true }) as string[]) {
    const full = path.join(dir, under, rel);
    if (fs.statSync(full).isFile()) out[`${under}/${rel.split(path.sep).join('/')}`] = fs.readFileSync(full, 'utf8');
  }
  return out;
}

test('argo-cd ha/namespace-install: an edit of a base Deployment re-parses that file and rebuilds only the bases on its path', () => {
  const files = readTree(path.join(SHARED, 'corpus', 'kustomize', 'argo-cd'), 'manifests');
  const root = 'manifests/ha/namespace-install';
  const edited = 'manifests/base/server/argocd-server-deployment.yaml';
  const cache = new ParseCache();
  assert.deepEqual(snapshot(buildKustomization(root, memFiles(files), cache)), cold(root, files));
  const afterColdBuild = { parses: cache.parses, reused: cache.subBuildsReused };
  assert.equal(afterColdBuild.reused, 0);

  files[edited] = files[edited]!.replace('          imagePullPolicy: Always\n', '          imagePullPolicy: Never\n');
  const rebuilt = buildKustomization(root, memFiles(files), cache);
  // One file parsed again; the six other argo-cd bases of ha/base and redis-ha (with its 45 patches) kept.
  assert.equal(cache.parses - afterColdBuild.parses, 1);
  assert.equal(cache.subBuildsReused, 7);
  assert.deepEqual(snapshot(rebuilt), cold(root, files));
  const server = rebuilt.documents.find((d) => /^kind: Deployment\nmetadata:\n(?: .*\n)*? {2}name: argocd-server\n/m.test(d.text));
  assert.match(server!.text, /^ {8}imagePullPolicy: Never$/m);

  // Nothing changed: ha/base as a whole is kept, nothing is parsed.
  const again = buildKustomization(root, memFiles(files), cache);
  assert.equal(cache.parses - afterColdBuild.parses, 1);
  assert.equal(cache.subBuildsReused, 8);
  assert.deepEqual(snapshot(again), snapshot(rebuilt));
});

test('a kept base is rebuilt when the field specs an overlay configures differ', () => {
  const files: Record<string, string> = {
    'base/kustomization.yaml': 'commonLabels:\n  team: a\nresources:\n- web.yaml\n',
    'base/web.yaml': deployment('template:\n  metadata:\n    labels:\n      app: web\n  spec:\n    containers:\n    - name: web'),
    'plain/kustomization.yaml': 'resources:\n- ../base\n',
    'extra/kustomization.yaml': 'configurations:\n- specs.yaml\nresources:\n- ../base\n',
    'extra/specs.yaml': 'commonLabels:\n- kind: Deployment\n  path: spec/extra/labels\n  create: true\n',
  };
  const cache = new ParseCache();
  // One kept build per directory: each root meets the other's base build and rebuilds it,
  // then the same root again reuses its own.
  for (const root of ['plain', 'extra', 'plain', 'extra', 'extra'])
    assert.deepEqual(snapshot(buildKustomization(root, memFiles(files), cache)), cold(root, files), root);
  assert.equal(cache.subBuildsReused, 1);
  assert.match(cold('extra', files).documents[0]!, /^ {2}extra:\n {4}labels:\n {6}team: a$/m);
  assert.doesNotMatch(cold('plain', files).documents[0]!, /extra:/);
});

test('a kept base is rebuilt when an entry it read turns from a file into a directory', () => {
  const files: Record<string, string> = {
    'o/kustomization.yaml': 'resources:\n- ../b\n',
    'b/kustomization.yaml': 'resources:\n- web\n',
    'b/web': deployment('replicas: 1'),
  };
  const cache = new ParseCache();
  assert.deepEqual(snapshot(buildKustomization('o', memFiles(files), cache)), cold('o', files));
  delete files['b/web'];
  files['b/web/kustomization.yaml'] = 'namePrefix: x-\nresources:\n- web.yaml\n';
  files['b/web/web.yaml'] = deployment('replicas: 2');
  const rebuilt = snapshot(buildKustomization('o', memFiles(files), cache));
  assert.deepEqual(rebuilt, cold('o', files));
  assert.match(rebuilt.documents[0]!, /^ {2}name: x-web$/m);
  assert.equal(cache.subBuildsReused, 0);
});

test('the nesting limit holds for a kept base met deeper in another build', () => {
  const files: Record<string, string> = {};
  for (let i = 0; i < 52; i++) files[`c${i}/kustomization.yaml`] = i < 51 ? `resources:\n- ../c${i + 1}\n` : 'resources: []\n';
  const cache = new ParseCache();
  // c1 nests 50 deep: allowed. c0 nests 51 deep: refused, although c2 … c51 are kept.
  assert.deepEqual(snapshot(buildKustomization('c1', memFiles(files), cache)).problems, []);
  const deeper = snapshot(buildKustomization('c0', memFiles(files), cache));
  assert.deepEqual(deeper, cold('c0', files));
  assert.deepEqual(deeper.problems, ['not analysed: c0: kustomizations nested too deep @ -']);
});
