import * as YAML from 'yaml';
import type { BuildResult, Origin, SourceFiles } from '../../server/src/core/sources/types';
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

/**
 * Everything a build answers, as strings (cheap to compare): each document's text with the
 * origin at the first non-blank of every line, the problems, the files read.
 */
export function snapshot(r: BuildResult): { documents: string[]; problems: string[]; filesRead: string[] } {
  const where = (o: Origin | undefined) => (o ? `${o.file}:${o.range.start}-${o.range.end}:${JSON.stringify(o.via)}` : '-');
  return {
    documents: r.documents.map((d) => {
      const origins: string[] = [];
      for (let at = 0; at < d.text.length; at = d.text.indexOf('\n', at) + 1 || d.text.length) {
        let first = at;
        while (d.text[first] === ' ') first++;
        origins.push(where(d.provenance.originAt(first)));
      }
      return `${d.text}\n${origins.join('\n')}`;
    }),
    problems: r.problems.map((p) => `${p.message} @ ${where(p.origin)}`),
    filesRead: r.filesRead,
  };
}
