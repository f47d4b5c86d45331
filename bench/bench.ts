import * as os from 'os';
import * as path from 'path';
import { benchEditLatency } from './editLatency';
import { benchFileAnalysis } from './fileAnalysis';
import { benchKustomizeRebuild } from './kustomizeRebuild';
import { benchHelmReRender, benchHelmVsBinary } from './helmRender';
import { benchHelmEditLatency } from './helmEditLatency';
import { benchWorkspaceIndexing } from './workspaceIndexing';
import { benchSecurityMap } from './securityMap';
import { benchCliScan } from './cliScan';

/**
 * `npm run bench`: speed and memory of kube-guardrails on the shared real-world corpus and
 * a generated 10,000-file workspace. Each figure is the median of several runs. Not part of
 * `npm test`: numbers are reported, not asserted.
 */
async function main(): Promise<void> {
  const root = path.resolve(__dirname, '..', '..');
  const realworld = path.resolve(root, '..', 'shared', 'corpus', 'realworld');
  const runs = Number(process.env.BENCH_RUNS ?? 5);
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  console.log(
    `kube-guardrails benchmark: node ${process.version}, ${os.cpus().length} x ${cpu}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, ${os.platform()} ${os.release()}`,
  );
  const serverRuns = Math.min(runs, 3); // a fresh server each: the slow part of the benchmark
  console.log(
    `each figure is the median of ${runs} runs for (a), (e) and (g), ${serverRuns} for (b) to (d), (h) and (j) (BENCH_RUNS to change)\n`,
  );
  const helmCorpus = path.resolve(root, '..', 'shared', 'corpus', 'helm');
  // `--helm` runs only (e), (f) and (h), the Helm figures.
  if (!process.argv.includes('--helm')) await benchAnalysis(root, realworld, runs, serverRuns);
  console.log('(e) Helm: `helm template` (v4.1.4, as a process) vs the in-process renderer, per corpus chart\n');
  console.log(benchHelmVsBinary(helmCorpus, root, runs) + '\n');
  console.log('(f) Helm: re-rendering kube-prometheus-stack after a one-line template edit (RenderCache kept)\n');
  console.log(benchHelmReRender(helmCorpus, 40) + '\n');
  console.log('(h) Helm: edit-to-diagnostics latency through the language server, kube-prometheus-stack (one-line edits)\n');
  console.log((await benchHelmEditLatency(helmCorpus, 30, serverRuns)) + '\n');
}

async function benchAnalysis(root: string, realworld: string, runs: number, serverRuns: number): Promise<void> {
  const argocd = path.resolve(root, '..', 'shared', 'corpus', 'kustomize', 'argo-cd');
  console.log('(a) full analysis per file vs bare yaml parse + toJS\n');
  console.log(benchFileAnalysis(realworld, runs) + '\n');
  console.log('(b) edit-to-diagnostics latency through the language server (single-character edits mid-file)\n');
  console.log((await benchEditLatency(realworld, 50, serverRuns)) + '\n');
  console.log('(c, d) workspace indexing by the server process, and its peak RSS\n');
  console.log((await benchWorkspaceIndexing(realworld, path.join(root, 'dist', 'server.js'), serverRuns)) + '\n');
  console.log(
    '(g) Kustomize rebuild after one edit: argo-cd ha/namespace-install (one line of a base Deployment, alternately changed and restored)\n',
  );
  console.log(benchKustomizeRebuild(argocd, 40, runs) + '\n');
  console.log('(i) Security map: build from the index, network layout, SVG\n');
  console.log(benchSecurityMap(realworld, runs) + '\n');
  console.log(
    '(j) CLI scan of the generated 10,000-file repository: one job, two jobs (wall, CPU, cores), a bare parse of the same files, and both scans without the optimising compiler\n',
  );
  console.log(benchCliScan(path.join(root, 'dist', 'cli.js'), serverRuns) + '\n');
}

main().catch((e) => {
  console.error(e);
  process.exit(1); // an in-process server or a child may still hold the event loop
});
