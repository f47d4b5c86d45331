import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { applyEdits } from '../../server/src/core/fix';
import { REPO_ROOT } from '../helpers';
import { container, FIXED_WEB_PATCH, lintTree, readTree, rulesByFile } from './kustomize-fix-helpers';
import { deployment } from './kustomize-helpers';
import type { PlacedFindings } from '../../server/src/core/lint/lintBuilds';
import type { Finding } from '../../server/src/core/engine/finding';
import type { TextEdit } from '../../server/src/core/types';

/**
 * Quick fixes for findings on built objects edit the source file that holds the value (the
 * patch's `privileged: true`, the base's container), are refused where no honest edit exists
 * (a value set by a transformer), and are verified by rebuilding every build that reads the
 * edited file: exact edited text in each case.
 */

/** A fix-all's edits when they all land in `file` (the test fails when any lands elsewhere). */
function editsIn(file: string, result: ReturnType<PlacedFindings['fixAllAcross']>): { edits: TextEdit[]; fixed: Finding[] } {
  assert.deepEqual(
    result.files.map((f) => f.file),
    [file],
  );
  return { edits: result.files[0]!.edits, fixed: result.fixed };
}

test('(a) the overlay of the issue: the fix sets privileged: false in the patch, and only there', () => {
  const files = readTree(path.join(REPO_ROOT, 'test', 'fixtures', 'kustomize', 'overlay-privileged'));
  const { placed, find, rebuild } = lintTree(files);
  const fix = placed.fixFor(find('overlays/prod/replicas.yaml', 'pss-privileged'), rebuild);
  assert.ok(fix, 'a fix is offered');
  assert.equal(fix.file, 'overlays/prod/replicas.yaml');
  assert.equal(fix.title, 'Set privileged: false');
  const fixed = applyEdits(files[fix.file]!, fix.edits);
  assert.equal(
    fixed,
    [
      'apiVersion: apps/v1',
      'kind: Deployment',
      'metadata:',
      '  name: web',
      'spec:',
      '  replicas: 3',
      '  template:',
      '    spec:',
      '      containers:',
      '        - name: web',
      '          securityContext:',
      '            privileged: false',
      '',
    ].join('\n'),
  );
  assert.ok(!rulesByFile({ ...files, [fix.file]: fixed })['overlays/prod/replicas.yaml']?.includes('pss-privileged'));
});

test('(b) a missing field anchored in a shared base is added to the base, and leaves every overlay', () => {
  const files = {
    'base/kustomization.yaml': 'resources: [deploy.yaml]\n',
    'base/deploy.yaml': container('        resources: {}'),
    'overlays/a/kustomization.yaml': 'namespace: a\nresources: [../../base]\n',
    'overlays/b/kustomization.yaml': 'namespace: b\nnamePrefix: b-\nresources: [../../base]\n',
  };
  const { placed, find, rebuild } = lintTree(files);
  const finding = find('base/deploy.yaml', 'read-only-root-filesystem');
  assert.equal(finding.related?.filter((r) => r.message.startsWith('built as ')).length, 2, 'reported once for both overlays');
  const fix = placed.fixFor(finding, rebuild);
  assert.ok(fix, 'a fix is offered');
  assert.equal(fix.file, 'base/deploy.yaml');
  const fixed = applyEdits(files['base/deploy.yaml'], fix.edits);
  assert.equal(
    fixed,
    container(['        resources: {}', '        securityContext:', '          readOnlyRootFilesystem: true'].join('\n')),
  );
  const after = rulesByFile({ ...files, 'base/deploy.yaml': fixed });
  const before = rulesByFile(files);
  assert.ok(before['base/deploy.yaml']!.includes('read-only-root-filesystem'));
  assert.ok(!Object.values(after).flat().includes('read-only-root-filesystem'), 'gone from every build');
});

test('(b) a map from the base with a value from the patch: the new key goes to the base, the value is fixed in the patch', () => {
  const files = {
    'base/kustomization.yaml': 'resources: [deploy.yaml]\n',
    'base/deploy.yaml': container(['        securityContext:', '          allowPrivilegeEscalation: false'].join('\n')),
    'prod/kustomization.yaml': 'resources: [../base]\npatches:\n  - path: patch.yaml\n',
    'prod/patch.yaml': deployment(
      ['template:', '  spec:', '    containers:', '      - name: web', '        securityContext:', '          privileged: true'].join('\n'),
    ),
  };
  const { placed, find, rebuild } = lintTree(files);
  const readOnly = placed.fixFor(find('base/deploy.yaml', 'read-only-root-filesystem'), rebuild);
  assert.equal(readOnly?.file, 'base/deploy.yaml');
  assert.equal(
    applyEdits(files['base/deploy.yaml'], readOnly.edits),
    container(
      ['        securityContext:', '          allowPrivilegeEscalation: false', '          readOnlyRootFilesystem: true'].join('\n'),
    ),
  );
  const privileged = placed.fixFor(find('prod/patch.yaml', 'pss-privileged'), rebuild);
  assert.equal(privileged?.file, 'prod/patch.yaml');
  assert.equal(
    applyEdits(files['prod/patch.yaml'], privileged.edits),
    files['prod/patch.yaml'].replace('privileged: true', 'privileged: false'),
  );
});

