import * as fs from 'fs';
import * as path from 'path';
import type { Build } from '../core/lint/lintBuilds';
import { buildWorkspaceSources } from '../core/lint/buildSources';
import { isKustomizationFile } from '../core/sources/kustomize/roots';
import { ParseCache } from '../core/sources/kustomize/load';
import type { LineIndex } from '../core/yaml/lineIndex';
import type { BuiltText } from '../core/sources/builtText';
import { confinedFiles } from '../node/confinedFiles';
import { withNamedFiles } from './namedFiles';
import { noValuesFlags, valuesFlagFiles, withValuesFlags, type ValuesFlags } from './valuesFlags';
import { isChartFile, isChartTemplate } from '../core/sources/helm/workspaceCharts';
import type { SourceFiles } from '../core/sources/types';
import type { RenderOptions } from '../core/sources/helm/helm/render';
import type { Rebuild } from '../core/lint/buildFixes';
import { overlayFiles } from '../core/sources/fixTranslate';

/** What `scan` is told about charts: the values flags for every chart it renders, after the config's own. */
export interface ChartFlags extends ValuesFlags {
  /** The config file's options for a chart folder (`helm.charts`). */
  configured?: ((chartDir: string) => RenderOptions) | undefined;
}

/** The builds (Kustomize roots, Helm charts) a scan analyses instead of their parts (see core/lint/lintBuilds.ts). */
export interface CliBuilds {
  builds: Build[];
  /** Files read by a build: never analysed alone. */
  parts: Set<string>;
  /**
   * Every file the builds read (as named to them), parts or not: templates, helpers, `.Files`,
   * values files (`--values` ones too), kustomizations, patches. `--output` must not overwrite any.
   */
  read: Set<string>;
  /** The build whose workspace-index name this is (findings of cross-file rules point there). */
  builtOf(file: string): { built: BuiltText; lines: LineIndex } | undefined;
  byIndexName: Map<string, Build>;
  /** Makes a build again with some files' texts replaced: how `--fix` verifies a fix in a part. */
  rebuild: Rebuild;
}

/**
 * Finds the kustomizations among the scanned files and builds the roots. Each build reads
 * only inside the path argument it was found under (a base outside the scanned folder is a
 * build problem, never read), like the walk itself.
 */
export function planBuilds(
  paths: readonly string[],
  files: readonly string[],
  which: { kustomize: boolean; helm: boolean },
  chart: ChartFlags = noValuesFlags(),
  overlay?: ReadonlyMap<string, Uint8Array>,
): CliBuilds {
  const builds: Build[] = [];
  const parts = new Set<string>();
  const named = valuesFlagFiles(chart);
  // The files named by --values/--set-file are the charts' input even when a render fails before
  // reading them (an earlier file refused): `--output` must never overwrite one.
  const read = new Set<string>(which.helm ? named.map((f) => path.resolve(f)) : []);
  const cache = new ParseCache();
  const remakeWith = new Map<Build, (overrides: ReadonlyMap<string, string>) => Build['result']>();
  for (const p of paths) {
    let dir: string;
    try {
      dir = fs.statSync(p).isDirectory() ? p : path.dirname(p);
    } catch {
      continue;
    }
    // `examples/` and `examples` name the same folder (a trailing separator must not hide its files).
    const norm = path.normalize(dir).replace(/[\\/]+$/, '') || path.sep;
    const prefix = norm === '.' ? '' : norm === path.sep ? norm : norm + path.sep;
    const under = files.filter((f) => prefix === '' || f.startsWith(prefix) || path.normalize(f) === path.normalize(p));
    const kustomizations = which.kustomize ? under.filter(isKustomizationFile) : [];
    const charts = which.helm ? under.filter(isChartFile) : [];
    if (kustomizations.length === 0 && charts.length === 0) continue;
    const readable = recordingReads(withOverlay(withNamedFiles(confinedFiles(dir), named), overlay), read);
    const sources = buildWorkspaceSources({
      kustomizations,
      charts,
      files: readable,
      cache,
      chartOptions: (chartDir) => withValuesFlags(chart.configured?.(chartDir) ?? {}, chart),
    });
    for (const b of sources.builds) {
      if (builds.some((x) => x.file === b.file)) continue;
      builds.push(b);
      const make = sources.remake.get(b);
      if (make) remakeWith.set(b, (overrides) => make(overlayFiles(readable, overrides)));
    }
    for (const f of sources.parts) parts.add(f);
    // A template the render never reached (it failed first) is still a part: never judged as plain YAML.
    for (const f of under) if (isChartTemplate(f, sources.chartDirs)) parts.add(f);
  }
  const byIndexName = new Map(builds.map((b) => [b.indexName, b]));
  return {
    builds,
    parts,
    read,
    byIndexName,
    builtOf: (file) => byIndexName.get(file),
    rebuild: (build, overrides) => remakeWith.get(build)?.(overrides),
  };
}

/** `--fix-dry-run`'s second scan: the fixed bytes are read instead of the files on disk, as `confinedFiles` reads a file. */
function withOverlay(files: SourceFiles, overlay: ReadonlyMap<string, Uint8Array> | undefined): SourceFiles {
  if (!overlay?.size) return files;
  return {
    ...files,
    read: (file) => {
      const bytes = overlay.get(file);
      return bytes ? Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8') : files.read(file);
    },
    readBytes: (file) => overlay.get(file) ?? files.readBytes?.(file),
  };
}

/**
 * `files` that adds to `into` the name of every file a build asked for (its text, bytes, or
 * whether it is a readable file), whatever the answer: a file refused (over the size cap, not
 * UTF-8) was still the build's input, and `--output` must not overwrite it. Names of files that
 * do not exist do no harm there (the clash check compares existing files).
 */
function recordingReads(files: SourceFiles, into: Set<string>): SourceFiles {
  const noted = <T>(file: string, got: T): T => {
    into.add(file);
    return got;
  };
  const { readBytes, isFile } = files;
  return {
    ...files,
    read: (file) => noted(file, files.read(file)),
    ...(readBytes && { readBytes: (file: string) => noted(file, readBytes.call(files, file)) }),
    ...(isFile && { isFile: (file: string) => noted(file, isFile.call(files, file)) }),
  };
}
