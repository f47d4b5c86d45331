import * as fs from 'fs';
import * as path from 'path';
import { parseAllDocuments } from 'yaml';
import { timeChild } from './childCpu';
import { generateWorkspace } from './generatedRepo';
import { fmt, median, table } from './stats';

/** A CLI scan measured `runs` times: wall-clock and (Linux) CPU times of each run, ms. */
interface Samples {
  wall: number[];
  cpu: number[] | undefined;
}

/**
 * (j) `kube-guardrails scan` of the generated 10,000-file repository as CI runs it (a process,
 * JSON to a pipe), with `--jobs 1` and `--jobs 2`, against a bare read + `yaml` parse + toJS of
 * the same files in this process and the CLI's own start-up (`--version`). Wall-clock medians,
 * and on Linux each run's CPU time (user + system, every thread of the process) and the cores it
 * kept busy (CPU / wall): a one-job scan already uses more than one core (V8 compiles hot
 * functions on background threads), which is what two jobs on two cores have to share.
 * The diagnostic pair runs the same two scans under `node --no-opt` (no optimising compiler, so
 * no background compilation, and each worker does not compile the hot code again): how the
 * threads themselves scale. Runs of a pair alternate (one job, two jobs, one job, ...), so a
 * load that comes and goes on the machine weighs on both alike.
 */
export function benchCliScan(cliJs: string, runs: number): string {
  const dir = generateWorkspace(10_000);
  try {
    const files = (fs.readdirSync(dir, { recursive: true }) as string[]).filter((n) => n.endsWith('.yaml')).map((n) => path.join(dir, n));
    const bareCpu: number[] = [];
    const bare: number[] = [];
    for (let i = 0; i < runs; i++) {
      const cpu = process.cpuUsage();
      const t = process.hrtime.bigint();
      for (const f of files) parseAllDocuments(fs.readFileSync(f, 'utf8')).forEach((d) => d.toJS());
      bare.push(Number(process.hrtime.bigint() - t) / 1e6);
      const used = process.cpuUsage(cpu);
      bareCpu.push((used.user + used.system) / 1000);
    }
    const scan = (jobs: number) => ['scan', '--format', 'json', '--jobs', String(jobs), dir];
    const [start] = measure(cliJs, runs, [[], ['--version']]);
    const [one, two] = measure(cliJs, runs, [[], scan(1)], [[], scan(2)]);
    const [noOptOne, noOptTwo] = measure(cliJs, runs, [['--no-opt'], scan(1)], [['--no-opt'], scan(2)]);
    const withCpu = one!.cpu !== undefined;
    const perFile = (ms: number) => `${((ms * 1000) / files.length).toFixed(0)} µs`;
    const cpuCells = (s: Samples): string[] => {
      if (!s.cpu) return [];
      const cores = s.wall.map((w, i) => s.cpu![i]! / w);
      return [fmt(median(s.cpu)), median(cores).toFixed(2)];
    };
    const row = (label: string, s: Samples, base: number | undefined, vs: number | undefined): string[] => {
      const wall = median(s.wall);
      // A ratio under 1 (two jobs slower than one: a loaded machine) is printed bare, never as "0.8x faster".
      const ratio = vs === undefined ? undefined : vs / wall;
      const faster = ratio === undefined ? '' : vs === wall ? '1.00x' : `${ratio.toFixed(2)}x${ratio > 1 ? ' faster' : ''}`;
      return [
        label,
        fmt(wall),
        ...cpuCells(s),
        base === undefined ? '' : perFile(wall),
        base === undefined ? '' : `${(wall / base).toFixed(2)}x`,
        faster,
      ];
    };
    const bareMs = median(bare);
    const oneMs = median(one!.wall);
    const noOptOneMs = median(noOptOne!.wall);
    return table(
      ['10,000 generated files', 'wall ms', ...(withCpu ? ['CPU ms', 'cores'] : []), 'per file', 'vs bare parse', 'vs --jobs 1'],
      [
        row('bare read + yaml parse + toJS (in-process)', { wall: bare, cpu: withCpu ? bareCpu : undefined }, bareMs, undefined),
        row('process start (--version)', start!, undefined, undefined),
        row('scan --jobs 1', one!, bareMs, oneMs),
        row('scan --jobs 2', two!, bareMs, oneMs),
        row('diagnostic: node --no-opt, scan --jobs 1', noOptOne!, bareMs, noOptOneMs),
        row('diagnostic: node --no-opt, scan --jobs 2', noOptTwo!, bareMs, noOptOneMs),
      ],
    );
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Runs each of `variants` (node options, CLI arguments) `runs` times, alternating between them
 * run by run; each variant's wall-clock and CPU samples.
 */
function measure(cliJs: string, runs: number, ...variants: Array<[string[], string[]]>): Samples[] {
  const samples = variants.map((): { wall: number[]; cpu: number[] | undefined } => ({ wall: [], cpu: [] }));
  for (let i = 0; i < runs; i++)
    variants.forEach(([nodeOptions, args], v) => {
      const run = timeChild(process.execPath, [...nodeOptions, cliJs, ...args]);
      const status = run.result.status;
      if (status !== 0 && status !== 1) throw new Error(`kube-guardrails ${args.join(' ')} exited ${status}`);
      const s = samples[v]!;
      s.wall.push(run.wallMs);
      if (run.cpuMs === undefined) s.cpu = undefined;
      else s.cpu?.push(run.cpuMs);
    });
  return samples;
}
