import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { buildKustomization } from '../../server/src/core/sources/kustomize/build';
import { confinedFiles } from '../../server/src/node/confinedFiles';
import type { Origin } from '../../server/src/core/sources/types';
import { REPO_ROOT } from '../helpers';
import { memFiles } from './kustomize-helpers';

/**
 * The example: a hardened base, an overlay patch that sets `privileged: true`, and
 * `namespace: prod`. Each built value answers with the place a person would edit.
 */
const tree = path.join(REPO_ROOT, 'test', 'fixtures', 'kustomize', 'privileged-overlay');
const file = (rel: string) => path.join(tree, rel);
const text = (rel: string) => fs.readFileSync(file(rel), 'utf8');

/** The range of `needle` (optionally the part `inner` of it) in `source`. */
function rangeIn(source: string, needle: string, inner = needle) {
  const at = source.indexOf(needle);
  assert.ok(at >= 0, `missing ${needle}`);
  const start = at + needle.indexOf(inner);
  return { start, end: start + inner.length };
}

const build = () => buildKustomization(file('overlays/prod'), confinedFiles(tree));

/** The origin of the built text at `inner` within `needle`. */
function originOf(needle: string, inner: string): Origin | undefined {
  const doc = build().documents[0]!;
  return doc.provenance.originAt(rangeIn(doc.text, needle, inner).start);
}

test('the overlay builds one Deployment in namespace prod with the patch applied', () => {
  const result = build();
  assert.deepEqual(result.problems, []);
  assert.equal(result.documents.length, 1);
  const t = result.documents[0]!.text;
  assert.match(t, /^ {2}namespace: prod$/m);
  assert.match(t, /^ {2}replicas: 3$/m);
  assert.match(t, /^ {10}privileged: true$/m);
  assert.match(t, /^ {8}runAsNonRoot: true$/m);
  assert.deepEqual(
    [...result.filesRead].sort(),
    ['base/deployment.yaml', 'base/kustomization.yaml', 'overlays/prod/kustomization.yaml', 'overlays/prod/replicas.yaml'].map(file),
  );
});

test('privileged: true points at the patch file value, via the patch', () => {
  const o = originOf('privileged: true', 'true');
  assert.deepEqual(o, {
    file: file('overlays/prod/replicas.yaml'),
    range: rangeIn(text('overlays/prod/replicas.yaml'), 'privileged: true', 'true'),
    via: { kind: 'patch' },
  });
});

test("the namespace value points at the overlay's namespace: entry, via that transformer", () => {
  const o = originOf('namespace: prod', 'prod');
  assert.deepEqual(o, {
    file: file('overlays/prod/kustomization.yaml'),
    range: rangeIn(text('overlays/prod/kustomization.yaml'), 'namespace: prod', 'prod'),
    via: { kind: 'transformer', field: 'namespace' },
  });
});

test('a field the base set points at the base file; a patched one at the patch', () => {
  const base = text('base/deployment.yaml');
  assert.deepEqual(originOf('runAsNonRoot: true', 'true'), {
    file: file('base/deployment.yaml'),
    range: rangeIn(base, 'runAsNonRoot: true', 'true'),
    via: { kind: 'resource' },
  });
  assert.deepEqual(originOf('image: nginx:1.27', 'nginx'), {
    file: file('base/deployment.yaml'),
    range: rangeIn(base, 'image: nginx:1.27', 'nginx:1.27'),
    via: { kind: 'resource' },
  });
  assert.deepEqual(originOf('replicas: 3', '3'), {
    file: file('overlays/prod/replicas.yaml'),
    range: rangeIn(text('overlays/prod/replicas.yaml'), 'replicas: 3', '3'),
    via: { kind: 'patch' },
  });
});

test('a key answers with its value node; every offset of the built text has an origin', () => {
  const doc = build().documents[0]!;
  const key = doc.provenance.originAt(rangeIn(doc.text, 'privileged: true', 'privileged').start);
  assert.equal(key?.file, file('overlays/prod/replicas.yaml'));
  for (let i = 0; i < doc.text.length; i++)
    if (doc.text[i] !== '\n' && doc.text[i] !== ' ') assert.ok(doc.provenance.originAt(i), `offset ${i} has no origin`);
});

test('the file system SourceFiles never reads through a symlink that leaves the root', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kg-kustomize-'));
  try {
    const root = path.join(dir, 'root');
    fs.mkdirSync(root);
    fs.writeFileSync(path.join(dir, 'secret.yaml'), 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: outside\n');
    fs.symlinkSync(path.join(dir, 'secret.yaml'), path.join(root, 'link.yaml'));
    fs.writeFileSync(path.join(root, 'kustomization.yaml'), 'resources:\n- link.yaml\n- ../secret.yaml\n');
    const files = confinedFiles(root);
    assert.equal(files.read(path.join(root, 'link.yaml')), undefined);
    assert.equal(files.read(path.join(dir, 'secret.yaml')), undefined);
    const result = buildKustomization(root, files);
    assert.deepEqual(result.documents, []);
    assert.deepEqual(
      result.problems.map((p) => p.message),
      [`not analysed: ${root}: cannot read ${path.join(root, 'link.yaml')}`],
    );
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('an inline literal-block patch maps to exact positions in the kustomization; a quoted one to the whole string', () => {
  const kustomization =
    [
      'resources:',
      '- ../../base',
      'patches:',
      '- patch: |-',
      '    apiVersion: apps/v1',
      '    kind: Deployment',
      '    metadata:',
      '      name: web',
      '    spec:',
      '      template:',
      '        spec:',
      '          containers:',
      '          - name: web',
      '            securityContext:',
      '              privileged: true',
      '- patch: "{apiVersion: apps/v1, kind: Deployment, metadata: {name: web}, spec: {replicas: 7}}"',
    ].join('\n') + '\n';
  const files = memFiles({
    'base/kustomization.yaml': text('base/kustomization.yaml'),
    'base/deployment.yaml': text('base/deployment.yaml'),
    'o/p/kustomization.yaml': kustomization,
  });
  const doc = buildKustomization('o/p', files).documents[0]!;
  const privileged = doc.provenance.originAt(rangeIn(doc.text, 'privileged: true', 'true').start);
  assert.deepEqual(privileged, {
    file: 'o/p/kustomization.yaml',
    range: rangeIn(kustomization, 'privileged: true', 'true'),
    via: { kind: 'patch' },
  });
  const replicas = doc.provenance.originAt(rangeIn(doc.text, 'replicas: 7', '7').start);
  assert.deepEqual(replicas, {
    file: 'o/p/kustomization.yaml',
    range: rangeIn(kustomization, '"{apiVersion: apps/v1, kind: Deployment, metadata: {name: web}, spec: {replicas: 7}}"'),
    via: { kind: 'patch' },
  });
});
