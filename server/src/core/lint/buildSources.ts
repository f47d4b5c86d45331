import type { RenderOptions } from '../sources/helm/helm/render';
import { renderChart } from '../sources/helm/helm/render';
import { renderWorkspaceCharts } from '../sources/helm/workspaceCharts';
import { buildKustomization } from '../sources/kustomize/build';
import type { ParseCache } from '../sources/kustomize/load';
import { buildWorkspaceKustomizations } from '../sources/kustomize/roots';
import type { BuildResult, SourceFiles } from '../sources/types';
import { prepareBuild, type Build } from './lintBuilds';

/** What the workspace's sources build: the roots ready to lint, and the files that are parts of them. */
export interface WorkspaceSources {
  builds: Build[];
  /** Every file a root read: analysed through the builds, never alone. */
  parts: Set<string>;
  /** Folders of the charts rendered (their templates are parts even when a failed render never read them). */
  chartDirs: string[];
  /** How each build is made again with other texts of its files (a fix is verified that way). */
  remake: Map<Build, (files: SourceFiles) => BuildResult>;
}

/**
 * Builds every Kustomize root and renders every chart (not a subchart) found among the given
 * kustomization and Chart.yaml files, through `files`: the one place the CLI and the editor
 * turn a workspace's sources into builds. `label` names a build for people (its folder).
 */
export function buildWorkspaceSources(input: {
  kustomizations: readonly string[];
  charts: readonly string[];
  files: SourceFiles;
  cache?: ParseCache | undefined;
  chartOptions?: ((chartDir: string) => RenderOptions) | undefined;
  label?: ((dir: string) => string) | undefined;
}): WorkspaceSources {
  const { files, cache } = input;
  const label = input.label ?? ((dir: string) => dir);
  const chartOptions = input.chartOptions ?? (() => ({}));
  const out: WorkspaceSources = { builds: [], parts: new Set(), chartDirs: [], remake: new Map() };
  const add = (dir: string, file: string, result: BuildResult, remake: (f: SourceFiles) => BuildResult) => {
    const build = prepareBuild(label(dir), file, result);
    out.builds.push(build);
    out.remake.set(build, remake);
  };
  if (input.kustomizations.length) {
    const ws = buildWorkspaceKustomizations(input.kustomizations, files, cache);
    for (const r of ws.roots) add(r.dir, r.file, r.result, (f) => buildKustomization(r.dir, f, cache));
    for (const f of ws.parts) out.parts.add(f);
  }
  if (input.charts.length) {
    const ws = renderWorkspaceCharts(input.charts, files, chartOptions);
    for (const r of ws.roots) add(r.dir, r.file, r.result, (f) => renderChart(f, r.dir, chartOptions(r.dir)));
    for (const f of ws.parts) out.parts.add(f);
    out.chartDirs = ws.roots.map((r) => r.dir);
  }
  return out;
}
