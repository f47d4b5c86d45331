import * as fs from 'fs';
import * as path from 'path';
import { prepareBuild, type Build } from '../core/lint/lintBuilds';
import { buildWorkspaceKustomizations, isKustomizationFile } from '../core/sources/kustomize/roots';
import { ParseCache } from '../core/sources/kustomize/load';
import type { LineIndex } from '../core/yaml/lineIndex';
import type { BuiltText } from '../core/sources/builtText';
import { confinedFiles } from '../node/confinedFiles';

/** The builds a scan analyses instead of their parts (see core/lint/lintBuilds.ts). */
export interface CliBuilds {
  builds: Build[];
  /** Files read by a build: never analysed alone. */
  parts: Set<string>;
  /** The build whose workspace-index name this is (findings of cross-file rules point there). */
  builtOf(file: string): { built: BuiltText; lines: LineIndex } | undefined;
  byIndexName: Map<string, Build>;
}

/**
 * Finds the kustomizations among the scanned files and builds the roots. Each build reads
 * only inside the path argument it was found under (a base outside the scanned folder is a
 * build problem, never read), like the walk itself.
 */
export function planBuilds(paths: readonly string[], files: readonly string[]): CliBuilds {
  const builds: Build[] = [];
  const parts = new Set<string>();
  const cache = new ParseCache();
  for (const p of paths) {
    let dir: string;
    try {
      dir = fs.statSync(p).isDirectory() ? p : path.dirname(p);
    } catch {
      continue;
    }
    const prefix = path.normalize(dir) === '.' ? '' : path.normalize(dir) + path.sep;
    const mine = files.filter((f) => isKustomizationFile(f) && (prefix === '' || f.startsWith(prefix) || path.normalize(f) === path.normalize(p)));
    if (mine.length === 0) continue;
    const ws = buildWorkspaceKustomizations(mine, confinedFiles(dir), cache);
    for (const r of ws.roots) if (!builds.some((b) => b.file === r.file)) builds.push(prepareBuild(r.dir, r.file, r.result));
    for (const f of ws.parts) parts.add(f);
  }
  const byIndexName = new Map(builds.map((b) => [b.indexName, b]));
  return {
    builds,
    parts,
    byIndexName,
    builtOf: (file) => byIndexName.get(file),
  };
}
