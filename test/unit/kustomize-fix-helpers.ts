import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Finding } from '../../server/src/core/engine/finding';
import { DEFAULT_OPTIONS } from '../../server/src/core/engine/options';
import type { Rebuild } from '../../server/src/core/lint/buildFixes';
import { lintBuildObjects, PlacedFindings, prepareBuild } from '../../server/src/core/lint/lintBuilds';
import type { FileScope } from '../../server/src/core/lint/lintFile';
import { buildKustomization } from '../../server/src/core/sources/kustomize/build';
import { buildWorkspaceKustomizations, isKustomizationFile } from '../../server/src/core/sources/kustomize/roots';
import { overlayFiles } from '../../server/src/core/sources/fixTranslate';
import { SourceTexts } from '../../server/src/core/sources/placement';
import { deployment, memFiles } from './kustomize-helpers';

/** In-memory kustomize trees linted as the CLI scan lints them, for the quick-fix tests. */

export const SCOPE: FileScope = { options: DEFAULT_OPTIONS, strict: false };

/** Lints every root of an in-memory tree as the CLI scan does, keeping what fixes need. */
export function lintTree(files: Record<string, string>) {
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
export function rulesByFile(files: Record<string, string>): Record<string, string[]> {
  const { byFile } = lintTree(files);
  return Object.fromEntries([...byFile].map(([file, list]) => [file, list.map((f) => f.ruleId)]));
}

export function readTree(dir: string): Record<string, string> {
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

/** A Deployment "web" with one container "web"; `lines` continue the container (10 spaces). */
export const container = (lines: string) =>
  deployment(`selector: { matchLabels: { app: web } }
template:
  metadata: { labels: { app: web } }
  spec:
    containers:
      - name: web
        image: registry.example.com/web:1.0
${lines}`);

/**
 * The exact text fix-all leaves in a patch that set `hostNetwork: true` and a privileged
 * container "web" of its own: the values it set fixed where it set them, and the keys its
 * securityContext lacks added to it (the base's container has none).
 */
export const FIXED_WEB_PATCH = deployment(
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
);
