import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Finding } from '../../server/src/core/engine/finding';
import { DEFAULT_OPTIONS } from '../../server/src/core/engine/options';
import { applyEdits } from '../../server/src/core/fix';
import type { Rebuild } from '../../server/src/core/lint/buildFixes';
import { lintBuildObjects, PlacedFindings, prepareBuild } from '../../server/src/core/lint/lintBuilds';
import { lintFile, type FileScope } from '../../server/src/core/lint/lintFile';
import { buildKustomization } from '../../server/src/core/sources/kustomize/build';
import { buildWorkspaceKustomizations, isKustomizationFile } from '../../server/src/core/sources/kustomize/roots';
import { overlayFiles, SourceParses, translateFix } from '../../server/src/core/sources/fixTranslate';
import { SourceTexts } from '../../server/src/core/sources/placement';
import { REPO_ROOT } from '../helpers';
import { deployment, memFiles } from './kustomize-helpers';

/**
 * Quick fixes for findings on built objects edit the source file that holds the value (the
 * patch's `privileged: true`, the base's container), are refused where no honest edit exists
 * (a value set by a transformer), and are verified by rebuilding every build that reads the
 * edited file: exact edited text in each case.
 */

const SCOPE: FileScope = { options: DEFAULT_OPTIONS, strict: false };

/** Lints every root of an in-memory tree as the CLI scan does, keeping what fixes need. */
function lintTree(files: Record<string, string>) {
  const source = memFiles(files);
  const ws = buildWorkspaceKustomizations(Object.keys(files).filter(isKustomizationFile), source);
  const builds = ws.roots.map((r) => prepareBuild(r.dir, r.file, r.result));
  const placed = new PlacedFindings(new SourceTexts((f) => files[f]));
  const builtOf = (name: string) => builds.find((b) => b.indexName === name);
  for (const b of builds) lintBuildObjects(b, SCOPE, placed, builtOf);
  const byFile = placed.finish(() => SCOPE, ws.parts);
  const rebuild: Rebuild = (b, overrides) => buildKustomization(b.label, overlayFiles(source, overrides));
  const find = (file: string, ruleId: string): Finding => {
    const found = (byFile.get(file) ?? []).filter((f) => f.ruleId === ruleId);
    assert.equal(found.length, 1, `one ${ruleId} finding in ${file}: ${JSON.stringify([...byFile.keys()])}`);
    return found[0]!;
  };
  return { placed, byFile, rebuild, find, builds };
}

/** Rule ids per file after a rebuild of the whole tree (to show a fix's effect on every build). */
function rulesByFile(files: Record<string, string>): Record<string, string[]> {
  const { byFile } = lintTree(files);
  return Object.fromEntries([...byFile].map(([file, list]) => [file, list.map((f) => f.ruleId)]));
}

function readTree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (rel: string) => {
    for (const e of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
      const p = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) walk(p);
      else out[p] = fs.readFileSync(path.join(dir, p), 'utf8');
    }
  };
  walk('');
  return out;
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

const container = (lines: string) =>
  deployment(`selector: { matchLabels: { app: web } }
template:
  metadata: { labels: { app: web } }
  spec:
    containers:
      - name: web
        image: registry.example.com/web:1.0
${lines}`);

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
  const { edits, fixed } = placed.fixAllIn('prod/patch.yaml', inPatch, rebuild);
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
  assert.equal(
    fixedText,
    deployment(
      [
        'template:',
        '  spec:',
        '    hostNetwork: false',
        '    containers:',
        '      - name: web',
        '        securityContext:',
        '          privileged: false',
        '          allowPrivilegeEscalation: false',
        '          capabilities:',
        '            drop:',
        '              - ALL',
        '          runAsNonRoot: true',
        '          seccompProfile:',
        '            type: RuntimeDefault',
        '          readOnlyRootFilesystem: true',
      ].join('\n'),
    ),
  );
  assert.deepEqual(rulesByFile({ ...files, 'prod/patch.yaml': fixedText })['prod/patch.yaml'], undefined, 'nothing left in the patch');
});

test('(e) fix-all leaves out the one fix that would give another overlay a new finding, and keeps the rest', () => {
  // The overlay b of the replacement case above: setting readOnlyRootFilesystem would give b a
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
  const { edits, fixed } = placed.fixAllIn('base/deploy.yaml', inBase, rebuild);
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
  const all = placed.fixAllIn('prod/patch.yaml', byFile.get('prod/patch.yaml')!, rebuild);
  assert.equal(
    applyEdits(patch, all.edits),
    patch.replace(
      '{ privileged: true }',
      '{ privileged: false, allowPrivilegeEscalation: false, capabilities: {drop: [ALL]}, runAsNonRoot: true, seccompProfile: {type: RuntimeDefault}, readOnlyRootFilesystem: true }',
    ),
  );
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
  // A finding the set never returned (a copy) has no fix; a rebuild that throws offers none either.
  const placedFinding = find('prod/patch.yaml', 'pss-privileged');
  assert.equal(placed.fixFor({ ...placedFinding }, rebuild), undefined);
  assert.equal(
    placed.fixFor(placedFinding, () => {
      throw new Error('cannot rebuild');
    }),
    undefined,
  );
  assert.equal(
    placed.fixFor(placedFinding, () => undefined),
    undefined,
  );
  assert.equal(placed.fixFor(placedFinding, rebuild)?.file, 'prod/patch.yaml');
});
