import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { applyEdits } from '../../server/src/core/fix';
import type { Rebuild } from '../../server/src/core/lint/buildFixes';
import { lintFile } from '../../server/src/core/lint/lintFile';
import { buildKustomization } from '../../server/src/core/sources/kustomize/build';
import { overlayFiles, SourceParses, translateFix } from '../../server/src/core/sources/fixTranslate';
import { SourceTexts } from '../../server/src/core/sources/placement';
import { container, lintTree, rulesByFile, SCOPE } from './kustomize-fix-helpers';
import { deployment, memFiles } from './kustomize-helpers';

/**
 * Where a quick fix on a built object is NOT offered: a value a transformer set, an edit a
 * rebuild shows would break or worsen another overlay sharing the base, text inside an inline
 * patch string, ops that would land in two files, and findings or rebuilds that cannot be trusted.
 * Each refusal is shown beside a control where the same fix is offered.
 */

test('(c) a value set by a transformer gets no fix; the same value written in the resource does', () => {
  const annotation = 'container.apparmor.security.beta.kubernetes.io/web';
  const files = {
    'app/deploy.yaml': container('        resources: {}'),
    'app/kustomization.yaml': `resources: [deploy.yaml]\ncommonAnnotations:\n  ${annotation}: unconfined\n`,
  };
  const { placed, find, rebuild } = lintTree(files);
  assert.equal(placed.fixFor(find('app/kustomization.yaml', 'pss-app-armor-profile'), rebuild), undefined);

  const written = container('        resources: {}').replace(
    '    metadata: { labels: { app: web } }',
    `    metadata:\n      labels: { app: web }\n      annotations:\n        ${annotation}: unconfined`,
  );
  const plain = { 'app/deploy.yaml': written, 'app/kustomization.yaml': 'resources: [deploy.yaml]\n' };
  const control = lintTree(plain);
  const fix = control.placed.fixFor(control.find('app/deploy.yaml', 'pss-app-armor-profile'), control.rebuild);
  assert.equal(fix?.file, 'app/deploy.yaml');
  assert.equal(applyEdits(written, fix.edits), written.replace(': unconfined', ': runtime/default'));
});

test('(d) a fix in a shared base that would break another overlay is refused', () => {
  // Overlay b swaps the base's capability with a JSON 6902 replace at index 0. Removing the
  // capability from the base (the fix of overlay a's finding) leaves `add: []`, and b's
  // replace then fails: the rebuild of b reports a new problem, so the fix is not offered.
  const base = container(['        securityContext:', '          capabilities:', '            add: [NET_ADMIN]'].join('\n'));
  const a = {
    'base/kustomization.yaml': 'resources: [deploy.yaml]\n',
    'base/deploy.yaml': base,
    'a/kustomization.yaml': 'resources: [../base]\n',
  };
  const b = {
    'b/kustomization.yaml': [
      'resources: [../base]',
      'patches:',
      '  - target: { kind: Deployment, name: web }',
      '    patch: |-',
      '      - op: replace',
      '        path: /spec/template/spec/containers/0/securityContext/capabilities/add/0',
      '        value: NET_BIND_SERVICE',
      '',
    ].join('\n'),
  };
  // Without overlay b the same fix is offered: the refusal below is b's doing.
  const alone = lintTree(a);
  const offered = alone.placed.fixFor(alone.find('base/deploy.yaml', 'pss-capabilities-baseline'), alone.rebuild);
  assert.equal(offered?.file, 'base/deploy.yaml');
  assert.equal(applyEdits(base, offered.edits), base.replace('add: [NET_ADMIN]', 'add: []'));

  // What b's build would say after that fix:
  const fixedBase = new Map([['base/deploy.yaml', applyEdits(base, offered.edits)]]);
  assert.deepEqual(buildKustomization('b', memFiles({ ...a, ...b })).problems, []);
  assert.equal(buildKustomization('b', overlayFiles(memFiles({ ...a, ...b }), fixedBase)).problems.length, 1);

  const shared = lintTree({ ...a, ...b });
  assert.deepEqual(shared.builds.map((x) => x.label).sort(), ['a', 'b']);
  assert.equal(shared.placed.fixFor(shared.find('base/deploy.yaml', 'pss-capabilities-baseline'), shared.rebuild), undefined);
});