test('(b) a finding shown on the patch whose missing key belongs to the base container: the base is edited', () => {
  // The patch changes the image (the finding is placed there); imagePullPolicy is missing from
  // the container the base wrote (the patch's `- name: web` only selects it), so the key is
  // added to the base: the built map's origin. Verified for every build reading the base.
  const patch = deployment(
    ['template:', '  spec:', '    containers:', '      - name: web', '        image: registry.example.com/web:2.0'].join('\n'),
  );
  const files = {
    'base/kustomization.yaml': 'resources: [deploy.yaml]\n',
    'base/deploy.yaml': container('        resources: {}'),
    'prod/kustomization.yaml': 'resources: [../base]\npatches:\n  - path: patch.yaml\n',
    'prod/patch.yaml': patch,
  };
  const { placed, find, rebuild } = lintTree(files);
  const fix = placed.fixFor(find('prod/patch.yaml', 'image-pull-policy-not-always'), rebuild);
  assert.equal(fix?.file, 'base/deploy.yaml');
  assert.equal(fix.title, 'Set imagePullPolicy: Always');
  assert.equal(applyEdits(files['base/deploy.yaml'], fix.edits), container('        resources: {}\n        imagePullPolicy: Always'));
  // The editor's fix-all in the patch edits where each quick fix edits: this one in the base.
  const { placed: p2, byFile, rebuild: r2 } = lintTree(files);
  const { edits, fixed } = editsIn('base/deploy.yaml', p2.fixAllAcross(byFile.get('prod/patch.yaml')!, r2));
  assert.deepEqual(
    fixed.map((f) => f.ruleId),
    ['image-pull-policy-not-always'],
  );
  assert.equal(applyEdits(files['base/deploy.yaml'], edits), container('        resources: {}\n        imagePullPolicy: Always'));
});

test('(e) fix-all in a patch file: every value the patch wrote, one edit set, exact text', () => {
  const patch = deployment(
    [
      'template:',
      '  spec:',
      '    hostNetwork: true',
      '    containers:',
      '      - name: web',
      '        securityContext:',
      '          privileged: true',
      '          allowPrivilegeEscalation: true',
    ].join('\n'),
  );
  const files = {
    'base/kustomization.yaml': 'resources: [deploy.yaml]\n',
    'base/deploy.yaml': container('        resources: {}'),
    'prod/kustomization.yaml': 'resources: [../base]\npatches:\n  - path: patch.yaml\n',
    'prod/patch.yaml': patch,
  };
  const { placed, byFile, rebuild } = lintTree(files);
  const inPatch = byFile.get('prod/patch.yaml')!;
  const { edits, fixed } = editsIn('prod/patch.yaml', placed.fixAllAcross(inPatch, rebuild));
  // The values the patch set are fixed where it set them; the keys its new securityContext
  // lacks are added to it (the base's container has none: the patch wrote the whole map).
  assert.deepEqual(inPatch.map((f) => f.ruleId).sort(), [
    'pss-allow-privilege-escalation',
    'pss-capabilities-restricted',
    'pss-host-namespaces',
    'pss-privileged',
    'pss-run-as-non-root',
    'pss-seccomp-profile-restricted',
    'read-only-root-filesystem',
  ]);
  assert.deepEqual(new Set(fixed), new Set(inPatch));
  const fixedText = applyEdits(patch, edits);
  assert.equal(fixedText, FIXED_WEB_PATCH);
  assert.deepEqual(rulesByFile({ ...files, 'prod/patch.yaml': fixedText })['prod/patch.yaml'], undefined, 'nothing left in the patch');
});

