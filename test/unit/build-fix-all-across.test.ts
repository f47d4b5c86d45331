import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { applyEdits } from '../../server/src/core/fix';
import type { Rebuild } from '../../server/src/core/lint/buildFixes';
import { container, FIXED_WEB_PATCH, lintTree } from './kustomize-fix-helpers';
import { deployment } from './kustomize-helpers';

/**
 * `PlacedFindings.fixAllAcross` (the editor's fix-all in a part of a build) and
 * `fixAllPerBuildSet` (`scan --fix`): the time budget, the one-at-a-time fallback when the
 * combined set breaks a rebuild, and the sets of builds verified apart.
 */

const PATCH = deployment(
  [
    'template:',
    '  spec:',
    '    hostNetwork: true',
    '    containers:',
    '      - name: web',
    '        securityContext:',
    '          privileged: true',
  ].join('\n'),
);

function overlay(prefix: string, base: string): Record<string, string> {
  return {
    [`${prefix}/kustomization.yaml`]: `resources: [../${base}]\npatches:\n  - path: patch.yaml\n`,
    [`${prefix}/patch.yaml`]: PATCH,
  };
}

const BASE = (name: string) => ({
  [`${name}/kustomization.yaml`]: 'resources: [deploy.yaml]\n',
  [`${name}/deploy.yaml`]: container('        resources: {}'),
});

test('fixAllAcross: a spent budget offers nothing; otherwise every fix of the patch, in it', () => {
  const files = { ...BASE('base'), ...overlay('prod', 'base') };
  const { placed, byFile, rebuild } = lintTree(files);
  const inPatch = byFile.get('prod/patch.yaml')!;
  assert.deepEqual(
    placed.fixAllAcross(inPatch, rebuild, () => true),
    { files: [], fixed: [] },
  );
  const all = placed.fixAllAcross(inPatch, rebuild);
  assert.deepEqual(
    all.files.map((f) => f.file),
    ['prod/patch.yaml'],
  );
  assert.equal(applyEdits(PATCH, all.files[0]!.edits), FIXED_WEB_PATCH);
});

test('fixAllAcross: when the combined set breaks a rebuild, fixes are taken one at a time, each verified with those kept', () => {
  const files = { ...BASE('base'), ...overlay('prod', 'base') };
  const { placed, byFile, rebuild } = lintTree(files);
  // A rebuild that fails when both values are fixed at once: no single finding can be blamed.
  const picky: Rebuild = (b, overrides) => {
    const t = overrides.get('prod/patch.yaml') ?? '';
    return t.includes('hostNetwork: false') && t.includes('privileged: false') ? undefined : rebuild(b, overrides);
  };
  const inPatch = byFile.get('prod/patch.yaml')!;
  const hostFirst = inPatch.findIndex((f) => f.ruleId === 'pss-host-namespaces') < inPatch.findIndex((f) => f.ruleId === 'pss-privileged');
  const r = placed.fixAllAcross(inPatch, picky);
  const fixedRules = r.fixed.map((f) => f.ruleId);
  // The first of the two (in the findings' order) is kept; the second, verified with it, breaks and is dropped.
  assert.ok(fixedRules.includes(hostFirst ? 'pss-host-namespaces' : 'pss-privileged'));
  assert.ok(!fixedRules.includes(hostFirst ? 'pss-privileged' : 'pss-host-namespaces'));
  const text = applyEdits(PATCH, r.files[0]!.edits);
  assert.equal(text.includes('hostNetwork: false'), hostFirst);
  assert.equal(text.includes('privileged: false'), !hostFirst);
});

test('fixAllPerBuildSet: overlays on separate bases are separate sets (each owned by its build); a shared base joins them', () => {
  const apart = lintTree({ ...BASE('base-a'), ...BASE('base-b'), ...overlay('a', 'base-a'), ...overlay('b', 'base-b') });
  const all = [...apart.byFile.values()].flat();
  const sets = apart.placed.fixAllPerBuildSet(all, apart.rebuild);
  assert.deepEqual(
    sets.map((s) => [s.owner, s.files.map((f) => f.file)]),
    [
      ['a/kustomization.yaml', ['base-a/deploy.yaml', 'a/patch.yaml']],
      ['b/kustomization.yaml', ['base-b/deploy.yaml', 'b/patch.yaml']],
    ],
  );
  // Rebuilds stay within a set: fixing b's patch never rebuilds a.
  const rebuilt = new Set<string>();
  const counted: Rebuild = (b, o) => (rebuilt.add(b.file), apart.rebuild(b, o));
  const again = lintTree({ ...BASE('base-a'), ...BASE('base-b'), ...overlay('a', 'base-a'), ...overlay('b', 'base-b') });
  again.placed.fixAllPerBuildSet(again.byFile.get('b/patch.yaml')!, counted);
  assert.deepEqual([...rebuilt], ['b/kustomization.yaml']);

  const shared = lintTree({ ...BASE('base'), ...overlay('a', 'base'), ...overlay('b', 'base') });
  const one = shared.placed.fixAllPerBuildSet([...shared.byFile.values()].flat(), shared.rebuild);
  assert.deepEqual(
    one.map((s) => [s.owner, s.files.map((f) => f.file).sort()]),
    [['a/kustomization.yaml', ['a/patch.yaml', 'b/patch.yaml', 'base/deploy.yaml']]],
  );
});