test('(d) a fix in a shared base that would give another overlay a new finding is refused', () => {
  // Overlay b copies the container's readOnlyRootFilesystem into hostNetwork (a replacement).
  // Setting it to true in the base fixes both overlays' finding but makes b's pod use the host
  // network: the rebuild of b gains a pss-host-namespaces finding, so the fix is not offered.
  const base = container(['        securityContext:', '          readOnlyRootFilesystem: false'].join('\n'));
  const a = {
    'base/kustomization.yaml': 'resources: [deploy.yaml]\n',
    'base/deploy.yaml': base,
    'a/kustomization.yaml': 'resources: [../base]\n',
  };
  const b = {
    'b/kustomization.yaml': [
      'resources: [../base]',
      'replacements:',
      '  - source:',
      '      kind: Deployment',
      '      name: web',
      '      fieldPath: spec.template.spec.containers.0.securityContext.readOnlyRootFilesystem',
      '    targets:',
      '      - select: { kind: Deployment, name: web }',
      '        fieldPaths: [spec.template.spec.hostNetwork]',
      '        options: { create: true }',
      '',
    ].join('\n'),
  };
  const alone = lintTree(a);
  const offered = alone.placed.fixFor(alone.find('base/deploy.yaml', 'read-only-root-filesystem'), alone.rebuild);
  assert.equal(offered?.file, 'base/deploy.yaml');
  assert.equal(applyEdits(base, offered.edits), base.replace('readOnlyRootFilesystem: false', 'readOnlyRootFilesystem: true'));

  const shared = lintTree({ ...a, ...b });
  const finding = shared.find('base/deploy.yaml', 'read-only-root-filesystem');
  assert.equal(finding.related?.filter((r) => r.message.startsWith('built as ')).length, 2, 'reported for both overlays');
  // (The copied value keeps its origin, so the new finding would be placed in the base.)
  const hostNetwork = (files: Record<string, string>) => Object.values(rulesByFile(files)).flat().includes('pss-host-namespaces');
  assert.equal(hostNetwork({ ...a, ...b }), false);
  assert.equal(hostNetwork({ ...a, ...b, 'base/deploy.yaml': applyEdits(base, offered.edits) }), true);
  assert.equal(hostNetwork({ ...a, 'base/deploy.yaml': applyEdits(base, offered.edits) }), false);
  assert.equal(shared.placed.fixFor(finding, shared.rebuild), undefined);
});

test('no fix edits inside an inline patch string, or a JSON 6902 value written under another key', () => {
  const base = { 'base/kustomization.yaml': 'resources: [deploy.yaml]\n', 'base/deploy.yaml': container('        resources: {}') };
  const inline = lintTree({
    ...base,
    'prod/kustomization.yaml': [
      'resources: [../base]',
      'patches:',
      '  - patch: |-',
      '      apiVersion: apps/v1',
      '      kind: Deployment',
      '      metadata: { name: web }',
      '      spec:',
      '        template:',
      '          spec:',
      '            containers:',
      '              - name: web',
      '                securityContext: { privileged: true }',
      '',
    ].join('\n'),
  });
  assert.equal(inline.placed.fixFor(inline.find('prod/kustomization.yaml', 'pss-privileged'), inline.rebuild), undefined);

  const jsonPatch = '- op: add\n  path: /spec/template/spec/containers/0/securityContext\n  value:\n    privileged: true\n';
  const json = lintTree({
    ...base,
    'prod/kustomization.yaml': 'resources: [../base]\npatches:\n  - path: patch.yaml\n    target: { kind: Deployment }\n',
    'prod/patch.yaml': jsonPatch,
  });
  // The built securityContext map is the patch's `value:` map: `privileged` can be set there,
  // but a missing key cannot be added under a map the patch names `value`.
  const privileged = json.placed.fixFor(json.find('prod/patch.yaml', 'pss-privileged'), json.rebuild);
  assert.equal(privileged?.file, 'prod/patch.yaml');
  assert.equal(applyEdits(jsonPatch, privileged.edits), jsonPatch.replace('privileged: true', 'privileged: false'));
  assert.equal(json.placed.fixFor(json.find('prod/patch.yaml', 'read-only-root-filesystem'), json.rebuild), undefined);
});