test('(e) fix-all leaves out the one fix that would give another overlay a new finding, and keeps the rest', () => {
  // Overlay b of the replacement case (kustomize-fix-refusals.test.ts): setting readOnlyRootFilesystem would give b a
  // host-network pod; the other fixes in the base are fine for both overlays.
  const base = container(['        securityContext:', '          readOnlyRootFilesystem: false', '          privileged: true'].join('\n'));
  const files = {
    'base/kustomization.yaml': 'resources: [deploy.yaml]\n',
    'base/deploy.yaml': base,
    'a/kustomization.yaml': 'resources: [../base]\n',
    'b/kustomization.yaml': [
      'resources: [../base]',
      'replacements:',
      '  - source: { kind: Deployment, name: web, fieldPath: spec.template.spec.containers.0.securityContext.readOnlyRootFilesystem }',
      '    targets:',
      '      - select: { kind: Deployment, name: web }',
      '        fieldPaths: [spec.template.spec.hostNetwork]',
      '        options: { create: true }',
      '',
    ].join('\n'),
  };
  const { placed, byFile, rebuild } = lintTree(files);
  const inBase = byFile.get('base/deploy.yaml')!;
  const { edits, fixed } = editsIn('base/deploy.yaml', placed.fixAllAcross(inBase, rebuild));
  assert.deepEqual(fixed.map((f) => f.ruleId).sort(), [
    'automount-service-account-token',
    'image-pull-policy-not-always',
    'pss-allow-privilege-escalation',
    'pss-capabilities-restricted',
    'pss-privileged',
    'pss-run-as-non-root',
    'pss-seccomp-profile-restricted',
  ]);
  assert.ok(inBase.some((f) => f.ruleId === 'read-only-root-filesystem'));
  assert.equal(
    applyEdits(base, edits),
    [
      'apiVersion: apps/v1',
      'kind: Deployment',
      'metadata:',
      '  name: web',
      'spec:',
      '  selector: { matchLabels: { app: web } }',
      '  template:',
      '    metadata: { labels: { app: web } }',
      '    spec:',
      '      containers:',
      '        - name: web',
      '          image: registry.example.com/web:1.0',
      '          securityContext:',
      '            readOnlyRootFilesystem: false',
      '            privileged: false',
      '            allowPrivilegeEscalation: false',
      '            capabilities:',
      '              drop:',
      '                - ALL',
      '            runAsNonRoot: true',
      '            seccompProfile:',
      '              type: RuntimeDefault',
      '          imagePullPolicy: Always',
      '      automountServiceAccountToken: false',
      '',
    ].join('\n'),
  );
});

test('(e) fix-all drops the fixes whose finding survives the rebuild, and verifies the rest in one more rebuild', () => {
  // The overlay removes the container's securityContext, so keys added to the base's one
  // change nothing in the build: those fixes are dropped, the pod-level and container-level
  // fixes outside securityContext are kept. Two rebuilds: the whole set, then the rest.
  const base = container(['        securityContext:', '          allowPrivilegeEscalation: false'].join('\n'));
  const files = {
    'base/kustomization.yaml': 'resources: [deploy.yaml]\n',
    'base/deploy.yaml': base,
    'prod/kustomization.yaml': [
      'resources: [../base]',
      'patches:',
      '  - path: no-security-context.yaml',
      '    target: { kind: Deployment }',
      '',
    ].join('\n'),
    'prod/no-security-context.yaml': '- op: remove\n  path: /spec/template/spec/containers/0/securityContext\n',
  };
  const { placed, byFile, rebuild } = lintTree(files);
  let rebuilds = 0;
  const counted: typeof rebuild = (b, o) => (rebuilds++, rebuild(b, o));
  const { edits, fixed } = editsIn('base/deploy.yaml', placed.fixAllAcross(byFile.get('base/deploy.yaml')!, counted));
  assert.deepEqual(fixed.map((f) => f.ruleId).sort(), ['automount-service-account-token', 'image-pull-policy-not-always']);
  assert.equal(rebuilds, 2);
  assert.equal(
    applyEdits(base, edits),
    container(['        securityContext:', '          allowPrivilegeEscalation: false', '        imagePullPolicy: Always'].join('\n')) +
      '      automountServiceAccountToken: false\n',
  );
});

test("the fix is rendered in the source file's own style: CRLF line breaks, a flow map", () => {
  const crlf = (s: string) => s.replace(/\n/g, '\r\n');
  const patch = crlf(
    deployment(
      ['template:', '  spec:', '    containers:', '      - name: web', '        securityContext: { privileged: true }'].join('\n'),
    ),
  );
  const files = {
    'base/kustomization.yaml': 'resources: [deploy.yaml]\n',
    'base/deploy.yaml': container('        resources: {}'),
    'prod/kustomization.yaml': 'resources: [../base]\npatches:\n  - path: patch.yaml\n',
    'prod/patch.yaml': patch,
  };
  const { placed, byFile, find, rebuild } = lintTree(files);
  const privileged = placed.fixFor(find('prod/patch.yaml', 'pss-privileged'), rebuild);
  assert.equal(privileged?.file, 'prod/patch.yaml');
  assert.equal(applyEdits(patch, privileged.edits), patch.replace('{ privileged: true }', '{ privileged: false }'));
  const all = editsIn('prod/patch.yaml', placed.fixAllAcross(byFile.get('prod/patch.yaml')!, rebuild));
  assert.equal(
    applyEdits(patch, all.edits),
    patch.replace(
      '{ privileged: true }',
      '{ privileged: false, allowPrivilegeEscalation: false, capabilities: {drop: [ALL]}, runAsNonRoot: true, seccompProfile: {type: RuntimeDefault}, readOnlyRootFilesystem: true }',
    ),
  );
});
