import * as fs from 'fs';
import * as path from 'path';
import { parseAllDocuments } from 'yaml';
import { analyzeText } from '../server/src/core/engine/analyze';
import { DEFAULT_OPTIONS } from '../server/src/core/engine/options';
import { fmt, median, table, timeMs } from './stats';

/**
 * (a) Full analysis of each real-world file (no cache: what opening the file costs)
 * against the bare `yaml` parse + toJS of the same text, measured in the same run.
 */
export function benchFileAnalysis(realworld: string, runs: number): string {
  const files = ['argo-cd/install.yaml', 'argo-cd/ha-install.yaml', 'argo-cd/namespace-install.yaml', 'kube-prometheus/all-manifests.yaml', 'ingress-nginx/deploy-cloud.yaml', 'ingress-nginx/deploy-aws-nlb-tls.yaml', 'istio/bookinfo.yaml'];
  const rows: string[][] = [];
  for (const f of files) {
    const text = fs.readFileSync(path.join(realworld, f), 'utf8');
    const bare: number[] = [];
    const ours: number[] = [];
    for (let i = 0; i < runs; i++) {
      bare.push(timeMs(() => parseAllDocuments(text).forEach((d) => d.toJS({ maxAliasCount: -1 }))));
      ours.push(timeMs(() => analyzeText(text, DEFAULT_OPTIONS)));
    }
    const b = median(bare);
    const o = median(ours);
    rows.push([f, `${(text.length / 1024 / 1024).toFixed(2)} MB`, fmt(b), fmt(o), `${(o / b).toFixed(2)}x`]);
  }
  return table(['file', 'size', 'bare parse+toJS ms', 'full analysis ms', 'ratio'], rows);
}
