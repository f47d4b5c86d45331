import * as YAML from 'yaml';
import type { BuildResult, SourceFiles } from '../../server/src/core/sources/types';
import { buildKustomization } from '../../server/src/core/sources/kustomize/build';

/** In-memory files for kustomize tests: paths are POSIX, directories implied by the file paths. */
export function memFiles(files: Record<string, string>): SourceFiles {
  const dirs = new Map<string, Set<string>>();
  for (const file of Object.keys(files)) {
    const parts = file.split('/');
    for (let i = 1; i < parts.length; i++) {
      const dir = parts.slice(0, i).join('/');
      if (!dirs.has(dir)) dirs.set(dir, new Set());
      dirs.get(dir)!.add(parts[i]!);
    }
  }
  return {
    read: (f) => files[f],
    list: (d) => (dirs.has(d) ? [...dirs.get(d)!] : undefined),
    isDirectory: (p) => dirs.has(p),
  };
}

/** Builds `root` from in-memory files and returns the built objects as plain values. */
export function buildObjects(root: string, files: Record<string, string>): { objects: Record<string, unknown>[]; result: BuildResult } {
  const result = buildKustomization(root, memFiles(files));
  return { objects: result.documents.map((d) => YAML.parse(d.text) as Record<string, unknown>), result };
}

export const deployment = (spec: string) =>
  ['apiVersion: apps/v1', 'kind: Deployment', 'metadata:', '  name: web', 'spec:', ...spec.split('\n').map((l) => '  ' + l)].join('\n') +
  '\n';
