import * as posix from 'node:path/posix';
import type { HelmChartConfig, ResolvedConfig } from '../../config/types';
import type { SourceFiles } from '../types';
import { renderChart, type RenderOptions, type RenderResult } from './helm/render';

export function isChartFile(file: string): boolean {
  return posix.basename(file) === 'Chart.yaml';
}

/** One chart rendered for analysis: a chart no other chart of the workspace vendors. */
export interface ChartRoot {
  dir: string;
  /** Its `Chart.yaml`: where problems of the render as a whole are reported. */
  file: string;
  result: RenderResult;
}

export interface WorkspaceCharts {
  roots: ChartRoot[];
  /** Every file a render read (templates, helpers, values, Chart.yaml): analysed through the render only. */
  parts: Set<string>;
}

/**
 * Renders every chart of the workspace, like `helm template` with the options `optionsFor`
 * gives each chart (values files and `--set` from the config). A chart under another chart's
 * `charts/` folder is a subchart: it renders as part of its parent, never alone. A render
 * that fails gives a problem and no documents; the chart's files stay parts, so they are
 * reported as not analysed, never as clean standalone YAML.
 */
export function renderWorkspaceCharts(
  chartFiles: readonly string[],
  files: SourceFiles,
  optionsFor: (dir: string) => RenderOptions,
): WorkspaceCharts {
  const dirs = [...new Set(chartFiles.map((f) => posix.dirname(f)))].sort();
  const isSubchart = (d: string) => dirs.some((p) => p !== d && d.startsWith(`${p}/charts/`));
  const roots: ChartRoot[] = [];
  const parts = new Set<string>();
  for (const dir of dirs.filter((d) => !isSubchart(d))) {
    const result = renderChart(files, dir, optionsFor(dir));
    roots.push({ dir, file: posix.join(dir, 'Chart.yaml'), result });
    for (const f of result.filesRead) parts.add(f);
    parts.add(posix.join(dir, 'Chart.yaml'));
  }
  return { roots, parts };
}

/** Whether `file` lies in a chart folder's `templates/` (a template even when the render failed before reading it). */
export function isChartTemplate(file: string, chartDirs: readonly string[]): boolean {
  return chartDirs.some((d) => file.startsWith(`${d}/templates/`) || file.startsWith(`${d}/charts/`) || file === `${d}/values.yaml`);
}

/**
 * The render options the config file gives a chart: its `helm.charts` entry for the chart's
 * folder (relative to the config's folder `configDir`), values files resolved against that
 * folder. `chartRel` is the chart folder relative to `configDir` (undefined: outside it).
 */
export function chartRenderOptions(config: ResolvedConfig | undefined, configDir: string, chartRel: string | undefined): RenderOptions {
  const entry: HelmChartConfig | undefined = chartRel === undefined ? undefined : config?.helmCharts?.[chartRel === '' ? '.' : chartRel];
  if (!entry) return {};
  return {
    valuesFiles: entry.valuesFiles?.map((v) => posix.join(configDir, v)),
    set: entry.set ? [...entry.set] : undefined,
    releaseName: entry.releaseName,
    namespace: entry.namespace,
    kubeVersion: entry.kubeVersion,
    apiVersions: entry.apiVersions ? [...entry.apiVersions] : undefined,
  };
}
