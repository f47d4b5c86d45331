import * as fs from 'fs';
import * as path from 'path';
import { parseAllDocuments } from 'yaml';
import { analyzeText } from '../server/src/core/engine/analyze';
import { DEFAULT_OPTIONS } from '../server/src/core/engine/options';
import { fmt, median, table, timeMs } from './stats';

/**
 * (a) Full analysis of each real-world file (no cache: what opening the file costs)
 * against the bare `yaml` parse + toJS of the same text, measured in the same run. The 95
 * files of kube-prometheus/manifests/ are one row: the sums of their per-file medians.
 */
export function benchFileAnalysis(realworld: string, runs: number): string {
  const files = [
    'argo-cd/install.yaml',
    'argo-cd/ha-install.yaml',
    'argo-cd/namespace-install.yaml',
    'kube-prometheus/all-manifests.yaml',
    'ingress-nginx/deploy-cloud.yaml',
    'ingress-nginx/deploy-aws-nlb-tls.yaml',
    'istio/bookinfo.yaml',
  ];
  const rows: string[][] = [];
  const row = (label: string, size: number, b: number, o: number) =>
    rows.push([label, `${(size / 1024 / 1024).toFixed(2)} MB`, fmt(b), fmt(o), `${(o / b).toFixed(2)}x`]);
  for (const f of files) {
    const text = fs.readFileSync(path.join(realworld, f), 'utf8');
    const m = measure(text, runs);
    row(f, text.length, m.bare, m.ours);
  }
  const dir = path.join(realworld, 'kube-prometheus', 'manifests');
  const manifests = (fs.readdirSync(dir, { recursive: true }) as string[]).filter((n) => /\.ya?ml$/.test(n)).sort(); // setup/ holds the CRDs
  let size = 0;
  let bare = 0;
  let ours = 0;
  for (const n of manifests) {
    const text = fs.readFileSync(path.join(dir, n), 'utf8');
    const m = measure(text, runs);
    size += text.length;
    bare += m.bare;
    ours += m.ours;
  }
  row(`kube-prometheus/manifests/ (${manifests.length} files)`, size, bare, ours);
  return table(['file', 'size', 'bare parse+toJS ms', 'full analysis ms', 'ratio'], rows);
}

/** Medians of `runs` bare parses and full analyses of one text. */
function measure(text: string, runs: number): { bare: number; ours: number } {
  const bare: number[] = [];
  const ours: number[] = [];
  for (let i = 0; i < runs; i++) {
    bare.push(timeMs(() => parseAllDocuments(text).forEach((d) => d.toJS({ maxAliasCount: -1 }))));
    ours.push(timeMs(() => analyzeText(text, DEFAULT_OPTIONS)));
  }
  return { bare: median(bare), ours: median(ours) };
}
