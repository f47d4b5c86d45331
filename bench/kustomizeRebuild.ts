import * as fs from 'fs';
import * as path from 'path';
import { analyzeText } from '../server/src/core/engine/analyze';
import { DocumentCache } from '../server/src/core/engine/documentCache';
import { DEFAULT_OPTIONS } from '../server/src/core/engine/options';
import { joinDocuments } from '../server/src/core/sources/builtText';
import { buildKustomization } from '../server/src/core/sources/kustomize/build';
import { ParseCache } from '../server/src/core/sources/kustomize/load';
import type { SourceFiles } from '../server/src/core/sources/types';
import { fmt, median, percentile, table, timeMs } from './stats';

/**
 * (g) Rebuilding a kustomization root after one edit, as the editor does after every change
 * of a file the build read: argo-cd's `manifests/ha/namespace-install` (ha/base: seven
 * argo-cd bases and the redis-ha chart with its 45 patches, 61 objects). Files are read into memory
 * once, so the figures are the build's own cost, not the disk's.
 *
 * - cold: a build with a fresh cache (what opening the tree costs);
 * - rebuild after an edit: one cache kept across `edits` builds, each after changing one
 *   line of a base Deployment (alternately the edited and the original text), so every
 *   rebuild re-reads one changed file and reuses the rest (min: the build's own cost, when
 *   nothing else competed for the CPU);
 * - analysis: the rules over the rebuilt objects (joined as one stream), with a DocumentCache
 *   kept across rebuilds: built text is the same for an unchanged object, so only the edited
 *   object's section is analysed again.
 */
const REBUILD_ROOT = 'manifests/ha/namespace-install';
const EDITED_FILE = 'manifests/base/server/argocd-server-deployment.yaml';
const EDITED_LINE = '          imagePullPolicy: Always\n';

export function benchKustomizeRebuild(argocd: string, edits: number, runs: number): string {
  const files = readTree(argocd);
  const original = files.get(EDITED_FILE);
  if (original === undefined || !original.includes(EDITED_LINE)) throw new Error(`${EDITED_FILE}: the edited line is not there`);
  const edited = original.replace(EDITED_LINE, EDITED_LINE.replace('Always', 'IfNotPresent'));

  const source = memory(files);
  const cold: number[] = [];
  for (let r = 0; r < runs; r++) cold.push(timeMs(() => buildKustomization(REBUILD_ROOT, source, new ParseCache())));

  const cache = new ParseCache();
  let objects = 0;
  buildKustomization(REBUILD_ROOT, source, cache); // warms the cache, as opening the tree does
  const analysisCache = new DocumentCache();
  analyzeText(joinDocuments(buildKustomization(REBUILD_ROOT, source, cache).documents).text, DEFAULT_OPTIONS, undefined, analysisCache);
  const series: { min: number; p50: number; p95: number; max: number; analysisP50: number; analysisP95: number }[] = [];
  for (let r = 0; r < runs; r++) {
    const samples: number[] = [];
    const analysis: number[] = [];
    for (let i = 0; i < edits; i++) {
      files.set(EDITED_FILE, i % 2 === 0 ? edited : original);
      const start = process.hrtime.bigint();
      const built = buildKustomization(REBUILD_ROOT, source, cache);
      samples.push(Number(process.hrtime.bigint() - start) / 1e6);
      objects = built.documents.length;
      analysis.push(timeMs(() => analyzeText(joinDocuments(built.documents).text, DEFAULT_OPTIONS, undefined, analysisCache)));
    }
    files.set(EDITED_FILE, original);
    series.push({
      min: Math.min(...samples),
      p50: percentile(samples, 50),
      p95: percentile(samples, 95),
      max: Math.max(...samples),
      analysisP50: percentile(analysis, 50),
      analysisP95: percentile(analysis, 95),
    });
  }
  return table(
    [
      'root',
      'objects',
      'cold build ms',
      'edits',
      'rebuild min ms',
      'rebuild p50 ms',
      'rebuild p95 ms',
      'rebuild max ms',
      'analysis p50 ms',
      'analysis p95 ms',
    ],
    [
      [
        `argo-cd ${REBUILD_ROOT.replace('manifests/', '')}`,
        String(objects),
        fmt(median(cold)),
        String(edits),
        fmt(median(series.map((s) => s.min))),
        fmt(median(series.map((s) => s.p50))),
        fmt(median(series.map((s) => s.p95))),
        fmt(median(series.map((s) => s.max))),
        fmt(median(series.map((s) => s.analysisP50))),
        fmt(median(series.map((s) => s.analysisP95))),
      ],
    ],
  );
}

/** Every file under `dir`, by POSIX path relative to it. */
function readTree(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const rel of fs.readdirSync(dir, { recursive: true }) as string[]) {
    const full = path.join(dir, rel);
    if (fs.statSync(full).isFile()) out.set(rel.split(path.sep).join('/'), fs.readFileSync(full, 'utf8'));
  }
  return out;
}

/** In-memory `SourceFiles` over `files` (read at call time, so edits to the map are seen). */
function memory(files: Map<string, string>): SourceFiles {
  const dirs = new Map<string, Set<string>>();
  for (const file of files.keys()) {
    const parts = file.split('/');
    for (let i = 1; i < parts.length; i++) {
      const dir = parts.slice(0, i).join('/');
      let names = dirs.get(dir);
      if (!names) dirs.set(dir, (names = new Set()));
      names.add(parts[i]!);
    }
  }
  return {
    read: (f) => files.get(f),
    list: (d) => {
      const names = dirs.get(d);
      return names ? [...names] : undefined;
    },
    isDirectory: (p) => dirs.has(p),
  };
}