test('a fix whose ops would land in two files, or that is not one of finish(), gets nothing', () => {
  const files = {
    'base/kustomization.yaml': 'resources: [deploy.yaml]\n',
    'base/deploy.yaml': container(['        securityContext:', '          allowPrivilegeEscalation: false'].join('\n')),
    'prod/kustomization.yaml': 'resources: [../base]\npatches:\n  - path: patch.yaml\n',
    'prod/patch.yaml': deployment(
      ['template:', '  spec:', '    containers:', '      - name: web', '        securityContext:', '          privileged: true'].join('\n'),
    ),
  };
  const { builds, placed, find, rebuild } = lintTree(files);
  const build = builds[0]!;
  const analysis = lintFile(build.built.text, SCOPE).analysis;
  const builtFinding = analysis.findings.find((f) => f.ruleId === 'pss-privileged')!;
  const parses = new SourceParses(new SourceTexts((f) => files[f as keyof typeof files]));
  const op = builtFinding.fix!.ops[0]!;
  assert.equal(op.op, 'set');
  // The same map: `privileged` exists (written in the patch), `readOnlyRootFilesystem` does not (the map is the base's).
  assert.equal(translateFix(build.built, analysis, builtFinding, parses)?.file, 'prod/patch.yaml');
  const twoFiles = { ...builtFinding, fix: { title: 'both', ops: [op, { ...op, path: ['readOnlyRootFilesystem'], value: true }] } };
  assert.equal(translateFix(build.built, analysis, twoFiles, parses), undefined);
  // A finding the set never returned (a copy) has no fix; a rebuild that throws or cannot build
  // offers none either (each on a fresh lint: a set remembers its answer per finding).
  const placedFinding = find('prod/patch.yaml', 'pss-privileged');
  assert.equal(placed.fixFor({ ...placedFinding }, rebuild), undefined);
  const throwing = lintTree(files);
  const cannot: Rebuild = () => {
    throw new Error('cannot rebuild');
  };
  assert.equal(throwing.placed.fixFor(throwing.find('prod/patch.yaml', 'pss-privileged'), cannot), undefined);
  const failing = lintTree(files);
  assert.equal(
    failing.placed.fixFor(failing.find('prod/patch.yaml', 'pss-privileged'), () => undefined),
    undefined,
  );
  let rebuilds = 0;
  const counted: Rebuild = (b, o) => (rebuilds++, rebuild(b, o));
  assert.equal(placed.fixFor(placedFinding, counted)?.file, 'prod/patch.yaml');
  assert.equal(placed.fixFor(placedFinding, counted)?.file, 'prod/patch.yaml');
  assert.equal(rebuilds, 1, 'the second request is answered from memory');
  // Fix-all stopped before its first rebuild (a spent time budget, a cancelled request) offers nothing.
  assert.deepEqual(
    placed.fixAllAcross([placedFinding], rebuild, () => true),
    { files: [], fixed: [] },
  );
  assert.deepEqual(
    placed.fixAllAcross([placedFinding], rebuild).fixed.map((f) => f.ruleId),
    ['pss-privileged'],
  );
});
