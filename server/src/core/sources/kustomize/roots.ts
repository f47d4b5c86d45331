import * as posix from 'node:path/posix';
import type { BuildResult, SourceFiles } from '../types';
import { buildKustomization } from './build';
import type { ParseCache } from './load';

/** The names kustomize looks for in a directory, in its order of preference. */
const KUSTOMIZATION_FILES = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'];

export function isKustomizationFile(file: string): boolean {
  return KUSTOMIZATION_FILES.includes(posix.basename(file));
}

/** One deployable build: a kustomization no other kustomization of the workspace includes. */
export interface KustomizeRoot {
  /** The kustomization's directory, as the build names files. */
  dir: string;
  /** Its kustomization file: where problems of the build as a whole are reported. */
  file: string;
  result: BuildResult;
}

export interface KustomizeWorkspace {
  roots: KustomizeRoot[];
  /**
   * Every file some root's build read (bases, patches, generator inputs, the kustomization
   * files themselves): they are analysed through the builds, never as standalone objects.
   */
  parts: Set<string>;
}

/**
 * Builds every kustomization of the workspace and keeps the roots: a kustomization read by
 * another one's build (a base, a component) is a part of that build, not something deployed
 * on its own. Two overlays sharing a base are two roots whose `filesRead` overlap.
 * `kustomizationFiles` are the kustomization files found in the workspace (any order).
 */
export function buildWorkspaceKustomizations(
  kustomizationFiles: readonly string[],
  files: SourceFiles,
  cache?: ParseCache,
): KustomizeWorkspace {
  const byDir = new Map<string, string>();
  for (const f of [...kustomizationFiles].sort()) {
    const dir = posix.dirname(f);
    // kustomize's own preference decides when a directory has two of them.
    const known = byDir.get(dir);
    if (!known || KUSTOMIZATION_FILES.indexOf(posix.basename(f)) < KUSTOMIZATION_FILES.indexOf(posix.basename(known))) byDir.set(dir, f);
  }
  const builds = [...byDir].map(([dir, file]) => ({ dir, file, result: buildKustomization(dir, files, cache) }));
  const includedByOther = new Set<string>();
  for (const b of builds)
    for (const read of b.result.filesRead) if (read !== b.file && isKustomizationFile(read)) includedByOther.add(read);
  const roots = builds.filter((b) => !includedByOther.has(b.file));
  const parts = new Set<string>();
  for (const r of roots) {
    parts.add(r.file);
    for (const read of r.result.filesRead) parts.add(read);
  }
  return { roots, parts };
}
